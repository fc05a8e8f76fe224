import { container, renderValues, STORES, workload } from './fixtures';

describe('StatefulSet or Deployment', () => {
  test('the SQLite default keeps state: a StatefulSet with a data volume claim (auto)', () => {
    const sts = workload(renderValues({}));
    expect(sts.kind).toBe('StatefulSet');
    expect(sts.spec.volumeClaimTemplates).toEqual([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain' });
    expect(sts.spec.serviceName).toBe('tenant-a-headless');
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
  });

  test('an external database keeps no state: a Deployment with an emptyDir data volume', () => {
    const deployment = workload(renderValues(STORES['database.external']));
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.strategy).toEqual({ rollingUpdate: { maxSurge: 1, maxUnavailable: 1 }, type: 'RollingUpdate' });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });

  test('embedded etcd is always a StatefulSet', () => {
    expect(workload(renderValues({ ...STORES['etcd.embedded'], controlPlane: { ...STORES['etcd.embedded'].controlPlane, statefulSet: { persistence: { volumeClaim: { enabled: false } } } } })).kind)
      .toBe('StatefulSet');
  });

  test('volumeClaim.enabled: true forces a claim; false drops it', () => {
    expect(workload(renderValues({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } }, statefulSet: { persistence: { volumeClaim: { enabled: true } } } } })).kind).toBe('StatefulSet');
    expect(workload(renderValues({ controlPlane: { statefulSet: { persistence: { volumeClaim: { enabled: false } } } } })).kind).toBe('Deployment');
  });

  test('retention policy, storage class and size of the claim', () => {
    const sts = workload(renderValues({ controlPlane: { statefulSet: { persistence: { volumeClaim: { retentionPolicy: 'Delete', size: '20Gi', storageClass: 'fast' } } } } }));
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } });
  });

  test('an existing claim through dataVolume, extra volumes and mounts', () => {
    const objects = renderValues({
      controlPlane: {
        statefulSet: {
          persistence: {
            volumeClaim: { enabled: false },
            dataVolume: [{ name: 'data', persistentVolumeClaim: { claimName: 'tenant-a-data' } }],
            addVolumes: [{ name: 'extra', configMap: { name: 'x' } }],
            addVolumeMounts: [{ name: 'extra', mountPath: '/extra' }],
          },
        },
      },
    });
    const spec = workload(objects).spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'tenant-a-data' } });
    expect(spec.volumes).not.toContainEqual({ name: 'data', emptyDir: {} });
    expect(spec.volumes).toContainEqual({ name: 'extra', configMap: { name: 'x' } });
    expect(container(objects, 'syncer').volumeMounts).toContainEqual({ name: 'extra', mountPath: '/extra' });
  });
});
