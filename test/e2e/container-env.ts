import type { KubeClient, Obj } from './kube-client';
import { fieldValue } from './volumes';

/** What every container sees besides its own env: a PATH as images set one, and the in-cluster API address. */
export interface BaseEnv {
  readonly apiHost: string;
  readonly apiPort: number;
}

async function keyValue(client: KubeClient, ns: string, kind: 'secrets' | 'configmaps', ref: Obj): Promise<string | undefined> {
  const object = await client.find(`/api/v1/namespaces/${ns}/${kind}/${ref.name}`);
  const raw = object?.data?.[ref.key] as string | undefined;
  if (raw === undefined) {
    if (ref.optional) return undefined;
    throw new Error(`${kind === 'secrets' ? 'secret' : 'configmap'} ${ns}/${ref.name} key ${ref.key} does not exist (CreateContainerConfigError)`);
  }
  return kind === 'secrets' ? Buffer.from(raw, 'base64').toString() : raw;
}

/** Expands `$(VAR)` references to earlier variables, as the kubelet does; `$$(VAR)` stays literal. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && name in env ? env[name] : match;
  });
}

/**
 * A container's environment as the kubelet builds it: `envFrom`, then `env` with the downward API, Secret and
 * ConfigMap references resolved, on top of the in-cluster API address (service links are not emulated).
 */
export async function containerEnv(client: KubeClient, pod: Obj, container: Obj, base: BaseEnv): Promise<Record<string, string>> {
  const ns = pod.metadata.namespace as string;
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    HOSTNAME: pod.spec.hostname ?? pod.metadata.name,
    KUBERNETES_SERVICE_HOST: base.apiHost,
    KUBERNETES_SERVICE_PORT: String(base.apiPort),
    KUBERNETES_SERVICE_PORT_HTTPS: String(base.apiPort),
  };
  for (const from of (container.envFrom ?? []) as Obj[]) {
    const kind = from.secretRef ? 'secrets' : 'configmaps';
    const ref = from.secretRef ?? from.configMapRef;
    const object = await client.find(`/api/v1/namespaces/${ns}/${kind}/${ref.name}`);
    if (!object && !ref.optional) throw new Error(`${kind} ${ns}/${ref.name} does not exist (CreateContainerConfigError)`);
    for (const [key, raw] of Object.entries((object?.data ?? {}) as Record<string, string>)) {
      env[`${from.prefix ?? ''}${key}`] = kind === 'secrets' ? Buffer.from(raw, 'base64').toString() : raw;
    }
  }
  for (const variable of (container.env ?? []) as Obj[]) {
    const source = variable.valueFrom as Obj | undefined;
    let value: string | undefined;
    if (!source) value = expand(variable.value ?? '', env);
    else if (source.fieldRef) value = fieldValue(pod, source.fieldRef.fieldPath);
    else if (source.secretKeyRef) value = await keyValue(client, ns, 'secrets', source.secretKeyRef);
    else if (source.configMapKeyRef) value = await keyValue(client, ns, 'configmaps', source.configMapKeyRef);
    else throw new Error(`env ${variable.name}: ${Object.keys(source).join(', ')} is not emulated`);
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}
