/* eslint-disable no-bitwise -- a CRC is defined by shifts and XORs of 32-bit words. */

/** The reflected Castagnoli polynomial. */
const POLYNOMIAL = 0x82f63b78;

/**
 * Slicing-by-8 tables: `T[0]` is the byte-at-a-time table, `T[k][b]` the CRC of byte `b` followed by `k` zero bytes,
 * so eight input bytes cost eight lookups and no per-byte shift chain (several times faster over a 20 MB keyspace).
 */
const T = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    tables[0][i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let k = 1; k < 8; k++) tables[k][i] = (tables[k - 1][i] >>> 8) ^ tables[0][tables[k - 1][i] & 0xff];
  }
  return tables;
})();
const [T0, T1, T2, T3, T4, T5, T6, T7] = T;

/**
 * CRC-32C (Castagnoli), fed in parts: the checksum etcd's HashKV reports of its keyspace (Go's `crc32.Castagnoli`).
 */
export class Crc32c {
  private crc = 0xffffffff;

  public update(bytes: Uint8Array): this {
    let crc = this.crc;
    let i = 0;
    for (const whole = bytes.length - 7; i < whole; i += 8) {
      const low = crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
      const high = bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24);
      crc = T7[low & 0xff] ^ T6[(low >>> 8) & 0xff] ^ T5[(low >>> 16) & 0xff] ^ T4[low >>> 24]
        ^ T3[high & 0xff] ^ T2[(high >>> 8) & 0xff] ^ T1[(high >>> 16) & 0xff] ^ T0[high >>> 24];
    }
    for (; i < bytes.length; i++) crc = T0[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    this.crc = crc;
    return this;
  }

  public get value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}
