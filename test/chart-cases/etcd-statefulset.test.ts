import { deployedEtcd, MY_RELEASE, occurrences, renderOne, renderTemplate, type Template } from './template-cases';
import { RUNTIME_ENV } from '../../src/contract';

/** chart/templates/etcd-statefulset.yaml: StatefulSet NAME-etcd. */
const etcdStatefulSet: Template = (o, release) => o.kind === 'StatefulSet' && o.metadata.name === `${release.name}-etcd`;
const deployed = (statefulSet: object, controlPlane: object = {}) => deployedEtcd({ statefulSet }, controlPlane);
/** The etcd image runs in the init container that copies its binary; the pod's container is the etcd manager. */
const etcdImage = (object: any) => object.spec.template.spec.initContainers[0].image;
const manager = (object: any) => object.spec.template.spec.containers[0];

describe('StatefulSet of the deployed etcd (the chart\'s etcd-statefulset cases)', () => {
  test('none without a deployed etcd', () => {
    expect(renderTemplate(etcdStatefulSet, {})).toHaveLength(0);
  });

  test('none for a control plane isolated elsewhere', () => {
    const values = { controlPlane: { distro: { k8s: { enabled: true } } }, experimental: { isolatedControlPlane: { headless: true } } };
    expect(renderTemplate(etcdStatefulSet, values)).toHaveLength(0);
  });

  test('the etcd image from the default image registry', () => {
    expect(etcdImage(renderOne(etcdStatefulSet, deployed({ image: { tag: '123' } }, { advanced: { defaultImageRegistry: 'fabi.com' } })))).toBe('fabi.com/etcd:123');
  });

  test('service links disabled for the etcd pods', () => {
    expect(renderOne(etcdStatefulSet, deployed({ enabled: true, enableServiceLinks: false })).spec.template.spec.enableServiceLinks).toBe(false);
  });

  test('the etcd image from its own registry', () => {
    expect(etcdImage(renderOne(etcdStatefulSet, deployed({ image: { registry: 'fabi.com', tag: '123' } })))).toBe('fabi.com/etcd:123');
  });

  test('the storage class of the volume claims', () => {
    const object = renderOne(etcdStatefulSet, deployed({ persistence: { volumeClaim: { storageClass: 'test-sc' } } }));
    expect(object.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('test-sc');
  });

  test('without volume claims: an empty data volume; extra volumes, mounts, env and etcd flags are added', () => {
    // The chart's case leaves the mount's mountPath out; Kubernetes requires one, and so does the schema here.
    const object = renderOne(etcdStatefulSet, deployed({
      extraArgs: ['extra-arg'],
      env: [{ name: 'my-new-env' }],
      persistence: { volumeClaim: { enabled: false }, addVolumes: [{ name: 'my-new-volume' }], addVolumeMounts: [{ name: 'my-new-volume', mountPath: '/my-new-volume' }] },
    }));
    const pod = object.spec.template.spec;
    expect(occurrences(pod.volumes, { name: 'data', emptyDir: {} })).toBe(1);
    expect(object.spec).not.toHaveProperty('volumeClaimTemplates');
    expect(occurrences(pod.volumes, { name: 'my-new-volume' })).toBe(1);
    expect(occurrences(manager(object).volumeMounts, { name: 'my-new-volume', mountPath: '/my-new-volume' })).toBe(1);
    expect(occurrences(manager(object).env, { name: 'my-new-env' })).toBe(1);
    // The manager passes each extra flag on to the etcd it runs.
    expect(occurrences(manager(object).args, '--etcd-arg=extra-arg')).toBe(1);
  });

  test('three members with the k8s distro: NAME-etcd in the release namespace, with its annotations and one volume claim', () => {
    const object = renderOne(etcdStatefulSet, deployed(
      { highAvailability: { replicas: 3 }, annotations: { test: 'test' } },
      { distro: { k8s: { enabled: true } } },
    ), MY_RELEASE);
    expect(object.metadata).toMatchObject({ name: 'my-release-etcd', namespace: 'my-namespace' });
    expect(object.metadata.annotations.test).toBe('test');
    expect(object.spec.replicas).toBe(3);
    expect(object.spec.volumeClaimTemplates).toHaveLength(1);
    const pod = object.spec.template.spec;
    // The chart's pod has the certificates volume only, a container with two mounts, one env var and the whole member
    // list in its command; the manager's pod adds the volume the etcd binary is copied to, and the manager finds the
    // members itself, from its StatefulSet and the headless Service, instead of a fixed --initial-cluster.
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['certs', 'etcd-binaries']);
    expect(manager(object).volumeMounts.map((m: any) => m.name)).toEqual(['data', 'etcd-binaries', 'certs']);
    expect(manager(object).env).toContainEqual({ name: RUNTIME_ENV.statefulSet, value: 'my-release-etcd' });
    expect(manager(object).args.some((a: string) => a.includes('initial-cluster'))).toBe(false);
  });
});
