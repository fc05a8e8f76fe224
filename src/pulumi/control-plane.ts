import * as pulumi from '@pulumi/pulumi';
import { resolveProps, type ControlPlaneOptions } from '../props';
import { ConfigError, type ResolvedConfig, type VClusterValues } from '../config';
import { names, render, type KubeObject } from '../model';
import { createResource } from './resources';

/** Arguments of {@link ControlPlane}. */
export interface ControlPlaneArgs extends ControlPlaneOptions {
  /**
   * Namespace of the virtual cluster's objects (it must exist).
   * @default default
   */
  readonly namespace?: string;
  /**
   * Release name of the virtual cluster: names every object (`NAME`, `NAME-headless`, `vc-NAME`...).
   * @default - the component's name
   */
  readonly releaseName?: string;
}

/** Kinds the control plane workloads need before they start: identity, permissions and configuration. */
const PREREQUISITES = new Set(['ServiceAccount', 'Role', 'RoleBinding', 'Secret', 'ConfigMap']);
const WORKLOADS = new Set(['StatefulSet', 'Deployment']);

/**
 * A virtual Kubernetes control plane as a Pulumi component: the same objects the cdk8s `ControlPlane` synthesizes
 * (one renderer serves both), each a @pulumi/kubernetes resource parented to this component.
 *
 * Escape hatch: Pulumi's `transforms` resource option, passed to this component, reaches every child resource
 * (e.g. to add an annotation to the StatefulSet).
 */
export class ControlPlane extends pulumi.ComponentResource {
  /** A control plane from an existing vcluster.yaml document. */
  public static fromValues(name: string, values: VClusterValues, args: Omit<ControlPlaneArgs, 'values'> = {}, opts?: pulumi.ComponentResourceOptions): ControlPlane {
    return new ControlPlane(name, { ...args, values }, opts);
  }

  /** Namespace of the virtual cluster's objects. */
  public readonly namespace: pulumi.Output<string>;
  /** Service clients reach the virtual cluster's API through (port 443). */
  public readonly serviceName: pulumi.Output<string>;
  /** Secret the syncer writes the virtual cluster's kubeconfig to. */
  public readonly kubeconfigSecretName: pulumi.Output<string>;
  /** The validated configuration the objects were rendered from. */
  public readonly config: ResolvedConfig;
  /** Every child resource, by `Kind/name` of the object it applies. */
  public readonly resources: Readonly<Record<string, pulumi.CustomResource>>;

  public constructor(name: string, args: ControlPlaneArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super('vcluster-constructs:index:ControlPlane', name, {}, opts);
    const release = { name: args.releaseName ?? name, namespace: args.namespace ?? 'default' };
    this.config = resolveArgs(args);
    const objects = render(this.config, release);
    const resources: Record<string, pulumi.CustomResource> = {};
    const prerequisites: pulumi.Resource[] = [];
    for (const object of objects) {
      const isWorkload = WORKLOADS.has(object.kind);
      const resource = createResource(childName(name, object), keepSecretsSecret(object), {
        parent: this,
        // Config, identity and permissions first, so a replica never starts without them.
        dependsOn: isWorkload ? prerequisites : undefined,
        additionalSecretOutputs: object.kind === 'Secret' ? ['data', 'stringData'] : undefined,
      });
      if (PREREQUISITES.has(object.kind)) prerequisites.push(resource);
      resources[`${object.kind}/${object.metadata.name}`] = resource;
    }
    this.resources = resources;
    const n = names(release);
    this.namespace = pulumi.output(release.namespace);
    this.serviceName = pulumi.output(n.controlPlane);
    this.kubeconfigSecretName = pulumi.output(n.kubeconfigSecret);
    this.registerOutputs({ namespace: this.namespace, serviceName: this.serviceName, kubeconfigSecretName: this.kubeconfigSecretName });
  }
}

/** Input errors name the field, from the same validation the cdk8s constructs use. */
function resolveArgs(args: ControlPlaneArgs): ResolvedConfig {
  try {
    return resolveProps(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new pulumi.InputPropertiesError({
        message: err.message,
        errors: err.problems.map((p) => ({ propertyPath: p.path, reason: p.message })),
      });
    }
    throw err;
  }
}

/** Child names start with the component's name, so Pulumi carries the component's aliases over to them. */
function childName(component: string, object: KubeObject): string {
  return `${component}-${object.kind.toLowerCase()}-${object.metadata.name}`;
}

/** Secret data goes into the state encrypted: it may hold a database's data source. */
function keepSecretsSecret(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  return { ...object, data: pulumi.secret(object.data as Record<string, string>) };
}
