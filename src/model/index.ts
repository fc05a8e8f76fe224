/**
 * The model: one pure, deterministic renderer from a resolved configuration to Kubernetes objects.
 * Every adapter (cdk8s constructs, Pulumi component, `vck template`) calls `render` and nothing else.
 */
import { validateRelease, type ResolvedConfig } from '../config';
import { clusterRole, clusterRoleBinding } from './cluster-role';
import { configSecret, syncerValuesText } from './config-secret';
import { controlPlane } from './control-plane';
import { coreDnsConfigMap } from './coredns';
import { disruptionBudgets } from './disruption-budget';
import { etcdStatefulSet } from './etcd-deploy';
import { ingress } from './ingress';
import { limitRange } from './limit-range';
import { hostManifests } from './manifests';
import { networkPolicies } from './network-policy';
import { platformSecretRole } from './platform-secret-role';
import { validatePlugins } from './plugins';
import { resourceQuota } from './resource-quota';
import { role, roleBinding } from './role';
import { serviceAccount, workloadServiceAccount } from './service-accounts';
import { serviceMonitor } from './service-monitor';
import { etcdServices, headlessService, service } from './services';
import type { KubeObject, Release } from './types';

export type { KubeObject, Release } from './types';
export { controlPlaneKind } from './persistence';
export { syncerValues } from './config-secret';
export { names } from './metadata';
export { toYaml } from './yaml';

/**
 * Renders every object of a virtual cluster, in a stable order: identity and RBAC, configuration, services, then
 * the workloads that depend on them (the order `kubectl apply` and Pulumi's dependsOn follow).
 */
export function render(config: ResolvedConfig, release: Release): KubeObject[] {
  validateRelease(release);
  // What only rendering reads of the values is checked first, so that an error in it fails before anything is rendered.
  validatePlugins(config);
  const hostObjects = hostManifests(config, release);
  // The syncer's values, serialized once: the config Secret holds them and the pod template carries their hash.
  const syncerValues = syncerValuesText(config);
  const objects: (KubeObject | undefined)[] = [
    serviceAccount(config, release),
    workloadServiceAccount(config, release),
    role(config, release),
    roleBinding(config, release),
    clusterRole(config, release),
    clusterRoleBinding(config, release),
    ...platformSecretRole(config, release),
    limitRange(config, release),
    resourceQuota(config, release),
    ...networkPolicies(config, release),
    configSecret(config, release, syncerValues),
    coreDnsConfigMap(config, release),
    service(config, release),
    headlessService(config, release),
    ...etcdServices(config, release),
    ingress(config, release),
    serviceMonitor(config, release),
    etcdStatefulSet(config, release),
    controlPlane(config, release, syncerValues),
    ...disruptionBudgets(config, release),
    ...hostObjects,
  ];
  return objects.filter((o): o is KubeObject => o !== undefined);
}

