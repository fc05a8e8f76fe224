import { ConfigError, DEFAULT_K8S_VERSION, isKubernetesVersion, KUBERNETES_VERSION_FORMAT, type K8sDistroValues } from '../config';

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
   * @default v1.30.2
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
export class K8sDistro {
  /** Kubernetes 1.30 (v1.30.2), the default. */
  public static v1_30(): K8sDistro {
    return new K8sDistro({ version: DEFAULT_K8S_VERSION });
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

  private constructor(private readonly props: K8sDistroProps) {
    if (props.version !== undefined && !isKubernetesVersion(props.version)) {
      throw new ConfigError([{ path: 'K8sDistro.version', message: `"${props.version}" must be ${KUBERNETES_VERSION_FORMAT}` }]);
    }
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
