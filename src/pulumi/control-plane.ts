import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { readValuesFile, type ResolvedConfig, type VClusterValues } from '../config';
import { names, type KubeObject } from '../model';
import { checkRelease, checkReleaseArgs, releaseInputs, resolveArgs, type ControlPlaneArgs, type ReleaseInputs } from './args';
import { readKubeconfig } from './kubeconfig';
import { planObjects, plannedName } from './objects';
import { createResource } from './resources';

export type { ControlPlaneArgs } from './args';

/** Kinds the control plane workloads need before they start: identity, permissions and configuration. */
const PREREQUISITES = new Set(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Secret', 'ConfigMap']);
const WORKLOADS = new Set(['StatefulSet', 'Deployment']);

/** What the component creates for one set of values. */
interface Children {
  readonly config: ResolvedConfig;
  readonly resources: Readonly<Record<string, pulumi.CustomResource>>;
  /** The control plane workload (StatefulSet or Deployment `NAME`): its syncer writes the kubeconfig. */
  readonly workload: k8s.apps.v1.StatefulSet | k8s.apps.v1.Deployment;
}

/**
 * A virtual Kubernetes control plane as a Pulumi component: the same objects the cdk8s `ControlPlane` synthesizes
 * (one renderer serves both), each a @pulumi/kubernetes resource parented to this component.
 *
 * Inputs: `name` and `namespace` only change field values, so with plain `values` every child is created at once
 * and shows in previews, whatever they resolve to (see `planObjects`). `values` decide which objects exist (the
 * backing store, HA, persistence...): given as an output, they are resolved first and the children are created
 * once they are known, as `helm.v3.Chart` does with its values; a preview that cannot know them shows no children.
 * The typed structural args (`backingStore`, `replicas`, `persistence`, `distro`) are plain values for that reason.
 *
 * Escape hatch: Pulumi's `transforms` resource option, passed to this component, reaches every child resource
 * (e.g. to add an annotation to the StatefulSet).
 */
export class ControlPlane extends pulumi.ComponentResource {
  /** A control plane from an existing vcluster.yaml document. */
  public static fromValues(
    name: string, values: pulumi.Input<VClusterValues>, args: Omit<ControlPlaneArgs, 'values'> = {}, opts?: pulumi.ComponentResourceOptions,
  ): ControlPlane {
    return new ControlPlane(name, { ...args, values }, opts);
  }

  /** A control plane from a vcluster.yaml file, as `helm install -f FILE` would read it; typed args win over it. */
  public static fromFile(name: string, file: string, args: Omit<ControlPlaneArgs, 'values'> = {}, opts?: pulumi.ComponentResourceOptions): ControlPlane {
    return ControlPlane.fromValues(name, readValuesFile(file), args, opts);
  }

  /** Namespace of the virtual cluster's objects. */
  public readonly namespace: pulumi.Output<string>;
  /** Service clients reach the virtual cluster's API through (port 443). */
  public readonly serviceName: pulumi.Output<string>;
  /** Secret the syncer writes the virtual cluster's kubeconfig to. */
  public readonly kubeconfigSecretName: pulumi.Output<string>;
  /**
   * The virtual cluster's kubeconfig (a secret), read from {@link kubeconfigSecretName} once the control plane is
   * ready. Its server is `https://localhost:8443` unless `values.exportKubeConfig.server` names an address the
   * reader can reach (e.g. a LoadBalancer or an ingress in front of {@link serviceName}).
   */
  public readonly kubeconfig: pulumi.Output<string>;
  /** A Kubernetes provider for the virtual cluster, from {@link kubeconfig}: pass it to deploy into it. */
  public readonly provider: k8s.Provider;
  /** The validated configuration the objects were rendered from. */
  public readonly config: pulumi.Output<ResolvedConfig>;
  /**
   * Every child resource, by `Kind/name` of the object it applies; while `args.name` is an output, the component's
   * name stands in for the release name in these keys and in the children's resource names.
   */
  public readonly resources: pulumi.Output<Readonly<Record<string, pulumi.CustomResource>>>;

  public constructor(name: string, args: ControlPlaneArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super('vcluster-constructs:index:ControlPlane', name, {}, opts);
    const release = releaseInputs(name, args);
    // What is known is checked now, so a mistake fails the program at this line: plain values are also rendered now.
    const values = args.values;
    if (isPending(values)) checkReleaseArgs(name, args);
    const now = isPending(values) ? undefined : this.createChildren(name, { ...args, values }, release);
    const children = pulumi.output(values).apply((resolved) => now ?? this.createChildren(name, { ...args, values: resolved }, release));
    this.config = children.apply((c) => c.config);
    this.resources = children.apply((c) => c.resources);

    const objectNames = pulumi.output(release.name).apply((releaseName) => names({ name: releaseName, namespace: '' }));
    this.namespace = pulumi.output(release.namespace);
    this.serviceName = objectNames.controlPlane;
    this.kubeconfigSecretName = objectNames.kubeconfigSecret;
    this.kubeconfig = readKubeconfig(`${name}-kubeconfig`, {
      workload: children.apply((c) => c.workload),
      namespace: this.namespace,
      secretName: this.kubeconfigSecretName,
    }, { parent: this });
    this.provider = new k8s.Provider(`${name}-provider`, { kubeconfig: this.kubeconfig }, { parent: this });
    this.registerOutputs({
      namespace: this.namespace,
      serviceName: this.serviceName,
      kubeconfigSecretName: this.kubeconfigSecretName,
      kubeconfig: this.kubeconfig,
    });
  }

  /** Checks the args with these values, renders the objects and creates one child resource per object. */
  private createChildren(name: string, args: ControlPlaneArgs & { readonly values?: VClusterValues }, release: ReleaseInputs): Children {
    const config = resolveArgs(name, args);
    for (const warning of config.warnings) void pulumi.log.warn(`${warning.path}: ${warning.message}`, this);
    const knownName = typeof release.name === 'string' ? release.name : name;
    const resources: Record<string, pulumi.CustomResource> = {};
    const prerequisites: pulumi.Resource[] = [];
    let workload: Children['workload'] | undefined;
    for (const { template, args: objectArgs } of planObjects(config, release, (r) => checkRelease(name, args, r))) {
      const objectName = plannedName(template, knownName);
      const isWorkload = WORKLOADS.has(template.kind);
      const resource = createResource(childName(name, template.kind, objectName), template, objectArgs, {
        parent: this,
        // Config, identity and permissions first, so a replica never starts without them.
        dependsOn: isWorkload ? prerequisites : undefined,
        additionalSecretOutputs: template.kind === 'Secret' ? ['data', 'stringData'] : undefined,
      });
      if (PREREQUISITES.has(template.kind)) prerequisites.push(resource);
      if (isWorkload && objectName === knownName) workload = resource as Children['workload'];
      resources[`${template.kind}/${objectName}`] = resource;
    }
    if (!workload) throw new Error(`the render of ${name} has no control plane workload`);
    return { config, resources, workload };
  }
}

/** Whether an input is only known later (an output or a promise), rather than a plain value. */
function isPending<T>(input: pulumi.Input<T> | undefined): input is pulumi.OutputInstance<T> | Promise<T> {
  return pulumi.Output.isInstance(input) || input instanceof Promise;
}

/** Child names start with the component's name, so Pulumi carries the component's aliases over to them. */
function childName(component: string, kind: string, objectName: string): string {
  return `${component}-${kind.toLowerCase()}-${objectName}`;
}

export type { KubeObject };
