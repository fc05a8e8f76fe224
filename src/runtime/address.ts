import { createServer } from 'net';

/** A TCP listen address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses a listen address as kine and etcd take it: `host:port`, `[v6]:port`, or `:port` (every interface). `flag`
 * names the flag in the error, which says what form to use.
 */
export function parseHostPort(flag: string, address: string): HostPort {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || address.slice(colon + 1) === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${flag} ${address}: expected host:port (e.g. 127.0.0.1:2379, or :8080 for every interface)`);
  }
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? '0.0.0.0' : host, port };
}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'no interface of this machine has that address',
};

/** A listen failure as the operator reads it: the flag, the address, and the cause in words. */
export function listenError(flag: string, address: string, err: NodeJS.ErrnoException): Error {
  return new Error(`${flag} ${address}: ${REASONS[err.code ?? ''] ?? err.message}`);
}

/**
 * Why `host:port` cannot be listened on, or undefined when it can: a listener that reports a failure without its
 * cause (gRPC's bind) is explained by trying a plain TCP listen on the same address.
 */
export function probeListen(address: HostPort): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen(address.port, address.host, () => server.close(() => resolve(undefined)));
  });
}
