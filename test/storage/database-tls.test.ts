import { rmSync } from 'fs';
import { join } from 'path';
import { b, client } from './helpers';
import { startMariadb } from '../support/mariadb-server';
import { makePki, type Pki } from '../support/pki';
import { startPostgres } from '../support/postgres-server';
import { scratchDir } from '../support/processes';
import { LOOPBACK, type ServerTls, type SqlServer } from '../support/sql-server';
import { startStorage } from '../support/storage-server';
import { scaled } from '../support/time-scale';
import { vck } from '../support/vck';

/**
 * Databases that admit TLS connections only, and a user (`clientCertUrl`) that must also present a client certificate.
 * `refusals` are what each says to a client without TLS and to one without a client certificate.
 */
const databases: [string, (tls: ServerTls) => Promise<SqlServer>, { plain: RegExp; noClientCert: RegExp }][] = [
  ['PostgreSQL', (tls) => startPostgres(LOOPBACK, tls), { plain: /no encryption/, noClientCert: /requires a valid client certificate/ }],
  // MariaDB answers a client without TLS as it answers a wrong password (the same user connects with TLS just above).
  ['MySQL', (tls) => startMariadb(LOOPBACK, tls), { plain: /Access denied for user 'vck'/, noClientCert: /Access denied for user 'x509'/ }],
];

describe.each(databases)('%s requiring TLS', (name, startDatabase, refusals) => {
  let dir: string;
  let pki: Pki;
  let otherCa: Pki;
  let database: SqlServer;
  beforeAll(async () => {
    dir = scratchDir('database-tls');
    pki = makePki(dir, ['server', 'client']);
    otherCa = makePki(scratchDir('database-tls-other'), []);
    database = await startDatabase({ ca: pki.ca, cert: pki.cert('server'), key: pki.key('server') });
  }, scaled(120_000));
  afterAll(async () => {
    await database?.stop();
    for (const d of [dir, otherCa && join(otherCa.ca, '..')]) if (d) rmSync(d, { recursive: true, force: true });
  });

  /** Starts vck storage on the database, writes a key through it and reads it back. */
  async function putGet(endpoint: string, args: string[]): Promise<string | undefined> {
    const storage = await startStorage({ endpoint, args });
    const c = client(storage.endpoint);
    try {
      await c.kv.put({ key: b('/tls/key'), value: b(`through ${args.length} flags`) });
      return (await c.kv.range({ key: b('/tls/key') })).kvs[0]?.value.toString();
    } finally {
      c.close();
      await storage.stop();
    }
  }

  /** What vck storage says when it cannot start on the database. */
  function refusal(endpoint: string, args: string[]): string {
    const result = vck('storage', `--endpoint=${endpoint}`, '--listen-address=127.0.0.1:0', '--metrics-bind-address=0', '--query-timeout=5s', ...args);
    expect(result.status).toBe(1);
    return result.stderr;
  }

  test('vck storage connects with the CA, verifying the server, and serves puts and gets', async () => {
    expect(await putGet(database.url, [`--ca-file=${pki.ca}`])).toBe('through 1 flags');
  }, scaled(60_000));

  test('with the CA and a client certificate, it connects as a user that must present one', async () => {
    const flags = [`--ca-file=${pki.ca}`, `--cert-file=${pki.cert('client')}`, `--key-file=${pki.key('client')}`];
    expect(await putGet(database.clientCertUrl!, flags)).toBe('through 3 flags');
  }, scaled(60_000));

  test('without TLS, with another CA, or without the client certificate it fails at start, naming the database and why', () => {
    const where = `the ${name} database at 127\\.0\\.0\\.1:${database.port} \\(from --endpoint\\)`;
    expect(refusal(database.url, [])).toMatch(new RegExp(`${where}: .*${refusals.plain.source}`));
    expect(refusal(database.url, [`--ca-file=${otherCa.ca}`])).toMatch(new RegExp(`${where}: .*its TLS certificate is not trusted \\(.*\\): give the CA that signed it with --ca-file`));
    expect(refusal(database.clientCertUrl!, [`--ca-file=${pki.ca}`])).toMatch(new RegExp(`${where}: .*${refusals.noClientCert.source}`));
  }, scaled(120_000));

  test('a missing TLS file, or a certificate without its key, is refused before anything is opened, naming the flag', () => {
    const missing = join(dir, 'absent.crt');
    expect(refusal(database.url, [`--ca-file=${missing}`])).toContain(`--ca-file ${missing}: cannot read it (ENOENT); mount the file at that path`);
    expect(refusal(database.url, [`--ca-file=${pki.key('client')}`])).toContain(`--ca-file ${pki.key('client')}: not a PEM certificate`);
    expect(refusal(database.url, [`--cert-file=${pki.cert('client')}`])).toContain('--cert-file and --key-file go together');
    expect(refusal(database.url, [`--cert-file=${pki.cert('client')}`, `--key-file=${pki.key('server')}`]))
      .toContain(`--key-file ${pki.key('server')} is not the key of --cert-file ${pki.cert('client')}`);
  }, scaled(120_000));
});
