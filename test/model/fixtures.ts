import { parse } from 'yaml';
import { resolve, type VClusterValues } from '../../src/config';
import { render, type KubeObject } from '../../src/model';

/** What the model tests share: one release, the four stores, and ways to find objects in what is rendered. */
export const release = { name: 'tenant-a', namespace: 'tenants' };
export const renderValues = (values: VClusterValues) => render(resolve(values), release);
export const find = (objects: KubeObject[], kind: string, name: string) => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return object as any;
};
export const configYaml = (objects: KubeObject[]) => parse(Buffer.from(find(objects, 'Secret', 'vc-config-tenant-a').data['config.yaml'], 'base64').toString());
export const workload = (objects: KubeObject[]) => objects.find((o) => o.metadata.name === release.name && /StatefulSet|Deployment/.test(o.kind)) as any;
export const container = (objects: KubeObject[], name: string) => workload(objects).spec.template.spec.containers.find((c: any) => c.name === name);

export const STORES: Record<string, VClusterValues> = {
  'database.embedded': {},
  'database.external': { controlPlane: { backingStore: { database: { external: { enabled: true, dataSourceSecret: { name: 'db', key: 'dsn' } } } }, statefulSet: { highAvailability: { replicas: 2 } } } },
  'etcd.embedded': { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: 3 } } } },
  'etcd.deploy': { controlPlane: { backingStore: { etcd: { deploy: { enabled: true, statefulSet: { highAvailability: { replicas: 3 } } } } } } },
};

/** A deployed etcd with every option set. */
export const ETCD_DEPLOY: VClusterValues = {
  controlPlane: {
    backingStore: {
      etcd: {
        deploy: {
          enabled: true,
          statefulSet: {
            highAvailability: { replicas: 3 },
            image: { registry: 'my.registry', repository: 'etcd', tag: '3.5.16-0' },
            extraArgs: ['--quota-backend-bytes=8589934592'],
            env: [{ name: 'GOMAXPROCS', value: '2' }],
            persistence: { volumeClaim: { size: '20Gi', storageClass: 'ssd', retentionPolicy: 'Delete' } },
            scheduling: { priorityClassName: 'critical', nodeSelector: { pool: 'etcd' } },
            labels: { team: 'a' },
            pods: { labels: { tier: 'etcd' } },
          },
          service: { annotations: { 'example.com/a': 'b' } },
          headlessService: { annotations: { 'example.com/h': 'i' } },
        },
      },
    },
  },
};
