import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { mergeValues, resolve, type ResolvedConfig, type StatefulSetValues, type VClusterValues } from '../config';
import { render, type KubeObject } from '../model';
import type { IBackingStore } from './backing-store';
import type { K8sDistro } from './distro';
import type { PersistenceConfig } from './persistence';

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
export interface ControlPlaneProps extends ReleaseOptions {
  /**
   * The Kubernetes distro and versions of the control plane.
   * @default K8sDistro.v1_30()
   */
  readonly distro?: K8sDistro;
  /**
   * Where the virtual cluster's state lives.
   * @default SqlBackingStore.sqlite()
   */
  readonly backingStore?: IBackingStore;
  /**
   * Where the control plane keeps its data.
   * @default PersistenceConfig.auto()
   */
  readonly persistence?: PersistenceConfig;
  /**
   * Control plane replicas. More than one needs etcd or an external database.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Any other vcluster.yaml values (e.g. `sync`, `networking`, `controlPlane.statefulSet.scheduling`), merged under
   * the props above, which win.
   * @default {}
   */
  readonly values?: VClusterValues;
}

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

/** Props to values: the props win over `props.values`; validation (and its errors) is the config layer's. */
function resolveProps(props: ControlPlaneProps): ResolvedConfig {
  const statefulSet: NonNullable<StatefulSetValues> = {
    ...(props.replicas !== undefined ? { highAvailability: { replicas: props.replicas } } : {}),
    ...(props.persistence ? { persistence: props.persistence.toValues() } : {}),
  };
  const overrides: VClusterValues = {
    controlPlane: {
      ...(props.distro ? { distro: { k8s: props.distro.toValues() } } : {}),
      ...(props.backingStore ? { backingStore: props.backingStore.toValues() } : {}),
      ...(Object.keys(statefulSet).length > 0 ? { statefulSet } : {}),
    },
  };
  return resolve(mergeValues(props.values, overrides));
}

export type { KubeObject };
