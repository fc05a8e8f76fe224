import { readFileSync } from 'fs';
import { request } from 'https';

/** Credentials of a client of a Kubernetes API server: its address, the CA and a client certificate. */
export interface KubeCredentials {
  readonly server: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** An error answer of the API server, with its HTTP status. */
export class KubeError extends Error {
  public constructor(public readonly status: number, message: string) {
    super(message);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** A small JSON client of the Kubernetes API: what the emulated kubelet and scheduler need, nothing more. */
export class KubeClient {
  private readonly ca: Buffer;
  private readonly cert: Buffer;
  private readonly key: Buffer;

  public constructor(private readonly credentials: KubeCredentials) {
    this.ca = readFileSync(credentials.ca);
    this.cert = readFileSync(credentials.cert);
    this.key = readFileSync(credentials.key);
  }

  public async call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Obj> {
    const url = new URL(path, this.credentials.server);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method,
        ca: this.ca,
        cert: this.cert,
        key: this.key,
        timeout: 30_000,
        headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 0) >= 300) {
            let message = text;
            try {
              message = JSON.parse(text).message ?? text;
            } catch {
              // not JSON
            }
            reject(new KubeError(res.statusCode ?? 0, `${method} ${path}: ${res.statusCode} ${message}`));
            return;
          }
          resolve(text ? JSON.parse(text) : {});
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  public get(path: string): Promise<Obj> {
    return this.call('GET', path);
  }

  /** The object at `path`, or undefined when it does not exist. */
  public async find(path: string): Promise<Obj | undefined> {
    try {
      return await this.get(path);
    } catch (err) {
      if (err instanceof KubeError && err.status === 404) return undefined;
      throw err;
    }
  }

  public async list(path: string): Promise<Obj[]> {
    return ((await this.get(path)).items ?? []) as Obj[];
  }

  public post(path: string, body: unknown): Promise<Obj> {
    return this.call('POST', path, body);
  }

  public mergePatch(path: string, body: unknown): Promise<Obj> {
    return this.call('PATCH', path, body, 'application/merge-patch+json');
  }

  public delete(path: string, body?: unknown): Promise<Obj> {
    return this.call('DELETE', path, body);
  }
}
