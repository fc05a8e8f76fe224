import { z } from 'zod';
import { RUNTIME_IMAGE } from '../contract';
import { distroSchema } from './distro-schemas';
import { controlPlaneSectionsSchema } from './surface/control-plane';
import * as v from './validators';

/**
 * The configuration surface: `controlPlane.distro.k8s`, `controlPlane.backingStore` and `controlPlane.statefulSet`
 * of vcluster.yaml, with vCluster's key names, types and defaults. This schema is the one home of the surface:
 * the TypeScript types are inferred from it, and `resolve` parses with it.
 */

/**
 * The default tag of the k8s distro's component images, the chart v0.21.6's. The rendered tag is the host's
 * Kubernetes version while a component keeps this tag and no `version` is set (the chart's rule, `src/model/distro.ts`).
 */
export const DEFAULT_K8S_VERSION = 'v1.31.1';

const distroComponent = (repository: string) => ({
  image: v.image({ registry: 'registry.k8s.io', repository, tag: DEFAULT_K8S_VERSION }),
  imagePullPolicy: v.imagePullPolicy.default(''),
  command: v.stringList,
  extraArgs: v.stringList,
});

export const k8sDistroSchema = z.object({
  enabled: z.boolean().default(false),
  version: z.string().refine((s) => s === '' || v.isKubernetesVersion(s), {
    message: `must be ${v.KUBERNETES_VERSION_FORMAT}, or empty`,
  }).default(''),
  apiServer: z.object({ enabled: z.boolean().default(true), ...distroComponent('kube-apiserver') }).strict().default({}),
  controllerManager: z.object({ enabled: z.boolean().default(true), ...distroComponent('kube-controller-manager') }).strict().default({}),
  scheduler: z.object(distroComponent('kube-scheduler')).strict().default({}),
  env: v.objectList,
  resources: v.resources({ limits: { cpu: '100m', memory: '256Mi' }, requests: { cpu: '40m', memory: '64Mi' } }),
  securityContext: v.object,
}).strict().default({});

/** A claim per replica, but its `enabled`: true or false for deployed etcd, "auto" too for the control plane. */
const volumeClaimFields = {
  accessModes: v.accessModes,
  retentionPolicy: v.retentionPolicy,
  size: v.quantity.default('5Gi'),
  storageClass: z.string().default(''),
};

const scheduling = {
  podManagementPolicy: v.podManagementPolicy,
  nodeSelector: z.record(z.string()).default({}),
  affinity: v.object,
  tolerations: v.objectList,
  topologySpreadConstraints: v.objectList,
  priorityClassName: z.string().default(''),
};

const security = (containerDefault: Record<string, unknown>) => z.object({
  podSecurityContext: v.object,
  containerSecurityContext: z.record(z.unknown()).default(containerDefault),
}).strict().default({});

const metadata = { annotations: v.annotations, labels: v.labels };

export const etcdDeploySchema = z.object({
  enabled: z.boolean().default(false),
  statefulSet: z.object({
    enabled: z.boolean().default(true),
    enableServiceLinks: z.boolean().default(true),
    ...metadata,
    image: v.image({ registry: 'registry.k8s.io', repository: 'etcd', tag: '3.5.15-0' }),
    imagePullPolicy: v.imagePullPolicy.default(''),
    extraArgs: v.stringList,
    env: v.objectList,
    resources: v.resources({ requests: { cpu: '20m', memory: '150Mi' } }),
    pods: z.object(metadata).strict().default({}),
    highAvailability: z.object({ replicas: v.positiveInt.default(1) }).strict().default({}),
    scheduling: z.object(scheduling).strict().default({}),
    security: security({}),
    persistence: z.object({
      volumeClaim: z.object({ enabled: z.boolean().default(true), ...volumeClaimFields }).strict().default({}),
      volumeClaimTemplates: v.objectList,
      addVolumes: v.objectList,
      addVolumeMounts: z.array(v.volumeMount).default([]),
    }).strict().default({}),
  }).strict().default({}),
  service: z.object({ enabled: z.boolean().default(true), annotations: v.annotations }).strict().default({}),
  // No `enabled` here: the chart v0.21.6 always renders Service NAME-etcd-headless with the deployed etcd
  // (chart/templates/etcd-headless-service.yaml), and its syncer refuses the key (EtcdDeployHeadlessService, config/config.go).
  headlessService: z.object({ annotations: v.annotations }).strict().default({}),
}).strict().default({});

/** A reference to one key of a Secret in the release namespace: how credentials reach the store, never inline. */
const secretKeyRef = z.object({
  name: z.string().min(1, 'needs the Secret name'),
  key: z.string().min(1, 'needs the key inside the Secret'),
}).strict();

const databaseFields = {
  enabled: z.boolean().default(false),
  dataSource: z.string().default(''),
  /** Our addition: the data source read from a Secret key, so credentials never appear in manifests. */
  dataSourceSecret: secretKeyRef.optional(),
  keyFile: z.string().default(''),
  certFile: z.string().default(''),
  caFile: z.string().default(''),
};

