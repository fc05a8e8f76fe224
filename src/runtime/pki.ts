import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { isIP } from 'net';
import { dirname, join } from 'path';
import type forgeTypes from 'node-forge';
import { loadOptional } from './optional';
import { waitFor } from './wait';

/**
 * Where a certificate and its key are (PEM). A CA's key must be RSA, as kubeadm and vCluster's syncer make them.
 */
export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Who a certificate is for: its common name, and every DNS name and IP address clients and peers reach it at. */
export interface Identity {
  readonly commonName: string;
  readonly names: readonly string[];
}

/** How a CA is loaded. */
export interface LoadOptions {
  /** Create the CA when it is absent (else wait for it). */
  readonly generate: boolean;
  readonly log: (line: string) => void;
  /** How long to wait for an absent CA; forever when undefined. */
  readonly waitMs?: number;
}

const forge = loadOptional<typeof forgeTypes>('node-forge', 'vck etcd');

/** How long a member waits for the certificate of a CA another member is creating. */
const CA_CREATION_WAIT_MS = 30_000;
const DAY = 86_400_000;
const CA_VALIDITY = 3650 * DAY;
/** A year, as kubeadm issues its leaf certificates. */
const LEAF_VALIDITY = 365 * DAY;
/** A certificate closer than this to its end is issued anew when it is checked. */
const RENEW_BEFORE = 30 * DAY;

/**
 * A certificate authority that issues the certificates of etcd members and their clients: serving and client
 * authentication in one certificate, as kubeadm's etcd certificates are, so one file serves clients, peers and the
 * manager's own calls.
 */
export class CertificateAuthority {
  /**
   * The CA in `files`. When they are absent: created there if `generate` is set (when members start together, the
   * first to link its key wins and the others load its CA), else waited for (the syncer writes the CA the
   * apiserver's client certificate comes from, so a CA of our own would lock the apiserver out).
   */
  public static async load(files: CertificateFiles, options: LoadOptions): Promise<CertificateAuthority> {
    const started = Date.now();
    let logged = 0;
    const ca = await waitFor(() => {
      const [hasCert, hasKey] = [existsSync(files.certFile), existsSync(files.keyFile)];
      if (hasCert && hasKey) return CertificateAuthority.read(files);
      if (options.generate) {
        if (hasCert) {
          throw new Error(`the CA ${files.certFile} exists without its key ${files.keyFile}: give the key, `
            + `or move ${files.certFile} away to generate a new CA`);
        }
        if (!hasKey) {
          // Created, or another member linked its key first: either way the next check finds a CA.
          if (createCa(files)) options.log(`generated a CA at ${files.certFile}`);
          return undefined;
        }
        // Another member linked its key; its certificate follows at once, unless that member died in between.
        if (Date.now() - started > CA_CREATION_WAIT_MS) {
          throw new Error(`${files.keyFile} exists but ${files.certFile} never appeared: remove ${files.keyFile} to generate a new CA`);
        }
      } else if (options.waitMs !== undefined && Date.now() - started > options.waitMs) {
        throw new Error(`the CA ${files.certFile} and its key ${files.keyFile} did not appear; give them, or --generate-ca to create a CA`);
      }
      if (Date.now() - logged > 30_000) {
        options.log(`waiting for the CA ${files.certFile} and its key ${files.keyFile}`);
        logged = Date.now();
      }
      return undefined;
    }, { intervalMs: 200, what: `the CA ${files.certFile}` });
    return ca!;
  }

  private static read(files: CertificateFiles): CertificateAuthority {
    const certPem = readFileSync(files.certFile, 'utf-8');
    const keyObject = createPrivateKey(readFileSync(files.keyFile));
    let key: forgeTypes.pki.rsa.PrivateKey;
    try {
      // forge reads PKCS#8 and PKCS#1 keys only in their own PEM types; Node gives whatever it was given as PKCS#8.
      key = forge.pki.privateKeyFromPem(keyObject.export({ type: 'pkcs8', format: 'pem' }) as string) as forgeTypes.pki.rsa.PrivateKey;
    } catch (err) {
      throw new Error(`${files.keyFile}: not an RSA private key (${(err as Error).message}); the CA that issues member certificates must have an RSA key`);
    }
    const cert = new X509Certificate(certPem);
    if (!cert.ca) throw new Error(`${files.certFile} is not a CA certificate (basicConstraints CA:TRUE is missing)`);
    if (!cert.checkPrivateKey(keyObject)) throw new Error(`${files.keyFile} is not the key of ${files.certFile}`);
    return new CertificateAuthority(cert, forge.pki.certificateFromPem(certPem), key);
  }

  private constructor(
    private readonly cert: X509Certificate,
    private readonly forgeCert: forgeTypes.pki.Certificate,
    private readonly key: forgeTypes.pki.rsa.PrivateKey,
  ) {}

  /**
   * The certificate of `identity` in `dir` (`NAME.crt`, `NAME.key`), issued when it is absent, was not issued by
   * this CA, does not cover every name, does not match its key, or ends within 30 days; otherwise kept as it is.
   */
  public ensure(dir: string, name: string, identity: Identity, log: (line: string) => void): CertificateFiles {
    const files = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    const stale = this.whyStale(files, identity);
    if (stale) {
      this.issue(files, identity);
      log(`issued ${files.certFile} for ${identity.names.join(', ')} (${stale})`);
    }
    return files;
  }

