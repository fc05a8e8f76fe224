import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { nonEmpty } from './fields';
import { imageName } from './images';
import { globalAnnotations, optionalAnnotations } from './metadata';
import type { KubeObject, Release } from './types';
import { toYaml } from './yaml';

/**
 * `controlPlane.coredns` (checked for shape by src/config/surface): the syncer reads it from the config Secret, and
 * the chart renders ConfigMap `vc-coredns-NAME` from it, with the manifests the syncer applies inside the virtual
 * cluster. Its defaults, and those of the few other keys read here, are the chart's (src/config/chart-defaults.ts).
 */
type Json = Record<string, any>;

/** What the CoreDNS manifests depend on: the merged `coredns` values and the few other keys the chart reads. */
interface CoreDnsInputs {
  readonly coredns: Json;
  readonly resolveDns: boolean;
  readonly byHostname: boolean;
  readonly fallbackHostCluster: boolean;
  readonly networkPolicy: { readonly enabled: boolean; readonly fallbackDns: string };
  readonly podSecurityStandard: boolean;
  /** The CoreDNS deployment's image, when set: `deployment.image` with the default registry. */
  readonly image?: string;
}

/** What the chart renders of CoreDNS for a config. */
interface CoreDnsRendering {
  /** Whether the control plane pod mounts ConfigMap `vc-coredns-NAME` (`coredns.enabled`). */
  readonly mounted: boolean;
  /** The ConfigMap's data, when the chart renders it (enabled, and the control plane not headless). */
  readonly data?: Readonly<Record<string, string>>;
}

/** CoreDNS depends on the values only, not on the release: rendered once per (immutable) config. */
const renderings = new WeakMap<ResolvedConfig, CoreDnsRendering>();

/** The CoreDNS of a config, as the chart renders it. */
export function coreDns(config: ResolvedConfig): CoreDnsRendering {
  let rendering = renderings.get(config);
  if (!rendering) {
    const values = chartValues(config);
    const inputs: CoreDnsInputs = {
      coredns: values.controlPlane.coredns,
      resolveDns: (values.networking.resolveDNS ?? []).length > 0,
      byHostname: values.networking.advanced.proxyKubelets.byHostname,
      fallbackHostCluster: values.networking.advanced.fallbackHostCluster,
      networkPolicy: { enabled: values.policies.networkPolicy.enabled, fallbackDns: values.policies.networkPolicy.fallbackDns },
      podSecurityStandard: Boolean(values.policies.podSecurityStandard),
      image: values.controlPlane.coredns.deployment.image ? imageName(config, values.controlPlane.coredns.deployment.image) : undefined,
    };
    const mounted = Boolean(inputs.coredns.enabled);
    rendering = { mounted, data: mounted && !values.experimental?.isolatedControlPlane?.headless ? manifestsData(inputs) : undefined };
    renderings.set(config, rendering);
  }
  return rendering;
}

/**
 * ConfigMap `vc-coredns-NAME`, as the chart renders it: the CoreDNS manifests (`coredns.yaml`) the syncer applies in
 * the virtual cluster, after substituting `{{.IMAGE}}`, `{{.RUN_AS_USER}}`, `{{.RUN_AS_GROUP}}` and
 * `{{.HOST_CLUSTER_DNS}}`; with embedded CoreDNS (a Pro feature of the syncer), its `Corefile` too.
 */
export function coreDnsConfigMap(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const data = coreDns(config).data;
  if (!data) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    // The chart gives this ConfigMap no labels, only the global annotations.
    metadata: { name: `vc-coredns-${release.name}`, namespace: release.namespace, ...optionalAnnotations(globalAnnotations(config)) },
    data: { ...data },
  };
}

function manifestsData(inputs: CoreDnsInputs): Record<string, string> {
  const c = inputs.coredns;
  if (c.overwriteManifests) return { 'coredns.yaml': c.overwriteManifests };
  if (c.embedded) return { 'Corefile': corefile(inputs), 'coredns.yaml': documents([nodeHostsConfigMap(), kubeDnsService(c, false)]) };
  return { 'coredns.yaml': documents(deploymentManifests(inputs)) };
}

/** The CoreDNS configuration: the chart's Corefile, with the lines each option adds. */
function corefile(inputs: CoreDnsInputs): string {
  const c = inputs.coredns;
  if (c.overwriteConfig) return c.overwriteConfig;
  const lines = [
    '.:1053 {',
    '    errors',
    '    health',
    '    ready',
    ...(c.embedded && inputs.resolveDns ? ['    vcluster'] : []),
    ...(inputs.byHostname ? ['    rewrite name regex .*\\.nodes\\.vcluster\\.com kubernetes.default.svc.cluster.local'] : []),
    '    kubernetes cluster.local in-addr.arpa ip6.arpa {',
    ...(c.embedded ? ['        kubeconfig /data/vcluster/admin.conf'] : []),
    '        pods insecure',
    `        fallthrough ${inputs.fallbackHostCluster ? 'cluster.local ' : ''}in-addr.arpa ip6.arpa`,
    '    }',
    '    hosts /etc/NodeHosts {',
    '        ttl 60',
    '        reload 15s',
    '        fallthrough',
    '    }',
    '    prometheus :9153',
    ...forward(inputs),
    '    cache 30',
    '    loop',
    '    loadbalance',
    '}',
    '',
    'import /etc/coredns/custom/*.server',
  ];
  return lines.join('\n');
}

