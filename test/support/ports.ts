import { readFileSync } from 'fs';
import { createServer } from 'net';

/**
 * Ports are handed out from below the kernel's ephemeral range (`ip_local_port_range`, from 32768 by default). The
 * kernel gives ports of that range to outgoing connections as well, so a port it picked for a listener a moment ago
 * can become some connection's source port before the server binds it ("address already in use", seen when test
 * files ran in parallel). Each jest worker has a block of its own, so parallel test files never pick the same port.
 */
const FIRST_PORT = 10_000;
const BLOCK_SIZE = 1_000;
const BLOCKS = 16;

/** The lowest port of the ephemeral range, or undefined where the kernel does not say. */
function ephemeralStart(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf-8').trim().split(/\s+/)[0]);
  } catch {
    return undefined;
  }
}

const block = Number(process.env.JEST_WORKER_ID ?? 0) % BLOCKS;
const blockStart = FIRST_PORT + block * BLOCK_SIZE;
const usable = blockStart + BLOCK_SIZE <= (ephemeralStart() ?? 32_768);
let nextOffset = 0;

/** Resolves to `port` when a listener can bind it on 127.0.0.1 now (0: any port the OS picks), else undefined. */
function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/** A TCP port on 127.0.0.1 that is free now and that no other test file of this run is given. */
export async function freePort(): Promise<number> {
  // Where the ephemeral range leaves no room below it, the OS picks (the race above is then possible).
  for (let tries = 0; usable && tries < BLOCK_SIZE; tries++) {
    const port = blockStart + nextOffset;
    nextOffset = (nextOffset + 1) % BLOCK_SIZE;
    if (await bindable(port)) return port;
  }
  const picked = await bindable(0);
  if (picked === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return picked;
}