  /** Why the certificate in `files` must be issued anew, or undefined when it can be kept. */
  private whyStale(files: CertificateFiles, identity: Identity): string | undefined {
    if (!existsSync(files.certFile) || !existsSync(files.keyFile)) return 'none yet';
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(readFileSync(files.certFile));
      if (!cert.checkPrivateKey(createPrivateKey(readFileSync(files.keyFile)))) return 'its key does not match';
    } catch (err) {
      return `unreadable: ${(err as Error).message}`;
    }
    if (!cert.checkIssued(this.cert) || !cert.verify(this.cert.publicKey)) return 'issued by another CA';
    const missing = identity.names.filter((n) => (isIP(n) ? cert.checkIP(n) : cert.checkHost(n, { subject: 'never', wildcards: false })) === undefined);
    if (missing.length > 0) return `did not cover ${missing.join(', ')}`;
    if (new Date(cert.validTo).getTime() - Date.now() < RENEW_BEFORE) return `ends ${cert.validTo}`;
    return undefined;
  }

  private issue(files: CertificateFiles, identity: Identity): void {
    const keys = rsaKeyPair();
    const cert = newCertificate(keys.publicKey, LEAF_VALIDITY);
    cert.setSubject([{ name: 'commonName', value: identity.commonName }]);
    cert.setIssuer(this.forgeCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      { name: 'subjectAltName', altNames: identity.names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.forgeCert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.key, forge.md.sha256.create());
    // Key first: a crash between the two leaves a pair that does not match, which the next check issues anew.
    writeAtomically(files.keyFile, keys.privateKeyPem, 0o600);
    writeAtomically(files.certFile, forge.pki.certificateToPem(cert), 0o644);
  }
}

/**
 * Generates a CA into `files`, unless another process got there first: the key is linked into place, which fails
 * when it exists, and the certificate follows it. Returns whether this call created it.
 */
function createCa(files: CertificateFiles): boolean {
  const keys = rsaKeyPair();
  const cert = newCertificate(keys.publicKey, CA_VALIDITY);
  const subject = [{ name: 'commonName', value: 'etcd-ca' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  mkdirSync(dirname(files.keyFile), { recursive: true });
  mkdirSync(dirname(files.certFile), { recursive: true });
  const tmpKey = `${files.keyFile}.${process.pid}.tmp`;
  writeFileSync(tmpKey, keys.privateKeyPem, { mode: 0o600 });
  try {
    linkSync(tmpKey, files.keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmpKey, { force: true });
  }
  writeAtomically(files.certFile, forge.pki.certificateToPem(cert), 0o644);
  return true;
}

function rsaKeyPair(): { publicKey: forgeTypes.pki.rsa.PublicKey; privateKey: forgeTypes.pki.rsa.PrivateKey; privateKeyPem: string } {
  // Node generates the key (natively, fast); forge only signs.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const key = forge.pki.privateKeyFromPem(privateKeyPem) as forgeTypes.pki.rsa.PrivateKey;
  return { publicKey: forge.pki.setRsaPublicKey(key.n, key.e), privateKey: key, privateKeyPem };
}

function newCertificate(publicKey: forgeTypes.pki.rsa.PublicKey, validityMs: number): forgeTypes.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial of 120 random bits behind a 01 byte (DER integers with the high bit set are negative).
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // Backdated a little: clocks of the pods that check it may run behind.
  cert.validity.notBefore = new Date(Date.now() - 5 * 60_000);
  cert.validity.notAfter = new Date(Date.now() + validityMs);
  return cert;
}

function writeAtomically(path: string, content: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, path);
}

/**
 * A member's certificate kept issued from the CA on disk: issued at start, and again whenever the CA's files are
 * replaced while the member runs (see `renewIfCaReplaced`).
 */
export class MemberCertificate {
  /** Loads the CA (waiting for it, or generating it, as `options` says) and issues the certificate when needed. */
  public static async issue(ca: CertificateFiles, options: LoadOptions, dir: string, name: string, identity: Identity): Promise<MemberCertificate> {
    const member = new MemberCertificate(ca, options, dir, name, identity);
    await member.issueFromCa();
    return member;
  }

  private caSeen = '';
  private issued?: CertificateFiles;

  private constructor(
    private readonly ca: CertificateFiles,
    private readonly options: LoadOptions,
    private readonly dir: string,
    private readonly name: string,
    private readonly identity: Identity,
  ) {}

  /** The certificate and key files (the same paths after every renewal). */
  public get files(): CertificateFiles {
    return this.issued!;
  }

  /**
   * Issues the certificate anew when the CA's files changed since it was issued; answers whether it did, so the
   * caller restarts what loaded the old CA.
   */
  public async renewIfCaReplaced(): Promise<boolean> {
    if (caText(this.ca) === this.caSeen) return false;
    await this.issueFromCa();
    return true;
  }

  private async issueFromCa(): Promise<void> {
    const authority = await CertificateAuthority.load(this.ca, this.options);
    // What was read is what was loaded: read after loading, since loading may wait for or create the files.
    this.caSeen = caText(this.ca);
    this.issued = authority.ensure(this.dir, this.name, this.identity, this.options.log);
  }
}

/** The CA's files as they are now ('' while absent). */
function caText(files: CertificateFiles): string {
  return [files.certFile, files.keyFile].map((f) => (existsSync(f) ? readFileSync(f, 'utf-8') : '')).join('\n');
}
