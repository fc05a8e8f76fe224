/* eslint-disable no-bitwise -- a CRC is defined by shifts and XORs of 32-bit words. */

/** The reflected Castagnoli polynomial. */
const POLYNOMIAL = 0x82f63b78;

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32C (Castagnoli), fed in parts: the checksum etcd's HashKV reports of its keyspace (Go's `crc32.Castagnoli`).
 */
export class Crc32c {
  private crc = 0xffffffff;

  public update(bytes: Buffer): this {
    let crc = this.crc;
    for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    this.crc = crc;
    return this;
  }

  public get value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}
