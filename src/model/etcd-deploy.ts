import type { ResolvedConfig } from '../config';
import { DATA_DIR, PKI } from '../contract';
import { nonEmpty, optional } from './fields';
import { imageName } from './images';
import { names, objectMeta, selectorLabels, serviceAccountName } from './metadata';
import { volumeClaimTemplates } from './persistence';
import { isolatedHeadless } from './services';
import { etcdManagerContainer } from './store-container';
import type { KubeObject, Release } from './types';

/**
 * StatefulSet `NAME-etcd` for etcd.deploy (and as the source of a migration into embedded etcd). Each pod runs the
 * etcd manager instead of a bare etcd with a static `--initial-cluster`, so the deployed etcd can be rescaled.
 * The etcd binary comes from `statefulSet.image` (copied into the pod by an init container).
 */
export function etcdStatefulSet(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const deploy = config.controlPlane.backingStore.etcd.deploy;
  const migrating = config.controlPlane.backingStore.etcd.embedded.migrateFromDeployedEtcd;
  if (!(config.store === 'etcd.deploy' || migrating) || !deploy.statefulSet.enabled || isolatedHeadless(config)) return undefined;
  const sts = deploy.statefulSet;
  const n = names(release);
  const p = sts.persistence;
  const defaultAffinity = {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: antiAffinityTerm(release, 'kubernetes.io/hostname') },
        { weight: 50, podAffinityTerm: antiAffinityTerm(release, 'topology.kubernetes.io/zone') },
      ],
    },
  };
  const container = {
    ...etcdManagerContainer(config, release, {
      statefulSet: n.etcd,
      headlessService: n.etcdHeadless,
      etcdArgs: sts.extraArgs,
      etcdBinary: ETCD_BINARY,
      // The chart's etcd keeps its data at the root of this same volume claim (`--data-dir=/var/lib/etcd`, its mount
      // point): a volume it left is adopted instead of starting an empty cluster next to it.
      adoptDataFrom: DATA_DIR,
      extraEnv: sts.env,
      extraVolumeMounts: [
        { name: 'etcd-binaries', mountPath: '/etcd-bin' },
        { name: 'certs', mountPath: PKI_ETCD_DIR, readOnly: true },
        ...p.addVolumeMounts,
      ],
    }),
    resources: sts.resources,
    ...optional('imagePullPolicy', sts.imagePullPolicy || undefined),
    ...nonEmpty('securityContext', sts.security.containerSecurityContext),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(config, release, n.etcd, { app: 'vcluster-etcd', labels: sts.labels, annotations: sts.annotations, globalAnnotationsWin: true }),
    spec: {
      replicas: sts.highAvailability.replicas,
      podManagementPolicy: sts.scheduling.podManagementPolicy,
      serviceName: n.etcdHeadless,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: p.volumeClaim.retentionPolicy },
      selector: { matchLabels: selectorLabels(release, 'vcluster-etcd') },
      // As in the chart, any value but false ("auto" included) enables the members' claims.
      ...volumeClaimTemplates(p, p.volumeClaim.enabled !== false),
      template: {
        metadata: {
          ...nonEmpty('annotations', sts.pods.annotations),
          labels: { ...selectorLabels(release, 'vcluster-etcd'), ...sts.pods.labels },
        },
        spec: {
          terminationGracePeriodSeconds: 10,
          affinity: Object.keys(sts.scheduling.affinity).length > 0 ? sts.scheduling.affinity : defaultAffinity,
          ...nonEmpty('topologySpreadConstraints', sts.scheduling.topologySpreadConstraints),
          nodeSelector: sts.scheduling.nodeSelector,
          tolerations: sts.scheduling.tolerations,
          // The manager reads its StatefulSet's replica count from the API, so it keeps a token (the chart's etcd does not).
          automountServiceAccountToken: true,
          serviceAccountName: serviceAccountName(config, release),
          volumes: [
            { name: 'certs', secret: { secretName: n.certsSecret, items: certItems } },
            { name: 'etcd-binaries', emptyDir: {} },
            ...p.addVolumes,
            ...(p.volumeClaim.enabled !== false || p.volumeClaimTemplates.length > 0 ? [] : [{ name: 'data', emptyDir: {} }]),
          ],
          ...optional('priorityClassName', sts.scheduling.priorityClassName || undefined),
          ...nonEmpty('securityContext', sts.security.podSecurityContext),
          enableServiceLinks: sts.enableServiceLinks,
          initContainers: [{
            name: 'etcd-binaries',
            image: imageName(config, sts.image),
            // No shell: the etcd image's `cp` (where it has one) takes exactly a source and a destination file. Only etcd is
            // copied, since the manager in these pods runs nothing else from the image (its etcdctl is the runtime's).
            command: ['cp', '/usr/local/bin/etcd', ETCD_BINARY],
            volumeMounts: [{ name: 'etcd-binaries', mountPath: '/etcd-bin' }],
            ...optional('imagePullPolicy', sts.imagePullPolicy || undefined),
          }],
          containers: [container],
        },
      },
    },
  };
}

/** Where the init container puts the etcd binary of `statefulSet.image` for the manager to run. */
const ETCD_BINARY = '/etcd-bin/etcd';

/** The directory of the etcd certificates in the kubeadm layout the runtime reads. */
const PKI_ETCD_DIR = PKI.etcdCa.slice(0, PKI.etcdCa.lastIndexOf('/'));

/** The syncer stores the etcd certificates in Secret `NAME-certs`, flattened (`etcd-ca.crt`...); mount them in the kubeadm layout. */
const certItems = [
  { key: 'etcd-ca.crt', path: 'ca.crt' },
  { key: 'etcd-ca.key', path: 'ca.key' },
  { key: 'etcd-server.crt', path: 'server.crt' },
  { key: 'etcd-server.key', path: 'server.key' },
  { key: 'etcd-peer.crt', path: 'peer.crt' },
  { key: 'etcd-peer.key', path: 'peer.key' },
];

function antiAffinityTerm(release: Release, topologyKey: string) {
  return {
    labelSelector: {
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['vcluster-etcd'] },
        { key: 'release', operator: 'In', values: [release.name] },
      ],
    },
    topologyKey,
  };
}
