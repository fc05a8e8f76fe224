import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/**
 * Key of the kubeconfig in the Secret the syncer writes (`vc-NAME` in the control plane's namespace); vCluster
 * v0.21.6 writes it there after the syncer wins leader election (also when `exportKubeConfig.secret` names another
 * Secret, which it writes in addition), with the server `https://localhost:8443` unless `exportKubeConfig.server`
 * names another one.
 */
export const KUBECONFIG_KEY = 'config';

/** What reading the kubeconfig waits for and where it is. */
export interface KubeconfigSource {
  /** The control plane workload (StatefulSet or Deployment): its syncer writes the Secret. */
  readonly workload: pulumi.Input<k8s.apps.v1.StatefulSet | k8s.apps.v1.Deployment>;
  readonly namespace: pulumi.Input<string>;
  readonly secretName: pulumi.Input<string>;
}

/**
 * Reads the virtual cluster's kubeconfig, as a secret, from the Secret the syncer writes.
 *
 * The read's id waits for the workload's status, which the Kubernetes provider reports once the workload is ready:
 * so the Secret is read after the syncer ran, and in a preview that creates or changes the workload the id is
 * unknown and the engine skips the read (the kubeconfig shows as computed) rather than failing on a Secret that
 * does not exist yet.
 *
 * vCluster's syncer answers its readiness probe before it wins leader election and writes the Secret, so on the
 * update that creates the virtual cluster the read can come a few seconds early and fail on a missing Secret; the
 * next `pulumi up` reads it. (The Kubernetes provider has no read that waits for an object to appear.)
 */
export function readKubeconfig(name: string, source: KubeconfigSource, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
  const status = pulumi.output(source.workload).apply((workload) => workload.status);
  const id = pulumi.all([source.namespace, source.secretName, status])
    .apply(([namespace, secretName]) => `${namespace}/${secretName}`);
  const secret = k8s.core.v1.Secret.get(name, id, { ...opts, dependsOn: source.workload });
  return pulumi.secret(pulumi.all([secret.data, id]).apply(([data, where]) => {
    const encoded = data?.[KUBECONFIG_KEY];
    if (encoded === undefined) throw new Error(`Secret ${where} has no "${KUBECONFIG_KEY}" key: is the virtual cluster's syncer running?`);
    return Buffer.from(encoded, 'base64').toString('utf-8');
  }));
}
