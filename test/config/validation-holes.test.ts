import { problemsOf } from './helpers';
import { resolve, type VClusterValues } from '../../src/config';
import { carriesPassword } from '../../src/config/resolve';
import { render } from '../../src/model';
import { EtcdCluster, PersistenceConfig, resolveProps, SqlBackingStore } from '../../src/props';


describe('an existing claim is one volume: it cannot be every replica\'s data volume', () => {
  test('refused with more than one replica, naming the claim and the fix', () => {
    const problems = problemsOf(() => resolveProps({
      backingStore: EtcdCluster.embedded(),
      replicas: 3,
      persistence: PersistenceConfig.existingClaim('tenant-a-data'),
    }));
    expect(problems).toEqual([{
      path: 'controlPlane.statefulSet.persistence.dataVolume[0].persistentVolumeClaim',
      message: expect.stringMatching(/all 3 replicas would mount the one claim "tenant-a-data".*persistence.volumeClaim.*or 1 replica/),
    }]);
  });

  test('accepted with one replica', () => {
    expect(resolveProps({ persistence: PersistenceConfig.existingClaim('tenant-a-data') }).controlPlane.statefulSet.persistence.dataVolume)
      .toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'tenant-a-data' } }]);
  });
});

describe('warnings: what works but is probably not meant', () => {
  test.each([
    [2, 'etcd.embedded', 'controlPlane.statefulSet.highAvailability.replicas'],
    [4, 'etcd.embedded', 'controlPlane.statefulSet.highAvailability.replicas'],
    [4, 'etcd.deploy', 'controlPlane.backingStore.etcd.deploy.statefulSet.highAvailability.replicas'],
  ])('%i etcd members (%s) are warned of, with the odd counts around', (count, store, path) => {
    const values: VClusterValues = store === 'etcd.embedded'
      ? { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: count } } } }
      : { controlPlane: { backingStore: { etcd: { deploy: { enabled: true, statefulSet: { highAvailability: { replicas: count } } } } } } };
    expect(resolve(values).warnings).toEqual([{ path, message: expect.stringContaining(`use ${count - 1} or ${count + 1}`) }]);
  });

  test.each([1, 3, 5])('%i etcd members: no warning', (count) => {
    const controlPlane = { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: count } } };
    const values = { controlPlane };
    expect(resolve(values).warnings).toEqual([]);
  });

  test('two control plane replicas on an external database are no etcd members', () => {
    expect(resolve({
      controlPlane: {
        backingStore: { database: { external: { enabled: true, dataSourceSecret: { name: 'db', key: 'dsn' } } } },
        statefulSet: { highAvailability: { replicas: 2 } },
      },
    }).warnings).toEqual([]);
  });

  test('an inline data source with a password is accepted as the chart accepts it, with a warning and the fix', () => {
    const config = resolve({ controlPlane: { backingStore: { database: { external: { enabled: true, dataSource: 'postgres://vc:secret@db:5432/vc' } } } } });
    expect(config.warnings).toEqual([{
      path: 'controlPlane.backingStore.database.external.dataSource',
      message: expect.stringContaining('set dataSourceSecret: { name, key } instead'),
    }]);
    expect(resolve({ controlPlane: { backingStore: { database: { external: { enabled: true, dataSource: 'postgres://db:5432/vc?sslmode=verify-full' } } } } }).warnings).toEqual([]);
  });

  test.each([
    ['postgres://user:pass@db:5432/vc', true],
    ['postgresql://user@db:5432/vc', false],
    ['postgres://db:5432/vc', false],
    ['host=db user=vc password=secret dbname=vc', true],
    ['postgres://db/vc?user=vc&password=secret', true],
    ['mysql://user:pass@tcp(db:3306)/vc', true],
    ['user:pass@tcp(db:3306)/vc', true],
    ['mysql://user@tcp(db:3306)/vc', false],
    ['', false],
  ])('carriesPassword(%j) is %s', (dataSource, expected) => {
    expect(carriesPassword(dataSource)).toBe(expected);
  });
});

