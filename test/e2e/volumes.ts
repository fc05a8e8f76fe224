import { chmodSync, mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import type { KubeClient, Obj } from './kube-client';

/** Where a pod's volumes live on the host: one directory per volume, claims kept apart so they outlive the pod. */
export interface VolumeRoots {
  /** This pod's scratch directory (emptyDir volumes, Secret and ConfigMap files). */
  readonly pod: string;
  /** Directory of persistent volume claims, by namespace and claim name. */
  readonly claims: string;
}

/** The minimal view of a pod the volume and env resolution reads. */
type Pod = Obj;

/**
 * Materializes every volume of `pod` as a directory, as the kubelet would before starting containers. Throws while a
 * referenced Secret or ConfigMap does not exist (the kubelet keeps the pod in ContainerCreating and retries).
 */
export async function materializeVolumes(client: KubeClient, pod: Pod, roots: VolumeRoots): Promise<Map<string, string>> {
  const ns = pod.metadata.namespace as string;
  const dirs = new Map<string, string>();
  for (const volume of (pod.spec.volumes ?? []) as Obj[]) {
    const dir = volume.persistentVolumeClaim
      ? join(roots.claims, ns, volume.persistentVolumeClaim.claimName)
      : join(roots.pod, 'volumes', volume.name);
    mkdirSync(dir, { recursive: true });
    if (volume.secret) {
      await writeSource(client, dir, ns, { secret: volume.secret }, volume.secret.defaultMode);
    } else if (volume.configMap) {
      await writeSource(client, dir, ns, { configMap: volume.configMap }, volume.configMap.defaultMode);
    } else if (volume.projected) {
      for (const source of volume.projected.sources as Obj[]) await writeSource(client, dir, ns, source, volume.projected.defaultMode, pod);
    } else if (volume.downwardAPI) {
      await writeSource(client, dir, ns, { downwardAPI: volume.downwardAPI }, volume.downwardAPI.defaultMode, pod);
    } else if (volume.hostPath) {
      dirs.set(volume.name, volume.hostPath.path);
      continue;
    } else if (!volume.emptyDir && !volume.persistentVolumeClaim) {
      throw new Error(`volume ${volume.name}: this kind of volume is not emulated (${Object.keys(volume).join(', ')})`);
    }
    dirs.set(volume.name, dir);
  }
  return dirs;
}

/** The files of a Secret or ConfigMap (all keys, or the listed items), decoded. */
async function keyFiles(client: KubeClient, ns: string, kind: 'secret' | 'configMap', ref: Obj): Promise<Map<string, Buffer>> {
  const name = kind === 'secret' ? ref.secretName ?? ref.name : ref.name;
  const object = await client.find(`/api/v1/namespaces/${ns}/${kind === 'secret' ? 'secrets' : 'configmaps'}/${name}`);
  if (!object) {
    if (ref.optional) return new Map();
    throw new Error(`${kind} ${ns}/${name} does not exist yet`);
  }
  const values = new Map<string, Buffer>();
  for (const [key, value] of Object.entries((object.data ?? {}) as Record<string, string>)) {
    values.set(key, kind === 'secret' ? Buffer.from(value, 'base64') : Buffer.from(value));
  }
  for (const [key, value] of Object.entries((object.binaryData ?? {}) as Record<string, string>)) values.set(key, Buffer.from(value, 'base64'));
  if (!ref.items) return values;
  const files = new Map<string, Buffer>();
  for (const item of ref.items as Obj[]) {
    const value = values.get(item.key);
    if (value === undefined) {
      if (ref.optional) continue;
      throw new Error(`${kind} ${ns}/${name} has no key ${item.key}`);
    }
    files.set(item.path, value);
  }
  return files;
}

async function writeSource(client: KubeClient, dir: string, ns: string, source: Obj, defaultMode: number | undefined, pod?: Pod): Promise<void> {
  const files = new Map<string, Buffer>();
  if (source.secret) for (const [p, v] of await keyFiles(client, ns, 'secret', source.secret)) files.set(p, v);
  if (source.configMap) for (const [p, v] of await keyFiles(client, ns, 'configMap', source.configMap)) files.set(p, v);
  if (source.downwardAPI) {
    for (const item of source.downwardAPI.items as Obj[]) files.set(item.path, Buffer.from(fieldValue(pod!, item.fieldRef.fieldPath)));
  }
  if (source.serviceAccountToken) {
    // The kubelet asks for a token bound to the pod, for the pod's ServiceAccount: a missing RBAC rule fails as in a cluster.
    const token = await client.post(`/api/v1/namespaces/${ns}/serviceaccounts/${pod!.spec.serviceAccountName}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: source.serviceAccountToken.audience ? [source.serviceAccountToken.audience] : undefined,
        expirationSeconds: source.serviceAccountToken.expirationSeconds ?? 3607,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod!.metadata.name, uid: pod!.metadata.uid },
      },
    });
    files.set(source.serviceAccountToken.path, Buffer.from(token.status.token as string));
  }
  for (const [path, value] of files) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, value);
    chmodSync(file, defaultMode ?? 0o644);
  }
}

/** A downward API field of the pod (env `fieldRef` and downwardAPI volume items). */
export function fieldValue(pod: Pod, fieldPath: string): string {
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (label) return String(pod.metadata[label[1]]?.[label[2]] ?? '');
  const fields: Record<string, unknown> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  if (!(fieldPath in fields)) throw new Error(`fieldRef ${fieldPath} is not emulated`);
  return String(fields[fieldPath] ?? '');
}
