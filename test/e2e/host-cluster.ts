import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { E2eEnvironment } from './environment';
import { KubeClient, type KubeCredentials } from './kube-client';
import { NETWORK } from './network';
import { freePort } from '../support/ports';
import { startProcess, waitFor, type Started } from '../support/processes';

/** The port of the host apiserver: not 6443, which the virtual apiserver takes inside each pod. */
const HOST_API_PORT = 16443;

/** The controllers a host cluster runs for the control plane's objects: workloads, endpoints, tokens, collection. */
const HOST_CONTROLLERS = [
  'statefulset', 'deployment', 'replicaset', 'endpoint', 'endpointslice', 'garbagecollector',
  'serviceaccount', 'serviceaccount-token', 'root-ca-cert-publisher', 'namespace', 'disruption',
];

export interface HostCluster {
  readonly client: KubeClient;
  readonly credentials: KubeCredentials;
  /** kubeconfig file of the cluster admin, for kubectl. */
  readonly kubeconfig: string;
  kubectl(args: string[], input?: string): string;
  stop(): Promise<void>;
}

/** The files of a host cluster's PKI: its CA, the apiserver's serving certificate, an admin's and the service-account keys. */
export type HostPki = Record<'ca' | 'caKey' | 'apiserverCert' | 'apiserverKey' | 'adminCert' | 'adminKey' | 'saKey' | 'saPub', string>;

/** Makes a host cluster's PKI in `dir` (the apiserver's certificate is valid for the bridge address and 127.0.0.1). */
export function makeHostPki(dir: string): HostPki {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=e2e-host-ca');
  const sign = (name: string, subject: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  };
  const serviceIp = NETWORK.serviceCidr.replace(/\.0\/\d+$/, '.1');
  sign('apiserver', '/CN=kube-apiserver', `subjectAltName=IP:${NETWORK.hostIp},IP:${serviceIp},IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost\nextendedKeyUsage=serverAuth\n`);
  sign('admin', '/O=system:masters/CN=e2e-admin', 'extendedKeyUsage=clientAuth\n');
  openssl('genrsa', '-out', 'sa.key', '2048');
  openssl('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
  const f = (n: string) => join(dir, n);
  return {
    ca: f('ca.crt'),
    caKey: f('ca.key'),
    apiserverCert: f('apiserver.crt'),
    apiserverKey: f('apiserver.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  };
}

/** kube-apiserver's flags: on `etcdServers`, serving on `address:port`, RBAC on, every default admission plugin. */
export function kubeApiserverArgs(pki: HostPki, etcdServers: string, address: string, port: number): string[] {
  return [
    `--etcd-servers=${etcdServers}`,
    `--bind-address=${address}`, `--advertise-address=${address}`, `--secure-port=${port}`,
    `--service-cluster-ip-range=${NETWORK.serviceCidr}`,
    '--authorization-mode=Node,RBAC', `--client-ca-file=${pki.ca}`,
    `--tls-cert-file=${pki.apiserverCert}`, `--tls-private-key-file=${pki.apiserverKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local', `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`, '--allow-privileged=true',
  ];
}

/**
 * A host cluster on the test network: Debian's etcd on loopback, the real kube-apiserver (RBAC on, every default
 * admission plugin) on the bridge address, and kube-controller-manager with the controllers a StatefulSet, its
 * Services and its ServiceAccount tokens need. No scheduler and no kubelet: the suite's node plays both.
 */
export async function startHostCluster(env: E2eEnvironment): Promise<HostCluster> {
  const dir = join(env.workDir, 'host');
  const pki = makeHostPki(join(dir, 'pki'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  mkdirSync(join(dir, 'etcd'), { recursive: true });
  const etcd = startProcess(env.command('etcd'), [
    `--data-dir=${join(dir, 'etcd', 'data')}`, `--listen-client-urls=http://127.0.0.1:${clientPort}`,
    `--advertise-client-urls=http://127.0.0.1:${clientPort}`, `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
  ], join(dir, 'etcd'), { keepDir: true });
  const server = `https://${NETWORK.hostIp}:${HOST_API_PORT}`;
  const apiserver = startProcess(env.binary('kube-apiserver'),
    kubeApiserverArgs(pki, `http://127.0.0.1:${clientPort}`, NETWORK.hostIp, HOST_API_PORT), dir, { keepDir: true, graceMs: 10_000 });
  const credentials: KubeCredentials = { server, ca: pki.ca, cert: pki.adminCert, key: pki.adminKey };
  const client = new KubeClient(credentials);
  const processes: Started[] = [etcd, apiserver];
  const kubeconfig = join(dir, 'admin.kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'current-context': 'host',
    'clusters': [{ name: 'host', cluster: { 'server': server, 'certificate-authority': pki.ca } }],
    'users': [{ name: 'admin', user: { 'client-certificate': pki.adminCert, 'client-key': pki.adminKey } }],
    'contexts': [{ name: 'host', context: { cluster: 'host', user: 'admin' } }],
  }));
  await waitFor(async () => {
    await client.get('/api/v1/namespaces/default/serviceaccounts');
    return true;
  }, 90_000, () => `host kube-apiserver did not serve:\n${apiserver.output()}\netcd:\n${etcd.output()}`);
  const controllerManager = startProcess(env.binary('kube-controller-manager'), [
    `--kubeconfig=${kubeconfig}`, `--controllers=${HOST_CONTROLLERS.join(',')}`, '--leader-elect=false',
    `--root-ca-file=${pki.ca}`, `--service-account-private-key-file=${pki.saKey}`, '--use-service-account-credentials=false',
    '--bind-address=127.0.0.1', `--secure-port=${await freePort()}`, `--service-cluster-ip-range=${NETWORK.serviceCidr}`,
    '--concurrent-endpoint-syncs=5', '--endpoint-updates-batch-period=0s',
  ], dir, { keepDir: true });
  processes.push(controllerManager);
  const kubectl = (args: string[], input?: string) => execFileSync(env.command('kubectl'), ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf-8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000,
  });
  return {
    client,
    credentials,
    kubeconfig,
    kubectl,
    async stop() {
      for (const p of processes.reverse()) await p.stop();
    },
  };
}
