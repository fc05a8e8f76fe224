import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigError, mergeValues, readValuesFile, validateRelease, type ResolvedConfig, type VClusterValues } from '../config';
import { render, type KubeObject } from '../model';
import { resolveProps, type ControlPlaneOptions } from '../props';
import type { CdkPlusSelectors } from './pod-selection';
import { releaseFields } from './release-fields';

/** Where the virtual cluster is installed. */
export interface ReleaseOptions {
  /**
   * Name of the virtual cluster: names every object (`NAME`, `NAME-headless`, `vc-NAME`...). A DNS label of at most
   * 52 characters; pass one when the construct id is not (e.g. id `TenantA`, name `tenant-a`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the virtual cluster's objects.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
}

/** Props of {@link ControlPlane}. */
export interface ControlPlaneProps extends ReleaseOptions, ControlPlaneOptions {}

/**
 * A virtual Kubernetes control plane: the objects vCluster's chart renders for the same values, plus the runtime's
 * store container where our runtime serves the store.
 */
export class ControlPlane extends Construct {
  /** A control plane from an existing vcluster.yaml document, for a host of `options.kubeVersion`. */
  public static fromValues(
    scope: Construct, id: string, values: VClusterValues, options: ReleaseOptions & Pick<ControlPlaneOptions, 'kubeVersion'> = {},
  ): ControlPlane {
    return new ControlPlane(scope, id, { ...options, values });
  }

  /**
   * A control plane from vcluster.yaml files, like `vcluster create -f`: with several, later files override earlier
   * ones (maps merge key by key, lists and scalars replace). Relative paths are from the working directory (where
   * `cdk8s synth` runs). `props.values` go over the files and the typed props over both.
   *
   * @param files - one vcluster.yaml, or several in override order
   * @param props - release and typed options, as for the constructor
   */
  public static fromFile(scope: Construct, id: string, files: string | readonly string[], props: ControlPlaneProps = {}): ControlPlane {
    const paths = typeof files === 'string' ? [files] : files;
    if (paths.length === 0) throw new ConfigError([{ path: 'files', message: 'name at least one vcluster.yaml (or use fromValues)' }]);
    const layers = paths.map(readValuesFile);
    // The merged layers are validated as a whole by the config layer, like any `values`.
    return new ControlPlane(scope, id, { ...props, values: mergeValues(...layers, props.values) as VClusterValues });
  }

  /** The validated configuration the objects were rendered from. */
  public readonly config: ResolvedConfig;
  /** Release name. */
  public readonly name: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Every rendered object, in apply order (escape hatch: `addJsonPatch`). */
  public readonly apiObjects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: ControlPlaneProps = {}) {
    super(scope, id);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    validateRelease({ name: this.name, namespace: this.namespace }, releaseFields(id, props));
    this.config = resolveProps(props);
    // cdk8s has no warnings channel of its own: synth prints them on stderr, and they stay on `config.warnings`.
    for (const warning of this.config.warnings) console.warn(`vcluster-constructs: warning: ${this.node.path}: ${warning.path}: ${warning.message}`);
    this.apiObjects = render(this.config, { name: this.name, namespace: this.namespace }).map((object) => {
      const apiObject = new ApiObject(this, `${object.kind}-${object.metadata.name}`, object as never);
      // cdk8s gives an object without a namespace the chart's; a cluster-scoped one (a ClusterRole) has none.
      if (object.metadata.namespace === undefined && apiObject.metadata.namespace !== undefined) {
        apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
      return apiObject;
    });
  }

  /** The object of a kind and name, e.g. `find('StatefulSet', 'tenant-a')`. */
  public find(kind: string, name: string): ApiObject | undefined {
    return this.apiObjects.find((o) => o.kind === kind && o.name === name);
  }

  /** The control plane workload (StatefulSet or Deployment `NAME`). */
  public get workload(): ApiObject {
    return this.apiObjects.find((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && o.name === this.name)!;
  }

  /** The Service clients reach the virtual cluster's API through (`NAME`, port 443). */
  public get service(): ApiObject | undefined {
    return this.find('Service', this.name);
  }

  /** The labels that select the control plane pods. */
  public get podLabels(): Record<string, string> {
    return { app: 'vcluster', release: this.name };
  }

  /**
   * The control plane pods as a selection of your cdk8s-plus (any cdk8s-plus-2x), e.g. for a `NetworkPolicy`:
   *
   * ```ts
   * import * as kplus from 'cdk8s-plus-33';
   * const pods = controlPlane.selectPods(this, 'control-plane-pods', kplus);
   * new kplus.NetworkPolicy(this, 'policy', { selector: pods });
   * ```
   *
   * @param kplus - your cdk8s-plus module (its `Pods` and `Namespaces`): the selection is one of its objects
   * @returns `kplus.Pods.select(...)` of the control plane's labels in its namespace (also selected, as `ID-namespace`)
   */
  public selectPods<TPods, TNamespaces>(scope: Construct, id: string, kplus: CdkPlusSelectors<TPods, TNamespaces>): TPods {
    return kplus.Pods.select(scope, id, {
      labels: this.podLabels,
      namespaces: kplus.Namespaces.select(scope, `${id}-namespace`, { names: [this.namespace] }),
    });
  }
}

export type { KubeObject };
