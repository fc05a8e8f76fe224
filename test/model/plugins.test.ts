import { container, renderValues, workload } from './fixtures';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

const podOf = (values: Record<string, unknown>) => workload(renderValues(values as never)).spec.template.spec;

describe('plugins and legacy plugins in the control plane pod', () => {
  test('no plugins: no plugins volume, mount or container', () => {
    const pod = podOf({});
    expect(pod.volumes.map((v: { name: string }) => v.name)).not.toContain('plugins');
    expect(container(renderValues({}), 'syncer').volumeMounts.map((m: { name: string }) => m.name)).not.toContain('plugins');
  });

  test('init containers in name order, with their own name, pull policy, command, args, mounts and resources', () => {
    const pod = podOf({
      plugins: {
        zeta: { image: 'acme/zeta:1', name: 'zeta-copy', imagePullPolicy: 'Always', command: ['/copy', '3'], args: ['true'], resources: { limits: { memory: '64Mi' } } },
        alpha: { image: 'acme/alpha:1', securityContext: { runAsNonRoot: true }, volumeMounts: [{ name: 'plugins', mountPath: '/target' }] },
        noimage: { config: { a: 1 } },
      },
    });
    expect(pod.initContainers.slice(0, 2)).toEqual([
      {
        image: 'acme/alpha:1',
        name: 'alpha',
        command: ['sh'],
        args: ['-c', 'cp -r /plugin /plugins/alpha'],
        securityContext: { runAsNonRoot: true },
        volumeMounts: [{ name: 'plugins', mountPath: '/target' }],
      },
      {
        image: 'acme/zeta:1',
        name: 'zeta-copy',
        imagePullPolicy: 'Always',
        command: ['/copy', '3'],
        args: ['true'],
        volumeMounts: [{ mountPath: '/plugins', name: 'plugins' }],
        resources: { limits: { memory: '64Mi' } },
      },
    ]);
    expect(pod.initContainers[2].name).toBe('vcluster-copy');
  });

  test('legacy plugins run as sidecars after the syncer, each on its own localhost port, in name order', () => {
    const objects = renderValues({
      controlPlane: { advanced: { defaultImageRegistry: 'mirror.internal' } },
      plugin: {
        second: { image: 'acme/second:1', env: [{ name: 'MODE', value: 'x' }], workingDir: '/work' },
        first: { image: 'acme/first:1', name: 'first-sidecar', args: ['--port', '9000'] },
      },
    } as never);
    const containers = workload(objects).spec.template.spec.containers;
    expect(containers[0].name).toBe('syncer');
    const [first, second] = containers.slice(-2);
    expect(first).toEqual({
      image: 'mirror.internal/acme/first:1',
      name: 'first-sidecar',
      args: ['--port', '9000'],
      env: [{ name: 'VCLUSTER_PLUGIN_ADDRESS', value: 'localhost:14000' }, { name: 'VCLUSTER_PLUGIN_NAME', value: 'first' }],
    });
    expect(second).toMatchObject({
      name: 'second',
      workingDir: '/work',
      env: [{ name: 'VCLUSTER_PLUGIN_ADDRESS', value: 'localhost:14001' }, { name: 'VCLUSTER_PLUGIN_NAME', value: 'second' }, { name: 'MODE', value: 'x' }],
    });
    validateAgainstKubernetesSchema([workload(objects)]);
  });

  test('a legacy sidecar plugin without an image is refused with its path', () => {
    expect(() => renderValues({ plugin: { broken: { args: ['x'] } } } as never)).toThrow(/plugin\.broken\.image: a legacy plugin .* needs an image/);
  });
});
