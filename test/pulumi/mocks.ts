import * as pulumi from '@pulumi/pulumi';

/** A resource registered with the Pulumi engine mock. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
  /** The id a resource was read by (`Resource.get`); undefined for a resource the program creates. */
  readonly id?: string;
  /** Reference (`URN::id`) of the provider the resource was given. */
  readonly provider?: string;
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
 * Installs Pulumi mocks that record every registered resource (no engine, no cluster), for a preview or an
 * update. Reading a Secret returns what the syncer writes: the kubeconfig under `config`, base64-encoded as the
 * API serves Secret data.
 */
export function recordResources(options: { preview?: boolean; project?: string } = {}): Registered[] {
  const registered: Registered[] = [];
  void pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id || undefined, provider: args.provider });
      if (args.id && args.type === 'kubernetes:core/v1:Secret') {
        const [namespace, name] = args.id.split('/');
        return { id: args.id, state: { metadata: { name, namespace }, data: { config: Buffer.from(SYNCER_KUBECONFIG).toString('base64') } } };
      }
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  }, options.project ?? 'vcluster', 'test', options.preview ?? false);
  return registered;
}

/** The resources the program creates (not those it reads), of a type prefix. */
export function created(registered: readonly Registered[], typePrefix: string): Registered[] {
  return registered.filter((r) => r.id === undefined && r.type.startsWith(typePrefix));
}

/** Key Pulumi marks a serialized secret with: `{ [SECRET_SIGNATURE]: ..., value }`. */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';

/** Whether a value the mocks received was sent as a secret. */
export function isSentAsSecret(value: unknown): boolean {
  return typeof value === 'object' && value !== null && SECRET_SIGNATURE in value;
}

/** Plain JSON of what the mocks received (secret wrappers resolved to their values). */
export function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value, (_k, v) => (isSentAsSecret(v) ? v.value : v)));
}

/** Objects by `Kind/name`, to compare sets of objects whatever their registration order. */
export function byId(objects: readonly any[]): Record<string, unknown> {
  return Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
}

/** Resolves a Pulumi output (resolved by the mocks). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until the mocks have seen every child registration. */
export async function settled(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}
