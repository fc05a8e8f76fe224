import { boolOrString, bool, closed, kubeObjects } from './shapes';

/**
 * `rbac`: the Role and ClusterRole of the control plane. Rules are carried as Kubernetes objects (the chart's schema
 * leaves them open), so they are checked by the API server, not here.
 */
export const rbacSchema = closed({
  role: closed({ enabled: bool, extraRules: kubeObjects, overwriteRules: kubeObjects }),
  /** `auto` renders the ClusterRole when a setting needs one (node or storage class syncing, the virtual scheduler...). */
  clusterRole: closed({ enabled: boolOrString, extraRules: kubeObjects, overwriteRules: kubeObjects }),
});
