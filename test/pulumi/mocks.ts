import * as pulumi from '@pulumi/pulumi';

/** A resource registered with the Pulumi engine mock. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
  readonly parent?: string;
}

/** Installs Pulumi mocks that record every registered resource (no engine, no cluster). */
export function recordResources(): Registered[] {
  const registered: Registered[] = [];
  void pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  }, 'vcluster', 'test', false);
  return registered;
}

/** Resolves a Pulumi output (resolved by the mocks). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until the mocks have seen every child registration. */
export async function settled(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}
