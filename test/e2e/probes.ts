import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import { connect } from 'net';
import type { Obj } from './kube-client';

/** One probe attempt, as the kubelet makes it: HTTP(S) GET (2xx/3xx passes) or a TCP connect, within timeoutSeconds. */
export async function runProbe(probe: Obj, podIp: string, container: Obj, exec: (command: string[]) => Promise<boolean>): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  const port = (p: number | string): number => typeof p === 'number' ? p
    : Number(((container.ports ?? []) as Obj[]).find((cp) => cp.name === p)?.containerPort ?? p);
  if (probe.httpGet) {
    const get = probe.httpGet.scheme === 'HTTPS' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = get({
        host: probe.httpGet.host ?? podIp,
        port: port(probe.httpGet.port),
        path: probe.httpGet.path ?? '/',
        method: 'GET',
        rejectUnauthorized: false,
        timeout: timeoutMs,
      }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
  }
  if (probe.tcpSocket) {
    return new Promise((resolve) => {
      const socket = connect({ host: podIp, port: port(probe.tcpSocket.port), timeout: timeoutMs });
      socket.on('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(false));
    });
  }
  if (probe.exec) return exec(probe.exec.command);
  throw new Error(`probe ${JSON.stringify(probe)} is not emulated`);
}

/** A probe's counters: the result flips after failureThreshold failures or successThreshold successes in a row. */
export class ProbeState {
  public passing = false;
  private nextAt: number;
  private failures = 0;
  private successes = 0;

  public constructor(private readonly probe: Obj, startedAt: number) {
    this.nextAt = startedAt + (probe.initialDelaySeconds ?? 0) * 1000;
  }

  public due(now: number): boolean {
    return now >= this.nextAt;
  }

  /** Records an attempt; answers true when the failure threshold was just reached. */
  public record(ok: boolean, now: number): boolean {
    this.nextAt = now + (this.probe.periodSeconds ?? 10) * 1000;
    if (ok) {
      this.failures = 0;
      this.successes++;
      if (this.successes >= (this.probe.successThreshold ?? 1)) this.passing = true;
      return false;
    }
    this.successes = 0;
    this.failures++;
    if (this.failures >= (this.probe.failureThreshold ?? 3)) {
      this.passing = false;
      return true;
    }
    return false;
  }
}
