import type { Obj } from './kube-client';

/** The cluster domain of the host cluster (the kubelet's --cluster-domain default). */
const CLUSTER_DOMAIN = 'cluster.local';

const serviceNames = (name: string, ns: string) => [name, `${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.${CLUSTER_DOMAIN}`];

/**
 * Name resolution of a namespace as cluster DNS and kube-proxy give it, written as /etc/hosts lines: a Service name
 * leads to an address of its Endpoints (only what the endpoints controller published: ready pods, or every pod with
 * `publishNotReadyAddresses`), a headless Service to all of them and each `HOSTNAME.SERVICE` to its pod. Cluster IPs
 * are never used, since nothing on the test network forwards them; a Service without endpoints does not resolve, as
 * a connection to it would fail in a cluster. Service ports must equal their target ports for this to hold.
 */
export function namespaceHosts(ns: string, services: readonly Obj[], endpoints: readonly Obj[], api: { host: string }): string[] {
  const lines = [`${api.host}\t${serviceNames('kubernetes', 'default').join(' ')}`];
  for (const service of services) {
    const name = service.metadata.name as string;
    const subsets = (endpoints.find((e) => e.metadata.name === name)?.subsets ?? []) as Obj[];
    const addresses = subsets.flatMap((s) => (s.addresses ?? []) as Obj[]);
    const ips = [...new Set(addresses.map((a) => a.ip as string))].sort();
    if (ips.length === 0) continue;
    const headless = service.spec.clusterIP === 'None';
    for (const ip of headless ? ips : ips.slice(0, 1)) lines.push(`${ip}\t${serviceNames(name, ns).join(' ')}`);
    if (headless) {
      for (const address of addresses.filter((a) => a.hostname)) {
        lines.push(`${address.ip}\t${serviceNames(`${address.hostname}.${name}`, ns).join(' ')}`);
      }
    }
  }
  return lines;
}

/** A pod's own /etc/hosts: loopback, its own names, then the namespace's. */
export function podHosts(pod: Obj, podIp: string, namespaceLines: readonly string[]): string {
  const ns = pod.metadata.namespace as string;
  const hostname = (pod.spec.hostname ?? pod.metadata.name) as string;
  const own = pod.spec.subdomain ? [hostname, ...serviceNames(`${hostname}.${pod.spec.subdomain}`, ns)] : [hostname];
  return ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', `${podIp}\t${own.join(' ')}`, ...namespaceLines].join('\n') + '\n';
}
