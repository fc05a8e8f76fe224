import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../model';

type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The typed @pulumi/kubernetes class of every kind the model renders, by `apiVersion/kind`. */
const CLASSES: Record<string, ResourceClass> = {
  'v1/ServiceAccount': k8s.core.v1.ServiceAccount,
  'v1/Secret': k8s.core.v1.Secret,
  'v1/Service': k8s.core.v1.Service,
  'v1/ConfigMap': k8s.core.v1.ConfigMap,
  'rbac.authorization.k8s.io/v1/Role': k8s.rbac.v1.Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': k8s.rbac.v1.RoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRole': k8s.rbac.v1.ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': k8s.rbac.v1.ClusterRoleBinding,
  'apps/v1/StatefulSet': k8s.apps.v1.StatefulSet,
  'apps/v1/Deployment': k8s.apps.v1.Deployment,
  'policy/v1/PodDisruptionBudget': k8s.policy.v1.PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': k8s.networking.v1.NetworkPolicy,
  'networking.k8s.io/v1/Ingress': k8s.networking.v1.Ingress,
  'v1/LimitRange': k8s.core.v1.LimitRange,
  'v1/ResourceQuota': k8s.core.v1.ResourceQuota,
};

/**
 * One @pulumi/kubernetes resource for a rendered object (`template` gives its kind, `args` its fields): its typed
 * class when there is one (so the provider applies its own await logic), else a generic custom resource.
 */
export function createResource(
  name: string, template: KubeObject, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const cls = CLASSES[`${template.apiVersion}/${template.kind}`];
  if (cls) return new cls(name, args, opts);
  return new k8s.apiextensions.CustomResource(name, args as k8s.apiextensions.CustomResourceArgs, opts);
}
