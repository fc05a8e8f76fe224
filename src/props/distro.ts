import {
  ConfigError, isKubernetesVersion, KUBERNETES_VERSION_FORMAT,
  type ImageSettings, type K0sDistroValues, type K3sDistroValues, type K8sDistroValues, type SingleBinaryDistroValues,
} from '../config';

/** The Kubernetes distro of a control plane: `K8sDistro`, `K3sDistro` or `K0sDistro`. */
export interface IDistro {
  /** The key of `controlPlane.distro` this distro sets (and enables). */
  readonly name: 'k8s' | 'k3s' | 'k0s';
  /** The values of that key. */
  toValues(): K8sDistroValues | K3sDistroValues | K0sDistroValues;
}

/** An image of a Kubernetes component. */
export interface ComponentImage {
  /**
   * Registry of the image, e.g. `registry.k8s.io` or `my-registry.com:5000`.
   * @default registry.k8s.io
   */
  readonly registry?: string;
  /**
   * Repository of the image.
   * @default the component's own (kube-apiserver, kube-controller-manager, kube-scheduler)
   */
  readonly repository?: string;
  /**
   * Tag of the image. Wins over the distro's version.
   * @default the distro's version
   */
  readonly tag?: string;
}

/** Options of one Kubernetes component of the control plane. */
export interface ComponentOptions {
  /**
   * Image of the component.
   * @default registry.k8s.io/<component>:<distro version>
   */
  readonly image?: ComponentImage;
  /**
   * Extra command-line flags, appended to the component's defaults.
   * @default []
   */
  readonly extraArgs?: string[];
  /**
   * Replaces the component's whole command.
   * @default - the command vCluster builds
   */
  readonly command?: string[];
}

/** Props of {@link K8sDistro}. */
export interface K8sDistroProps {
  /**
   * Kubernetes version of every component, with the leading `v` (e.g. `v1.30.2`).
   * @default - the host's Kubernetes version (the `kubeVersion` option), as the chart picks it
   */
  readonly version?: string;
  /**
   * kube-apiserver options.
   * @default - the distro's image, vCluster's flags
   */
  readonly apiServer?: ComponentOptions;
  /**
   * kube-controller-manager options.
   * @default - the distro's image, vCluster's flags
   */
  readonly controllerManager?: ComponentOptions;
  /**
   * kube-scheduler options (used when the virtual scheduler is enabled).
   * @default - the distro's image, vCluster's flags
   */
  readonly scheduler?: ComponentOptions;
}

/** The vanilla Kubernetes distro (`controlPlane.distro.k8s`): which versions and images run the control plane. */
export class K8sDistro implements IDistro {
  /** Kubernetes 1.31 (v1.31.1, the chart's default images). */
  public static v1_31(): K8sDistro {
    return new K8sDistro({ version: 'v1.31.1' });
  }

  /** Kubernetes 1.30 (v1.30.2). */
  public static v1_30(): K8sDistro {
    return new K8sDistro({ version: 'v1.30.2' });
  }

  /** Kubernetes 1.29 (v1.29.6). */
  public static v1_29(): K8sDistro {
    return new K8sDistro({ version: 'v1.29.6' });
  }

  /** Kubernetes 1.28 (v1.28.11). */
  public static v1_28(): K8sDistro {
    return new K8sDistro({ version: 'v1.28.11' });
  }

  /** A specific Kubernetes version, with per-component overrides. */
  public static of(props: K8sDistroProps): K8sDistro {
    return new K8sDistro(props);
  }

  public readonly name = 'k8s';

  private constructor(private readonly props: K8sDistroProps) {
    checkVersion('K8sDistro', props.version);
  }

  /** The `controlPlane.distro.k8s` values. */
  public toValues(): K8sDistroValues {
    const component = (c: ComponentOptions | undefined) => (c ? {
      ...(c.image ? { image: c.image } : {}),
      ...(c.extraArgs ? { extraArgs: c.extraArgs } : {}),
      ...(c.command ? { command: c.command } : {}),
    } : undefined);
    return {
      enabled: true,
      ...(this.props.version ? { version: this.props.version } : {}),
      ...(this.props.apiServer ? { apiServer: component(this.props.apiServer) } : {}),
      ...(this.props.controllerManager ? { controllerManager: component(this.props.controllerManager) } : {}),
      ...(this.props.scheduler ? { scheduler: component(this.props.scheduler) } : {}),
    };
  }
}

