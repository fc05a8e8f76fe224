import { createServer, type Server } from 'http';
import { listenError, parseHostPort } from './address';

/** What the status endpoints report. Each check resolves when all is well and rejects with the reason otherwise. */
export interface StatusChecks {
  /** The service can serve (etcd's `/health`; also `/healthz`). */
  health(): Promise<void>;
  /** The service should get traffic (`/readyz`). */
  ready(): Promise<void>;
  /** The Prometheus exposition (`/metrics`); 404 when absent. */
  metrics?(): Promise<{ contentType: string; body: string }>;
}

/**
 * The HTTP status server of `vck storage` and `vck etcd`, with etcd's endpoints: `/health` answers etcd's JSON
 * (`{"health":"true","reason":""}`, or 503 with `"false"` and the reason); `/livez` answers while the process serves
 * (a database outage is not cured by a restart, so liveness does not depend on it); `/readyz` and `/healthz` answer
 * `ok`, or 503 with the reason; `/metrics` the Prometheus text.
 */
export class StatusServer {
  /** Listens on `address` (`host:port`, `:port`); `flag` names the flag in errors. */
  public static async listen(flag: string, address: string, checks: StatusChecks): Promise<StatusServer> {
    const where = parseHostPort(flag, address);
    const server = createServer((req, res) => {
      const reply = (code: number, body: string, type = 'text/plain') => {
        res.writeHead(code, { 'content-type': type });
        res.end(body);
      };
      const text = (check: () => Promise<void>) => check().then(() => reply(200, 'ok\n'), (err: Error) => reply(503, `${err.message}\n`));
      switch (req.url) {
        case '/health':
          return void checks.health().then(
            () => reply(200, JSON.stringify({ health: 'true', reason: '' }), 'application/json'),
            (err: Error) => reply(503, JSON.stringify({ health: 'false', reason: err.message }), 'application/json'));
        case '/healthz':
          return void text(() => checks.health());
        case '/livez':
          return reply(200, 'ok\n');
        case '/readyz':
          return void text(() => checks.ready());
        case '/metrics':
          if (!checks.metrics) break;
          return void checks.metrics().then((m) => reply(200, m.body, m.contentType), (err: Error) => reply(500, `${err.message}\n`));
      }
      reply(404, 'not found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(listenError(flag, address, err)));
      server.listen(where.port, where.host, () => resolve());
    });
    return new StatusServer(server);
  }

  private constructor(private readonly server: Server) {}

  /** The port listened on (the one the system chose for port 0). */
  public get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  public close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
