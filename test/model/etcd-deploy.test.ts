import { ETCD_DEPLOY, find, renderValues } from './fixtures';
import { DATA_DIR, SQLITE_PATH } from '../../src/contract';

describe('etcd.deploy', () => {
  const etcd = find(renderValues(ETCD_DEPLOY), 'StatefulSet', 'tenant-a-etcd');

  test('StatefulSet NAME-etcd with every option', () => {
    expect(etcd.spec.replicas).toBe(3);
    expect(etcd.spec.serviceName).toBe('tenant-a-etcd-headless');
    expect(etcd.spec.selector.matchLabels).toEqual({ app: 'vcluster-etcd', release: 'tenant-a' });
    expect(etcd.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete' });
    expect(etcd.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } });
    expect(etcd.metadata.labels.team).toBe('a');
    expect(etcd.spec.template.metadata.labels).toEqual({ app: 'vcluster-etcd', release: 'tenant-a', tier: 'etcd' });
    const spec = etcd.spec.template.spec;
    expect(spec.priorityClassName).toBe('critical');
    expect(spec.nodeSelector).toEqual({ pool: 'etcd' });
    expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(2);
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0].image).toBe('my.registry/etcd:3.5.16-0');
    // The etcd image has no shell, and its cp takes exactly a source and a destination.
    expect(spec.initContainers[0].command).toEqual(['cp', '/usr/local/bin/etcd', '/etcd-bin/etcd']);
    expect(spec.initContainers[0].args).toBeUndefined();
    const manager = spec.containers[0];
    expect(manager.args).toEqual(expect.arrayContaining(['etcd', '--etcd-binary=/etcd-bin/etcd', '--etcd-arg=--quota-backend-bytes=8589934592']));
    expect(manager.env).toContainEqual({ name: 'GOMAXPROCS', value: '2' });
    expect(manager.env).toContainEqual({ name: 'VCK_STATEFULSET', value: 'tenant-a-etcd' });
  });

  test('a volume the chart\'s etcd left (its data at the volume root) is adopted, the claim being the same', () => {
    const manager = etcd.spec.template.spec.containers[0];
    // The chart mounts claim "data" at /var/lib/etcd, its --data-dir: the volume's root is DATA_DIR here.
    expect(etcd.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(manager.volumeMounts).toContainEqual({ name: 'data', mountPath: DATA_DIR });
    expect(manager.args).toContain(`--adopt-data-from=${DATA_DIR}`);
    expect(manager.args).not.toContain(`--migrate-from-sqlite=${SQLITE_PATH}`);
  });
});
