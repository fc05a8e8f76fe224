import * as pulumi from '@pulumi/pulumi';

/** A resource registered with the Pulumi engine mock. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
  /** The id a resource was read by (`Resource.get`); undefined for a resource the program creates. */
  readonly id?: string;
}

/** The kubeconfig the mocked syncer wrote into its Secret. */
export const SYNCER_KUBECONFIG = [
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '- cluster: {server: "https://localhost:8443", certificate-authority-data: Q0E=}',
  '  name: my-vcluster',
].join('\n');

/**
 * Installs Pulumi mocks that record every registered resource (no engine, no cluster). Reading a Secret returns
 * what the syncer writes: the kubeconfig under `config`, base64-encoded as the API serves Secret data.
 */
export function recordResources(preview = false): Registered[] {
  const registered: Registered[] = [];
  void pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id || undefined });
      if (args.id && args.type === 'kubernetes:core/v1:Secret') {
        const [namespace, name] = args.id.split('/');
        return { id: args.id, state: { metadata: { name, namespace }, data: { config: Buffer.from(SYNCER_KUBECONFIG).toString('base64') } } };
      }
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  }, 'vcluster', 'test', preview);
  return registered;
}

/** The resources the program creates (not those it reads), of a type prefix. */
export function created(registered: readonly Registered[], typePrefix: string): Registered[] {
  return registered.filter((r) => r.id === undefined && r.type.startsWith(typePrefix));
}

/** Resolves a Pulumi output (resolved by the mocks). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until the mocks have seen every child registration. */
export async function settled(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}