describe('typed options win over the values they stand for', () => {
  test('a typed backing store replaces the values\' backing store instead of adding a second one', () => {
    const config = resolveProps({
      backingStore: SqlBackingStore.postgres({ dataSource: { secret: { name: 'db' }, key: 'dsn' } }),
      values: { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } } } },
    });
    expect(config.store).toBe('database.external');
  });

  test('typed persistence replaces the values\' persistence; the other statefulSet values stay', () => {
    const config = resolveProps({
      persistence: PersistenceConfig.ephemeral(),
      values: { controlPlane: { statefulSet: { persistence: { dataVolume: [{ name: 'data', emptyDir: {} }] }, labels: { team: 'a' } } } },
    });
    expect(config.controlPlane.statefulSet.persistence.dataVolume).toEqual([]);
    expect(config.controlPlane.statefulSet.labels).toEqual({ team: 'a' });
  });

  test('without typed options the values are taken whole', () => {
    expect(resolveProps({ values: { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } } } } }).store).toBe('etcd.embedded');
  });
});

describe('the runtime image: a prop, a values key, and defaultImageRegistry on it', () => {
  const release = { name: 'tenant-a', namespace: 'tenants' };
  const runtimeImages = (values: VClusterValues, runtimeImage?: string) => render(resolveProps({ values, runtimeImage }), release)
    .flatMap((o) => JSON.stringify(o).match(/"image":"[^"]*runtime[^"]*"/g) ?? []);

  test('the default image, when nothing is set', () => {
    expect(new Set(runtimeImages({}))).toEqual(new Set(['"image":"ghcr.io/vcluster-constructs/runtime:0.1.0"']));
  });

  test('the prop, split into the chart\'s registry, repository and tag', () => {
    const config = resolveProps({ runtimeImage: 'registry.example.com:5000/mirror/runtime:0.1.0-patched' });
    expect(config.runtime.image).toEqual({ registry: 'registry.example.com:5000', repository: 'mirror/runtime', tag: '0.1.0-patched' });
    expect(runtimeImages({}, 'registry.example.com:5000/mirror/runtime:0.1.0-patched'))
      .toEqual(['"image":"registry.example.com:5000/mirror/runtime:0.1.0-patched"']);
  });

  test('the values key, with its pull policy, on every runtime container (control plane and deployed etcd)', () => {
    const values: VClusterValues = {
      runtime: { image: { registry: 'mirror.example.com', repository: 'acme/runtime', tag: '9.9.9' }, imagePullPolicy: 'Always' },
      controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } } },
    };
    const objects = render(resolve(values), release);
    const containers = objects.flatMap((o: any) => o.spec?.template?.spec?.containers ?? [])
      .filter((c: any) => String(c.image).includes('acme/runtime'));
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) expect(c).toMatchObject({ image: 'mirror.example.com/acme/runtime:9.9.9', imagePullPolicy: 'Always' });
  });

  test('defaultImageRegistry applies to the runtime image as to every other', () => {
    expect(runtimeImages({ controlPlane: { advanced: { defaultImageRegistry: 'mirror.internal' } } }))
      .toEqual(['"image":"mirror.internal/vcluster-constructs/runtime:0.1.0"']);
  });

  test('the runtime key never reaches the syncer', () => {
    const config = resolve({ runtime: { image: { tag: '0.2.0' } } });
    expect(config.values).not.toHaveProperty('runtime');
  });

  test('a misspelt runtime key is refused with its path and a guess', () => {
    expect(problemsOf(() => resolve({ runtime: { imagePullPolicyy: 'Always' } })))
      .toEqual([{ path: 'runtime.imagePullPolicyy', message: 'unknown key: did you mean imagePullPolicy?' }]);
  });

  test.each([
    ['runtime:0.1.0', { registry: '', repository: 'runtime', tag: '0.1.0' }],
    ['acme/runtime:1', { registry: '', repository: 'acme/runtime', tag: '1' }],
    ['localhost/runtime:dev', { registry: 'localhost', repository: 'runtime', tag: 'dev' }],
    ['localhost:5000/a/b/runtime:dev', { registry: 'localhost:5000', repository: 'a/b/runtime', tag: 'dev' }],
  ])('runtimeImage %j', (reference, expected) => {
    expect(resolveProps({ runtimeImage: reference }).runtime.image).toEqual(expected);
  });

  test.each([
    ['ghcr.io/acme/runtime', /runtimeImage: "ghcr.io\/acme\/runtime" needs a tag/],
    ['ghcr.io/acme/runtime@sha256:abc', /is pinned by digest; give a tag instead/],
    ['ghcr.io/Acme/runtime:1', /runtime.image.repository: must be a lowercase repository path/],
  ])('runtimeImage %j is refused', (reference, message) => {
    expect(() => resolveProps({ runtimeImage: reference })).toThrow(message);
  });
});
