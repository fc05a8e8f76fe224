import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedConfig, VClusterValues } from '../config';
import { render, type KubeObject } from '../model';
import { resolveProps, type ControlPlaneOptions } from '../props';

/** Where the virtual cluster is installed. */
export interface ReleaseOptions {
  /**
   * Name of the virtual cluster: names every object (`NAME`, `NAME-headless`, `vc-NAME`...).
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
  /** A control plane from an existing vcluster.yaml document. */
  public static fromValues(scope: Construct, id: string, values: VClusterValues, options: ReleaseOptions = {}): ControlPlane {
    return new ControlPlane(scope, id, { ...options, values });
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
    this.config = resolveProps(props);
    this.apiObjects = render(this.config, { name: this.name, namespace: this.namespace })
      .map((object) => new ApiObject(this, `${object.kind}-${object.metadata.name}`, object as never));
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

  /** The control plane pods as a cdk8s-plus selection, e.g. for a `NetworkPolicy` peer. */
  public selectPods(scope: Construct, id: string): kplus.Pods {
    return kplus.Pods.select(scope, id, {
      labels: this.podLabels,
      namespaces: kplus.Namespaces.select(scope, `${id}-namespace`, { names: [this.namespace] }),
    });
  }
}

export type { KubeObject };
