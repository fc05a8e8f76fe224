import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { policyMetadata, workloadNamespace } from './policies';
import type { KubeObject, Release } from './types';

/** Label the syncer puts on every workload it syncs to the host, naming the virtual cluster. */
const MANAGED_BY = 'vcluster.loft.sh/managed-by';

/**
 * NetworkPolicies `vc-work-NAME` and `vc-cp-NAME` (`policies.networkPolicy`), as the chart v0.21.6 renders them:
 * synced workloads may reach the control plane, DNS, each other and the allowed outside addresses; the control plane
 * may reach the host's API server ports, the pods of its namespace, the host's DNS and, optionally, the platform.
 */
export function networkPolicies(config: ResolvedConfig, release: Release): KubeObject[] {
  const np = chartValues(config).policies.networkPolicy;
  if (!np.enabled) return [];
  const ipBlock = np.outgoingConnections.ipBlock;
  const egress = (rules: Record<string, unknown>[]) => ({ egress: rules, policyTypes: ['Egress'] });
  const ports = (...numbers: number[]) => numbers.map((port) => ({ port }));
  const workloads: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: policyMetadata(config, release, `vc-work-${release.name}`, workloadNamespace(config, release), np),
    spec: {
      podSelector: { matchLabels: { [MANAGED_BY]: release.name } },
      ...egress([
        { ports: ports(443, 8443), to: [{ podSelector: { matchLabels: { release: release.name } } }] },
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        {
          to: [
            { podSelector: { matchLabels: { [MANAGED_BY]: release.name } } },
            { ipBlock: { cidr: ipBlock.cidr, ...(ipBlock.except?.length ? { except: ipBlock.except } : {}) } },
          ],
        },
      ]),
    },
  };
  const controlPlane: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: policyMetadata(config, release, `vc-cp-${release.name}`, release.namespace, np),
    spec: {
      podSelector: { matchLabels: { release: release.name } },
      ...egress([
        { ports: ports(443, 8443, 6443) },
        {
          to: [
            { podSelector: {} },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
            ...(np.outgoingConnections.platform ? [{ podSelector: { matchLabels: { app: 'loft' } }, namespaceSelector: {} }] : []),
          ],
        },
      ]),
    },
  };
  return [workloads, controlPlane];
}
