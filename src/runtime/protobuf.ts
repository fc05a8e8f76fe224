/**
 * Writes protobuf messages for the hot paths where a generic encoder costs more than the data: the wire format's
 * varint (0) and length-delimited (2) fields, a nested message being one of the latter. Zero values are left out, as
 * proto3 does. Each message is measured once (nested ones included), then written into one buffer.
 */
export class ProtoMessage {
  private readonly fields: { readonly tag: number; readonly value: number | Buffer | ProtoMessage }[] = [];
  private size = -1;

  public varint(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`field ${field}: ${value} is not a non-negative integer`);
    if (value !== 0) this.fields.push({ tag: tagOf(field, 0), value });
    return this;
  }

  public bool(field: number, value: boolean): this {
    return this.varint(field, value ? 1 : 0);
  }

  public bytes(field: number, value: Buffer): this {
    if (value.length > 0) this.fields.push({ tag: tagOf(field, 2), value });
    return this;
  }

  /** A nested message, written even when empty (its presence is information). */
  public message(field: number, value: ProtoMessage): this {
    this.fields.push({ tag: tagOf(field, 2), value });
    return this;
  }

  public byteLength(): number {
    if (this.size < 0) {
      let size = 0;
      for (const { value } of this.fields) {
        if (typeof value === 'number') {
          size += 1 + varintSize(value);
        } else {
          const length = value instanceof ProtoMessage ? value.byteLength() : value.length;
          size += 1 + varintSize(length) + length;
        }
      }
      this.size = size;
    }
    return this.size;
  }

  public encode(): Buffer {
    const out = Buffer.allocUnsafe(this.byteLength());
    this.writeTo(out, 0);
    return out;
  }

  /** Writes the message at `at`; returns where it ends. */
  private writeTo(out: Buffer, at: number): number {
    let i = at;
    for (const { tag, value } of this.fields) {
      out[i++] = tag;
      if (typeof value === 'number') {
        i = writeVarint(out, i, value);
      } else if (value instanceof ProtoMessage) {
        i = value.writeTo(out, writeVarint(out, i, value.byteLength()));
      } else {
        i = writeVarint(out, i, value.length);
        i += value.copy(out, i);
      }
    }
    return i;
  }
}

/** A field's tag: its number times 8 plus its wire type; one byte for the field numbers below 16 used here. */
function tagOf(field: number, wireType: number): number {
  if (field < 1 || field > 15) throw new Error(`field ${field}: only fields 1 to 15 are written here`);
  return field * 8 + wireType;
}

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

/** Writes `value` as a varint (7 bits a byte, low first, the high bit set on all but the last) at `at`; returns the end. */
function writeVarint(out: Buffer, at: number, value: number): number {
  let rest = value;
  let i = at;
  while (rest >= 0x80) {
    out[i++] = 0x80 + (rest % 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out[i++] = rest;
  return i;
}
