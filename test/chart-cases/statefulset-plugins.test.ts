import { documentsOf } from './chart-case';

/**
 * The plugin cases of chart/tests/statefulset_test.yaml (vCluster v0.21.6). "plugin volumes 2" (on k0s) is with
 * the distro cases in statefulset.test.ts.
 */
const podOf = (values: Record<string, unknown>) => documentsOf('StatefulSet', values)[0].spec.template.spec;

describe('chart case: ControlPlane StatefulSet, plugins', () => {
  test('a plugin and a legacy v2 plugin: one plugins volume, one init container each before the distro\'s', () => {
    const pod = podOf({ plugins: { test: { image: 'test' } }, plugin: { test123: { version: 'v2', image: 'test' } } });
    expect(pod.volumes).toHaveLength(7);
    expect(pod.initContainers).toHaveLength(5);
    // Legacy v2 plugins are copied first, then `plugins`; each copies itself under /plugins/NAME.
    expect(pod.initContainers.slice(0, 2)).toEqual([
      { image: 'test', name: 'test123', command: ['sh'], args: ['-c', 'cp -r /plugin /plugins/test123'], volumeMounts: [{ mountPath: '/plugins', name: 'plugins' }] },
      { image: 'test', name: 'test', command: ['sh'], args: ['-c', 'cp -r /plugin /plugins/test'], volumeMounts: [{ mountPath: '/plugins', name: 'plugins' }] },
    ]);
    expect(pod.volumes[0]).toEqual({ name: 'plugins', emptyDir: {} });
    expect(pod.containers[0].volumeMounts[0]).toEqual({ mountPath: '/plugins', name: 'plugins' });
  });

  test('a legacy plugin of no version: a sidecar, no plugins volume and no init container', () => {
    const pod = podOf({ plugin: { test: { image: 'test' } } });
    expect(pod.volumes).toHaveLength(6);
    expect(pod.initContainers).toHaveLength(3);
    expect(pod.containers.map((c: { name: string }) => c.name)).toContain('test');
  });
});
