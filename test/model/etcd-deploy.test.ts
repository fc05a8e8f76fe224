import { ETCD_DEPLOY, find, renderValues } from './fixtures';

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
});