function forward(inputs: CoreDnsInputs): string[] {
  if (inputs.fallbackHostCluster) return ['    forward . {{.HOST_CLUSTER_DNS}}'];
  if (inputs.networkPolicy.enabled) return [`    forward . /etc/resolv.conf ${inputs.networkPolicy.fallbackDns} {`, '        policy sequential', '    }'];
  return ['    forward . /etc/resolv.conf'];
}

const KUBE_SYSTEM = 'kube-system';
const DNS_LABELS = { 'k8s-app': 'kube-dns' };

function nodeHostsConfigMap(corefileText?: string): Json {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: KUBE_SYSTEM },
    data: { ...(corefileText !== undefined ? { Corefile: corefileText } : {}), NodeHosts: '' },
  };
}

/** Service `kube-dns`: the user's spec, with the chart's selector (not for embedded CoreDNS) and ports when it has none. */
function kubeDnsService(c: Json, withSelector: boolean): Json {
  const spec: Json = c.service.spec ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: KUBE_SYSTEM,
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true', ...c.service.annotations },
      labels: { ...DNS_LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS', ...c.service.labels },
    },
    spec: {
      ...spec,
      ...(withSelector && !spec.selector ? { selector: DNS_LABELS } : {}),
      ...(!spec.ports ? {
        ports: [
          { name: 'dns', port: 53, targetPort: 1053, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, targetPort: 1053, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      } : {}),
    },
  };
}

function deploymentManifests(inputs: CoreDnsInputs): Json[] {
  const c = inputs.coredns;
  const d = c.deployment;
  const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: KUBE_SYSTEM } };
  const clusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, name: 'system:coredns' },
    rules: [
      { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ],
  };
  const clusterRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      name: 'system:coredns',
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
    subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: KUBE_SYSTEM }],
  };
  const probe = (path: string, port: number, initialDelaySeconds: number, periodSeconds: number) => ({
    httpGet: { path, port, scheme: 'HTTP' }, initialDelaySeconds, periodSeconds, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3,
  });
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'coredns',
      namespace: KUBE_SYSTEM,
      ...nonEmpty('annotations', d.annotations),
      labels: { ...DNS_LABELS, 'kubernetes.io/name': 'CoreDNS', ...d.labels },
    },
    spec: {
      replicas: d.replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: DNS_LABELS },
      template: {
        metadata: { ...nonEmpty('annotations', d.pods?.annotations), labels: { ...DNS_LABELS, ...d.pods?.labels } },
        spec: {
          priorityClassName: c.priorityClassName,
          serviceAccountName: 'coredns',
          nodeSelector: { 'kubernetes.io/os': 'linux', ...d.nodeSelector },
          ...nonEmpty('affinity', d.affinity),
          ...nonEmpty('tolerations', d.tolerations),
          ...nonEmpty('topologySpreadConstraints', d.topologySpreadConstraints),
          ...(inputs.podSecurityStandard ? { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } } : {}),
          containers: [{
            name: 'coredns',
            image: inputs.image ?? placeholder('IMAGE'),
            imagePullPolicy: 'IfNotPresent',
            ...nonEmpty('resources', d.resources),
            args: ['-conf', '/etc/coredns/Corefile'],
            volumeMounts: [
              { name: 'config-volume', mountPath: '/etc/coredns', readOnly: true },
              { name: 'custom-config-volume', mountPath: '/etc/coredns/custom', readOnly: true },
            ],
            securityContext: {
              runAsNonRoot: true,
              runAsUser: placeholder('RUN_AS_USER'),
              runAsGroup: placeholder('RUN_AS_GROUP'),
              allowPrivilegeEscalation: false,
              capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
              readOnlyRootFilesystem: true,
            },
            livenessProbe: probe('/health', 8080, 60, 10),
            readinessProbe: probe('/ready', 8181, 0, 2),
          }],
          dnsPolicy: 'Default',
          volumes: [
            { name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }, { key: 'NodeHosts', path: 'NodeHosts' }] } },
            { name: 'custom-config-volume', configMap: { name: 'coredns-custom', optional: true } },
          ],
        },
      },
    },
  };
  return [serviceAccount, clusterRole, clusterRoleBinding, nodeHostsConfigMap(corefile(inputs)), deployment, kubeDnsService(c, true)];
}

/**
 * The syncer replaces `{{.NAME}}` in the text before it parses it, so the placeholder stands unquoted, as in the
 * chart (a number field must not become a string): a marker is written and turned into the placeholder afterwards.
 */
const placeholder = (name: string) => `@@${name}@@`;

function documents(objects: readonly Json[]): string {
  // The chart's toYaml writes keys sorted and lists unindented under their key; the syncer parses the text either way.
  return objects.map((o) => toYaml(o, { indentSeq: false }).trimEnd())
    .join('\n---\n')
    .replace(/["']?@@([A-Z_]+)@@["']?/g, '{{.$1}}');
}
