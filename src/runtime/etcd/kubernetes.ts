import { readFileSync } from 'fs';
import { request } from 'https';

/** How a pod reaches the Kubernetes API: its server URL, and its service account's token and CA files. */
export interface KubernetesApi {
  readonly server: string;
  readonly tokenFile: string;
  readonly caFile: string;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The API as every pod sees it (the environment Kubernetes sets, the mounted service account). */
export function inClusterApi(env: NodeJS.ProcessEnv = process.env): KubernetesApi {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new Error('KUBERNETES_SERVICE_HOST is not set: vck etcd without --local runs in a Kubernetes pod');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  return { server, tokenFile: `${SERVICE_ACCOUNT}/token`, caFile: `${SERVICE_ACCOUNT}/ca.crt` };
}

/**
 * The replica count a StatefulSet asks for, read at every call (one GET: the etcd manager needs nothing else of the
 * API). The token is read each time, since projected service account tokens are rotated.
 */
export function statefulSetReplicas(api: KubernetesApi, namespace: string, name: string): () => Promise<number> {
  const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/statefulsets/${encodeURIComponent(name)}`;
  return async () => {
    const body = await get(api, path);
    const replicas = (JSON.parse(body) as { spec?: { replicas?: number } }).spec?.replicas;
    return replicas ?? 1;
  };
}

function get(api: KubernetesApi, path: string): Promise<string> {
  const url = new URL(path, api.server);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      ca: readFileSync(api.caFile),
      headers: { authorization: `Bearer ${readFileSync(api.tokenFile, 'utf-8').trim()}`, accept: 'application/json' },
      timeout: 10_000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf-8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        if (res.statusCode === 200) resolve(body);
        else reject(new Error(`GET ${path}: ${res.statusCode} ${body.slice(0, 300)} (the Role of the pod's service account must allow get on statefulsets)`));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer from ${api.server} in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}
