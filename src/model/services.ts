import type { ResolvedConfig } from '../config';
import { ETCD_PEER_PORT, STORE_CLIENT_PORT } from '../contract';
import { names, objectMeta, selectorLabels } from './metadata';
import { controlPlaneKind } from './persistence';
import type { KubeObject, Release } from './types';

interface ServiceValues {
  enabled?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  spec?: Record<string, unknown>;
  httpsNodePort?: number;
}

const tcp = (name: string, port: number, targetPort = port) => ({ name, port, targetPort, protocol: 'TCP' });
const etcdPorts = [tcp('etcd', STORE_CLIENT_PORT), tcp('peer', ETCD_PEER_PORT)];

/** Service `NAME` (443 -> 8443): how clients reach the virtual cluster's API. */
export function service(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const cp = config.values.controlPlane as { service?: ServiceValues } | undefined;
  const svc = cp?.service ?? {};
  if (svc.enabled === false) return undefined;
  const spec = svc.spec ?? { type: 'ClusterIP' };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(config, release, names(release).controlPlane, { labels: svc.labels, annotations: svc.annotations }),
    spec: {
      ...spec,
      ...(spec.ports ? {} : { ports: [{ ...tcp('https', 443, 8443), ...(svc.httpsNodePort ? { nodePort: svc.httpsNodePort } : {}) }] }),
      ...(spec.selector ? {} : { selector: selectorLabels(release) }),
    },
  };
}

/** Service `NAME-headless`: stable DNS for each StatefulSet replica (etcd peers find each other through it). */
export function headlessService(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (controlPlaneKind(config) !== 'StatefulSet') return undefined;
  const cp = config.values.controlPlane as { advanced?: { headlessService?: ServiceValues } } | undefined;
  const headless = cp?.advanced?.headlessService ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(config, release, names(release).headlessService, { labels: headless.labels, annotations: headless.annotations }),
    spec: {
      publishNotReadyAddresses: true,
      ports: [tcp('https', 443, 8443), ...(config.store === 'etcd.embedded' ? etcdPorts : [])],
      clusterIP: 'None',
      selector: selectorLabels(release),
    },
  };
}

/**
 * Services `NAME-etcd` and `NAME-etcd-headless`. For etcd.deploy they select the etcd pods, as the chart does
 * (chart/templates/etcd-service.yaml, etcd-headless-service.yaml at v0.21.6: the headless one always, `NAME-etcd` when
 * `service.enabled`); where our runtime serves the store inside the control plane pods, `NAME-etcd` selects those pods
 * instead, because it is the endpoint the syncer dials (docs/runtime-contract.md).
 */
export function etcdServices(config: ResolvedConfig, release: Release): KubeObject[] {
  const n = names(release);
  const deploy = config.controlPlane.backingStore.etcd.deploy;
  const objects: KubeObject[] = [];
  const make = (name: string, app: 'vcluster' | 'vcluster-etcd', annotations: Record<string, string>, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(config, release, name, { app: 'vcluster-etcd', annotations }),
    spec: { ...spec, selector: selectorLabels(release, app) },
  });
  const headlessEtcd = () => make(n.etcdHeadless, 'vcluster-etcd', deploy.headlessService.annotations,
    { publishNotReadyAddresses: true, ports: etcdPorts, clusterIP: 'None' });
  if (config.store === 'etcd.deploy') {
    // As the chart: the etcd pods get Ready on their own (their peers meet through the headless Service, which
    // publishes not-ready pods), so the client Service may route to Ready pods only.
    if (deploy.service.enabled) objects.push(make(n.etcd, 'vcluster-etcd', deploy.service.annotations, { type: 'ClusterIP', ports: etcdPorts }));
    objects.push(headlessEtcd());
  } else {
    objects.push(make(n.etcd, 'vcluster', {}, {
      type: 'ClusterIP',
      ports: [tcp('etcd', STORE_CLIENT_PORT)],
      // A Service routes to Ready pods only, and a control plane pod is Ready only once its apiserver has reached the
      // store through this very Service: without this, no pod ever gets Ready.
      publishNotReadyAddresses: true,
    }));
    // During a migration from the deployed etcd, its pods stay reachable as the migration source.
    if (config.controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd) objects.push(headlessEtcd());
  }
  return objects;
}