export const backingStoreSchema = z.object({
  database: z.object({
    embedded: z.object(databaseFields).strict().default({}),
    external: z.object({ ...databaseFields, connector: z.string().default('') }).strict().default({}),
  }).strict().default({}),
  etcd: z.object({
    embedded: z.object({
      enabled: z.boolean().default(false),
      migrateFromDeployedEtcd: z.boolean().default(false),
    }).strict().default({}),
    deploy: etcdDeploySchema,
  }).strict().default({}),
}).strict().default({});

/**
 * Keys of later vCluster releases that the pinned syncer (v0.21.6) does not have. Its parser is strict (yaml.UnmarshalStrict
 * into config/config.go's types, pkg/config/parse.go), so it would refuse them; they are refused here with the fix
 * instead of as misspellings.
 */
export const LATER_RELEASE_KEYS: Readonly<Record<string, string>> = {
  // EtcdExternal appears in config/config.go from v0.25; v0.21.6's Etcd has only embedded and deploy. Stripping the
  // key would not do either: the syncer would then silently serve an empty embedded store instead of the user's etcd.
  'controlPlane.backingStore.etcd.external': 'vCluster v0.21.6, the syncer release this library runs, has no external etcd '
    + '(etcd.external exists from v0.25): use etcd.deploy (an etcd StatefulSet NAME-etcd) or etcd.embedded (etcd in the '
    + 'control plane pods), or render for a syncer release that has etcd.external',
};

const probe = z.object({ enabled: z.boolean().default(true) }).strict().default({});

export const statefulSetSchema = z.object({
  ...metadata,
  image: v.image({ registry: 'ghcr.io', repository: 'loft-sh/vcluster-pro', tag: '' }),
  imagePullPolicy: v.imagePullPolicy.default(''),
  workingDir: z.string().default(''),
  command: v.stringList,
  args: v.stringList,
  env: v.objectList,
  resources: v.resources({
    limits: { 'ephemeral-storage': '8Gi', 'memory': '2Gi' },
    requests: { 'ephemeral-storage': '400Mi', 'cpu': '200m', 'memory': '256Mi' },
  }),
  pods: z.object(metadata).strict().default({}),
  highAvailability: z.object({
    replicas: v.positiveInt.default(1),
    leaseDuration: v.positiveInt.default(60),
    renewDeadline: v.positiveInt.default(40),
    retryPeriod: v.positiveInt.default(15),
  }).strict().default({}),
  security: security({ allowPrivilegeEscalation: false, runAsUser: 0, runAsGroup: 0 }),
  persistence: z.object({
    volumeClaim: z.object({
      enabled: z.union([z.boolean(), z.literal('auto')], {
        errorMap: () => ({ message: 'must be true, false or "auto"' }),
      }).default('auto'),
      ...volumeClaimFields,
    }).strict().default({}),
    volumeClaimTemplates: v.objectList,
    dataVolume: v.objectList,
    binariesVolume: v.objectList.default([{ name: 'binaries', emptyDir: {} }]),
    addVolumes: v.objectList,
    addVolumeMounts: z.array(v.volumeMount).default([]),
  }).strict().default({}),
  enableServiceLinks: z.boolean().default(true),
  scheduling: z.object(scheduling).strict().default({}),
  probes: z.object({ livenessProbe: probe, readinessProbe: probe, startupProbe: probe }).strict().default({}),
  dnsPolicy: z.enum(['', 'ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'], {
    errorMap: () => ({ message: 'must be ClusterFirst, ClusterFirstWithHostNet, Default or None' }),
  }).default(''),
  dnsConfig: z.object({
    nameservers: z.array(z.string()),
    searches: z.array(z.string()),
    options: z.array(z.object({ name: z.string(), value: z.string() }).partial().strict()),
  }).partial().strict().default({}),
}).strict().default({});

/**
 * The `controlPlane` keys this library defaults, because the model renders from them. The other `controlPlane` keys
 * (proxy, coredns, service, ingress, advanced...) are in surface/control-plane.ts, checked for shape only.
 */
export const SURFACE = {
  distro: distroSchema(k8sDistroSchema),
  backingStore: backingStoreSchema,
  statefulSet: statefulSetSchema,
};

/** `controlPlane`: the defaulted keys above and the shape-checked rest; any other key is refused. */
export const controlPlaneSchema = z.object({ ...SURFACE, ...controlPlaneSectionsSchema.shape }).strict().default({});

/**
 * `runtime`: this library's own top-level key (not vCluster's; it never reaches the syncer): the image that runs
 * `vck storage` and `vck etcd`. `controlPlane.advanced.defaultImageRegistry` applies to it as to every image.
 */
export const runtimeSchema = z.object({
  image: v.image(RUNTIME_IMAGE),
  imagePullPolicy: v.imagePullPolicy.default(''),
}).strict().default({});

/** Top-level keys this library owns: parsed here, left out of the syncer's values. */
export const OWN_TOP_LEVEL_KEYS = ['runtime'] as const;
