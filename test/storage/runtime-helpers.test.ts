import { createServer } from 'net';
import { parseHostPort, probeListen } from '../../src/runtime/address';
import { StatusServer } from '../../src/runtime/http-status';
import { waitFor } from '../../src/runtime/wait';
import { freePort } from '../support/ports';

describe('waitFor, the one polling loop of the runtime', () => {
  test('resolves with the first value the check returns, after as many checks as it took', async () => {
    let checks = 0;
    await expect(waitFor(() => (++checks >= 3 ? `done after ${checks}` : undefined), { intervalMs: 1, what: 'three checks' })).resolves.toBe('done after 3');
    expect(checks).toBe(3);
  });

  test('fails after its bound, saying what it waited for', async () => {
    let last = 0;
    await expect(waitFor(() => {
      last++;
      return false;
    }, { intervalMs: 5, timeoutMs: 30, what: () => `a check that never passes (${last} tries)` })).rejects.toThrow(/^timed out after 30 ms waiting for a check that never passes \(\d+ tries\)$/);
  });

  test('an error thrown by the check ends the wait with it', async () => {
    await expect(waitFor(() => {
      throw new Error('hopeless');
    }, { intervalMs: 1, what: 'nothing' })).rejects.toThrow('hopeless');
  });

  test('a cancelled wait resolves undefined without checking again', async () => {
    let checks = 0;
    let stopped = false;
    const waiting = waitFor(() => {
      checks++;
      stopped = true;
      return undefined;
    }, { intervalMs: 1, what: 'nothing', cancelled: () => stopped });
    await expect(waiting).resolves.toBeUndefined();
    expect(checks).toBe(1);
  });
});

describe('listen addresses', () => {
  test.each([
    ['127.0.0.1:2379', { host: '127.0.0.1', port: 2379 }],
    [':8080', { host: '0.0.0.0', port: 8080 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['[::1]:2379', { host: '::1', port: 2379 }],
  ])('%s', (text, expected) => {
    expect(parseHostPort('--listen-address', text)).toEqual(expected);
  });

  test.each(['2379', 'localhost', 'host:', 'host:http', 'host:70000', 'host:-1'])('%s is refused, naming the flag', (text) => {
    expect(() => parseHostPort('--metrics-bind-address', text)).toThrow(`--metrics-bind-address ${text}: expected host:port`);
  });

  test('probeListen tells a taken port from a free one', async () => {
    const port = await freePort();
    expect(await probeListen({ host: '127.0.0.1', port })).toBeUndefined();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      expect((await probeListen({ host: '127.0.0.1', port }))?.code).toBe('EADDRINUSE');
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe('the status server of vck storage and vck etcd', () => {
  let healthy = true;
  let ready = true;
  let server: StatusServer;
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };
  const check = (ok: () => boolean, why: string) => async () => {
    if (!ok()) throw new Error(why);
  };

  beforeAll(async () => {
    server = await StatusServer.listen('--metrics-bind-address', '127.0.0.1:0', {
      health: check(() => healthy, 'database unreachable'),
      ready: check(() => ready, 'not ready yet'),
    });
  });
  afterAll(() => server.close());

  test('healthy: etcd\'s /health JSON and ok everywhere; no /metrics without metrics', async () => {
    [healthy, ready] = [true, true];
    expect(await get('/health')).toEqual({ status: 200, type: 'application/json', body: '{"health":"true","reason":""}' });
    for (const path of ['/healthz', '/livez', '/readyz']) expect(await get(path)).toMatchObject({ status: 200, body: 'ok\n' });
    expect((await get('/metrics')).status).toBe(404);
  });

  test('unhealthy: 503 with the reason, /livez still up', async () => {
    [healthy, ready] = [false, false];
    expect(await get('/health')).toEqual({ status: 503, type: 'application/json', body: '{"health":"false","reason":"database unreachable"}' });
    expect(await get('/healthz')).toMatchObject({ status: 503, body: 'database unreachable\n' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'not ready yet\n' });
    expect(await get('/livez')).toMatchObject({ status: 200, body: 'ok\n' });
  });

  test('a taken address is refused with the flag and the cause', async () => {
    await expect(StatusServer.listen('--metrics-bind-address', `127.0.0.1:${server.port}`, {
      health: async () => undefined,
      ready: async () => undefined,
    })).rejects.toThrow(`--metrics-bind-address 127.0.0.1:${server.port}: address already in use`);
  });
});
