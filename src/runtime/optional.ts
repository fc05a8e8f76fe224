/**
 * The runtime's packages (database drivers, gRPC, the etcd client, prom-client, node-forge) are not the construct
 * library's: a cdk8s or Pulumi user installs only what rendering needs. Runtime code therefore reaches each of them
 * through `loadOptional`, on the code paths of `vck storage` and `vck etcd` only, and a missing one is reported
 * with the command that installs it instead of Node's "Cannot find module".
 */

/** The commands whose code paths load runtime packages, named in the message about a missing one. */
export type RuntimeCommand = 'vck storage' | 'vck etcd';

/** The package a module specifier belongs to: `mysql2/promise` -> `mysql2`, `@grpc/grpc-js` -> `@grpc/grpc-js`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function missing(specifier: string, command: RuntimeCommand, err: unknown): Error {
  const name = packageOf(specifier);
  const notFound = (err as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(`'${specifier}`);
  return notFound ? new Error(`${command} needs the package '${name}': npm install ${name}`) : (err as Error);
}

/** Requires a runtime package (or a path inside it); throws "COMMAND needs the package 'NAME': npm install NAME" when absent. */
export function loadOptional<T>(specifier: string, command: RuntimeCommand): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(specifier) as T;
  } catch (err) {
    throw missing(specifier, command, err);
  }
}

/** The resolved path of a file a runtime package ships (etcd's protos in `etcd3`), with the same message when absent. */
export function resolveOptional(specifier: string, command: RuntimeCommand): string {
  try {
    return require.resolve(specifier);
  } catch (err) {
    throw missing(specifier, command, err);
  }
}
