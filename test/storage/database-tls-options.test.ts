import { readFileSync, rmSync } from 'fs';
import { readDatabaseTls, type DatabaseTls } from '../../src/runtime/storage/sql/database-tls';
import { mysqlSsl } from '../../src/runtime/storage/sql/mysql';
import { postgresConnection } from '../../src/runtime/storage/sql/postgres';
import { makePki, type Pki } from '../support/pki';
import { scratchDir } from '../support/processes';

let dir: string;
let pki: Pki;
let flags: DatabaseTls;
beforeAll(() => {
  dir = scratchDir('database-tls-options');
  pki = makePki(dir, ['client']);
  flags = readDatabaseTls({ caFile: pki.ca, certFile: pki.cert('client'), keyFile: pki.key('client') })!;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a pg `ssl` option asks: encryption at all, the chain checked, the host name checked; and the files it carries. */
function described(ssl: ReturnType<typeof postgresConnection>['ssl']) {
  if (ssl === undefined || typeof ssl === 'boolean') return ssl;
  return {
    chain: ssl.rejectUnauthorized !== false,
    hostname: ssl.rejectUnauthorized !== false && ssl.checkServerIdentity === undefined,
    files: (['ca', 'cert', 'key'] as const).filter((f) => ssl[f] !== undefined),
  };
}

describe('PostgreSQL: sslmode as libpq (and kine\'s pgx) means it, with the TLS flags filling in what the data source leaves out', () => {
  const url = 'postgres://u:p%40ss@db.example:5432/kine?application_name=vck';
  test.each([
    ['', false, undefined],
    ['', true, { chain: true, hostname: true, files: ['ca', 'cert', 'key'] }],
    ['&sslmode=disable', true, false],
    ['&sslmode=prefer', true, { chain: false, hostname: false, files: ['ca', 'cert', 'key'] }],
    ['&sslmode=require', false, { chain: false, hostname: false, files: [] }],
    ['&sslmode=require', true, { chain: true, hostname: false, files: ['ca', 'cert', 'key'] }],
    ['&sslmode=verify-ca', true, { chain: true, hostname: false, files: ['ca', 'cert', 'key'] }],
    ['&sslmode=verify-full', false, { chain: true, hostname: true, files: [] }],
  ])('data source ...%s, flags given: %s', (params, withFlags, expected) => {
    const connection = postgresConnection(`${url}${params}`, withFlags ? flags : undefined);
    expect(described(connection.ssl)).toEqual(expected);
    // The ssl* parameters leave the URL (pg would let them override `ssl`); the rest stays, encoded as it was.
    expect(connection.connectionString).toBe(url);
  });

  test('the data source\'s own files win over the flags, and a missing one fails naming the parameter', () => {
    const connection = postgresConnection(`${url}&sslmode=verify-full&sslrootcert=${encodeURIComponent(pki.cert('client'))}`, flags);
    expect((connection.ssl as { ca: Buffer }).ca).toEqual(readFileSync(pki.cert('client')));
    expect(() => postgresConnection(`${url}&sslrootcert=/absent/ca.crt`)).toThrow('sslrootcert in the data source: /absent/ca.crt: cannot read it (ENOENT)');
    expect(() => postgresConnection(`${url}&sslmode=verify`)).toThrow('sslmode=verify in the data source: use disable, allow, prefer, require, verify-ca or verify-full');
  });
});

describe('MySQL: the TLS flags make the connection\'s TLS config, as kine registers it; else the data source\'s tls parameter', () => {
  const dsn = 'mysql://u:p@tcp(db.example:3306)/kine';
  test.each([
    [dsn, false, undefined],
    [`${dsn}?tls=false`, false, undefined],
    [`${dsn}?tls=true`, false, { rejectUnauthorized: true, verifyIdentity: true }],
    [`${dsn}?tls=skip-verify`, false, { rejectUnauthorized: false }],
    [`${dsn}?tls=false`, true, { rejectUnauthorized: true, verifyIdentity: true, files: 3 }],
  ])('%s, flags given: %s', (source, withFlags, expected) => {
    const ssl = mysqlSsl(source, withFlags ? flags : undefined);
    if (!ssl || !expected) return expect(ssl).toEqual(expected);
    const { ca, cert, key, ...verification } = ssl;
    const files = [ca, cert, key].filter((f) => f !== undefined).length;
    expect({ ...verification, ...(files > 0 ? { files } : {}) }).toEqual(expected);
  });

  test('--skip-verify turns verification off; an unknown tls value is refused', () => {
    expect(mysqlSsl(dsn, { ...flags, skipVerify: true })).toMatchObject({ rejectUnauthorized: false, verifyIdentity: false });
    expect(() => mysqlSsl(`${dsn}?tls=custom`)).toThrow('tls=custom in the data source: use true, false, skip-verify or preferred');
  });
});
