import { container, renderValues, workload } from './fixtures';
import { ConfigError, type VClusterValues } from '../../src/config';
import { STORAGE_CONTAINER_NAME } from '../../src/contract';

/** An external PostgreSQL whose TLS files are given in `external`, with the volumes and mounts in `persistence`. */
function externalDatabase(external: Record<string, string>, persistence: Record<string, unknown> = {}): VClusterValues {
  return {
    controlPlane: {
      backingStore: { database: { external: { enabled: true, dataSourceSecret: { name: 'db', key: 'dsn' }, ...external } } },
      statefulSet: { persistence },
    },
  };
}

const SECRET_VOLUME = { name: 'db-tls', secret: { secretName: 'db-client-tls' } };
const TLS_FILES = { caFile: '/db-tls/ca.crt', certFile: '/db-tls/tls.crt', keyFile: '/db-tls/tls.key' };

/** The problems a ConfigError lists, as `path: message` lines. */
function problems(values: VClusterValues): string[] {
  try {
    renderValues(values);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('rendered without a problem');
}

describe('the external database\'s TLS files', () => {
  test('reach vck storage as kine\'s flags, read through the same Secret volume the syncer mounts, at the same path', () => {
    const objects = renderValues(externalDatabase(TLS_FILES, {
      addVolumes: [SECRET_VOLUME, { name: 'unrelated', emptyDir: {} }],
      addVolumeMounts: [{ name: 'db-tls', mountPath: '/db-tls' }, { name: 'unrelated', mountPath: '/scratch' }],
    }));
    const storage = container(objects, STORAGE_CONTAINER_NAME);
    expect(storage.args).toEqual(expect.arrayContaining(['--ca-file=/db-tls/ca.crt', '--cert-file=/db-tls/tls.crt', '--key-file=/db-tls/tls.key']));
    // One mount for the three files, read-only; the mount that holds none of them stays the syncer's alone.
    expect(storage.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'db-tls', mountPath: '/db-tls', readOnly: true }]);
    expect(container(objects, 'syncer').volumeMounts).toEqual(expect.arrayContaining([{ name: 'db-tls', mountPath: '/db-tls' }]));
    expect(workload(objects).spec.template.spec.volumes).toEqual(expect.arrayContaining([SECRET_VOLUME]));
    // The files travel as paths only: nothing of a certificate is inline in the pod.
    expect(JSON.stringify(workload(objects))).not.toMatch(/BEGIN/);
  });

  test('a CA alone is passed alone; a file behind nested mounts comes from the deepest one, as in the syncer', () => {
    const storage = container(renderValues(externalDatabase({ caFile: '/etc/db/ca/ca.crt' }, {
      addVolumes: [SECRET_VOLUME, { name: 'db-config', configMap: { name: 'db' } }],
      addVolumeMounts: [{ name: 'db-config', mountPath: '/etc/db' }, { name: 'db-tls', mountPath: '/etc/db/ca/', subPath: 'ca' }],
    })), STORAGE_CONTAINER_NAME);
    expect(storage.args.filter((a: string) => /^--(ca|cert|key)-file=/.test(a))).toEqual(['--ca-file=/etc/db/ca/ca.crt']);
    expect(storage.volumeMounts.slice(1)).toEqual([{ name: 'db-tls', mountPath: '/etc/db/ca/', subPath: 'ca', readOnly: true }]);
  });

  test('without files, nothing is added: no database TLS flag and no extra mount', () => {
    const storage = container(renderValues(externalDatabase({}, { addVolumes: [SECRET_VOLUME], addVolumeMounts: [{ name: 'db-tls', mountPath: '/db-tls' }] })),
      STORAGE_CONTAINER_NAME);
    expect(storage.args.filter((a: string) => /^--(ca|cert|key)-file=/.test(a))).toEqual([]);
    expect(storage.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
  });

  test('a file that no added volume mount covers is refused, naming the field and the fix', () => {
    expect(problems(externalDatabase({ caFile: '/db-tls/ca.crt' }))).toEqual([
      'controlPlane.backingStore.database.external.caFile: /db-tls/ca.crt is in no volume mounted with '
      + 'controlPlane.statefulSet.persistence.addVolumeMounts: give an absolute path inside one, after adding the Secret that holds '
      + 'the file to persistence.addVolumes and mounting it there (e.g. at /db-tls)',
    ]);
    // A mount whose path only shares a prefix with the file's directory does not cover it; neither does a relative path.
    const elsewhere = { addVolumes: [SECRET_VOLUME], addVolumeMounts: [{ name: 'db-tls', mountPath: '/db' }] };
    expect(problems(externalDatabase({ caFile: '/db-tls/ca.crt', certFile: 'tls.crt', keyFile: '/db/../tls.key' }, elsewhere))
      .map((p) => p.split(':')[0])).toEqual([
      'controlPlane.backingStore.database.external.caFile',
      'controlPlane.backingStore.database.external.certFile',
      'controlPlane.backingStore.database.external.keyFile',
    ]);
  });

  test('a client certificate without its key (or the key alone) is refused', () => {
    const mounted = { addVolumes: [SECRET_VOLUME], addVolumeMounts: [{ name: 'db-tls', mountPath: '/db-tls' }] };
    expect(problems(externalDatabase({ certFile: '/db-tls/tls.crt' }, mounted))).toEqual([
      'controlPlane.backingStore.database.external.keyFile: certFile and keyFile go together (the client certificate presented '
      + 'to the database and its key): set both, or neither',
    ]);
    expect(problems(externalDatabase({ keyFile: '/db-tls/tls.key' }, mounted))[0]).toMatch(/^controlPlane\.backingStore\.database\.external\.certFile: /);
  });

  test('the files of a database that is not the store change nothing', () => {
    const storage = container(renderValues({ controlPlane: { backingStore: { database: { external: { caFile: '/nowhere/ca.crt' } } } } }),
      STORAGE_CONTAINER_NAME);
    expect(storage.args).not.toContain('--ca-file=/nowhere/ca.crt');
  });
});
