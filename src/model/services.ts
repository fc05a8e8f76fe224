import type { ResolvedConfig } from '../config';
import { ETCD_PEER_PORT, STORE_CLIENT_PORT } from '../contract';
import { chartValues } from './config-secret';
import { names, objectMeta, selectorLabels } from './metadata';
import { controlPlaneKind } from './persistence';
import { truthy } from './template-truth';
import type { KubeObject, Release } from './types';

const tcp = (name: string, port: number, targetPort = port) => ({ name, port, targetPort, protocol: 'TCP' });
const etcdPorts = [tcp('etcd', STORE_CLIENT_PORT), tcp('peer', ETCD_PEER_PORT)];

/** The syncer's HTTPS port, where it serves the virtual API and proxies the kubelet API of the nodes it syncs. */
const SYNCER_PORT = 8443;
/** The port kubelets serve on: clients of a synced node's kubelet reach it at the node's name, i.e. this Service. */
const KUBELET_PORT = 10250;

/**
 * Whether the control plane runs in another cluster (`experimental.isolatedControlPlane.headless`): this namespace
 * then gets no control plane pods, so no Service selects them and no etcd is deployed here.
 */
export function isolatedHeadless(config: ResolvedConfig): boolean {
  return truthy(chartValues(config).experimental.isolatedControlPlane.headless);
}

/**
 * Service `NAME`, how clients reach the virtual cluster's API (chart/templates/service.yaml at v0.21.6): the user's
 * `spec` with the chart's ports (443, and the kubelet port while kubelets are proxied by host name, unless a load
 * balancer would expose it) and selector unless the spec has its own.
 */
export function service(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const values = chartValues(config);
  const svc = values.controlPlane.service;
  if (!truthy(svc.enabled)) return undefined;
  const headless = isolatedHeadless(config);
  const spec: Record<string, unknown> = svc.spec ?? {};
  // With the control plane elsewhere the user points the Service at it (an EndpointSlice), port for port.
  const port = (name: string, number: number, nodePort: unknown) => ({
    name, port: number, ...(headless ? {} : { targetPort: SYNCER_PORT }), nodePort, protocol: 'TCP',
  });
  const kubelet = truthy(values.networking.advanced.proxyKubelets.byHostname) && spec.type !== 'LoadBalancer';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(config, release, names(release).controlPlane, {
      labels: svc.labels,
      annotations: svc.annotations,
      globalAnnotationsWin: true,
    }),
    spec: {
      ...spec,
      ...(truthy(spec.ports) ? {} : {
        ports: [port('https', 443, svc.httpsNodePort), ...(kubelet ? [port('kubelet', KUBELET_PORT, svc.kubeletNodePort)] : [])],
      }),
      ...(truthy(spec.selector) || headless ? {} : { selector: selectorLabels(release) }),
    },
  };
}

/** Service `NAME-headless`: stable DNS for each StatefulSet replica (etcd peers find each other through it). */
export function headlessService(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (controlPlaneKind(config) !== 'StatefulSet' || isolatedHeadless(config)) return undefined;
  const headless = chartValues(config).controlPlane.advanced.headlessService;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(config, release, names(release).headlessService, { labels: headless.labels, annotations: headless.annotations }),
    spec: {
      publishNotReadyAddresses: true,
      ports: [tcp('https', 443, SYNCER_PORT), ...(config.store === 'etcd.embedded' ? etcdPorts : [])],
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
  // The chart deploys no etcd next to a control plane that runs elsewhere; our NAME-etcd goes with the pods it selects.
  const deployedHere = !isolatedHeadless(config);
  const make = (name: string, app: 'vcluster' | 'vcluster-etcd', annotations: Record<string, string>, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(config, release, name, { app: 'vcluster-etcd', annotations, globalAnnotationsWin: true }),
    spec: { ...spec, selector: selectorLabels(release, app) },
  });
  const headlessEtcd = () => make(n.etcdHeadless, 'vcluster-etcd', deploy.headlessService.annotations,
    { publishNotReadyAddresses: true, ports: etcdPorts, clusterIP: 'None' });
  if (config.store === 'etcd.deploy') {
    if (!deployedHere) return [];
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
    if (config.controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd && deployedHere) objects.push(headlessEtcd());
  }
  return objects;
}