function checkVersion(distro: string, version: string | undefined): void {
  if (version !== undefined && !isKubernetesVersion(version)) {
    throw new ConfigError([{ path: `${distro}.version`, message: `"${version}" must be ${KUBERNETES_VERSION_FORMAT}` }]);
  }
}

/** What {@link K3sDistro} and {@link K0sDistro} take: the distro's image and how the syncer starts its binary. */
export interface SingleBinaryDistroProps {
  /**
   * Release of the distro: the tag of its image (`v1.30.4-k3s1`, `v1.30.2-k0s.0`). Do not set with `image.tag`.
   * @default - the chart's: v1.31.1-k3s1 (k3s), v1.30.2-k0s.0 (k0s)
   */
  readonly version?: string;
  /**
   * Image the init container copies the binary from, e.g. a mirror.
   * @default - rancher/k3s (k3s), k0sproject/k0s (k0s), from Docker Hub
   */
  readonly image?: ImageSettings;
  /**
   * Flags appended to the command the syncer starts the distro with.
   * @default []
   */
  readonly extraArgs?: string[];
  /**
   * Replaces the whole command the syncer starts the distro with.
   * @default - the syncer's (`/binaries/k3s server ...`, `/binaries/k0s controller ...`)
   */
  readonly command?: string[];
  /**
   * Environment of the syncer container, which runs the distro.
   * @default []
   */
  readonly env?: Record<string, unknown>[];
}

/** Props of {@link K3sDistro}. */
export interface K3sDistroProps extends SingleBinaryDistroProps {
  /**
   * The k3s server token. It ends up in the config Secret.
   * @default - the syncer generates one and keeps it in Secret vc-k3s-NAME
   */
  readonly token?: string;
}

/**
 * The common part of K3sDistro and K0sDistro: the values, made and checked at construction. The props a distro has
 * beyond {@link SingleBinaryDistroProps} (`token`, `config`) are its own keys of vcluster.yaml.
 */
abstract class SingleBinaryDistro<Props extends SingleBinaryDistroProps, Values extends SingleBinaryDistroValues> implements IDistro {
  private readonly values: Values;

  protected constructor(public readonly name: 'k3s' | 'k0s', props: Props) {
    const path = `${name === 'k3s' ? 'K3s' : 'K0s'}Distro`;
    checkVersion(path, props.version);
    if (props.version !== undefined && props.image?.tag !== undefined) {
      throw new ConfigError([{ path: `${path}.image.tag`, message: `sets the same tag as ${path}.version: set only one` }]);
    }
    const { version, image, extraArgs, command, env, ...own } = props;
    const tagged = version !== undefined ? { ...image, tag: version } : image;
    this.values = {
      enabled: true,
      ...(tagged ? { image: tagged } : {}),
      ...(extraArgs ? { extraArgs } : {}),
      ...(command ? { command } : {}),
      ...(env ? { env } : {}),
      ...Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined)),
    } as Values;
  }

  /** The values of `controlPlane.distro.<name>`. */
  public toValues(): Values {
    return this.values;
  }
}

/** The k3s distro (`controlPlane.distro.k3s`): the control plane is one `k3s server` run by the syncer. */
export class K3sDistro extends SingleBinaryDistro<K3sDistroProps, K3sDistroValues> {
  /** k3s at the chart's release (v1.31.1-k3s1), or at the release, image and flags given. */
  public static of(props: K3sDistroProps = {}): K3sDistro {
    return new K3sDistro('k3s', props);
  }
}

/** Props of {@link K0sDistro}. */
export interface K0sDistroProps extends SingleBinaryDistroProps {
  /**
   * A k0s cluster config template replacing the syncer's own (see vCluster's pkg/k0s).
   * @default - the syncer's config
   */
  readonly config?: string;
}

/** The k0s distro (`controlPlane.distro.k0s`): the control plane is one `k0s controller` run by the syncer. */
export class K0sDistro extends SingleBinaryDistro<K0sDistroProps, K0sDistroValues> {
  /** k0s at the chart's release (v1.30.2-k0s.0), or at the release, image and flags given. */
  public static of(props: K0sDistroProps = {}): K0sDistro {
    return new K0sDistro('k0s', props);
  }
}
