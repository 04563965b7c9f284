/**
 * A small explicit VR little endian element writer for the synthetic data generator. It is
 * deliberately independent of src/core/dicom, so that benchmark input does not depend on the
 * code under test. Elements must be written in ascending tag order; it throws otherwise.
 */

/** VRs whose explicit VR header has 2 reserved bytes and a 4-byte length (PS3.5 7.1.2). */
const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const UNDEFINED = 0xffffffff;

export class ElementWriter {
  readonly parts: Uint8Array[] = [];
  size = 0;
  private lastTag = -1;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private header(group: number, element: number, vr: string, length: number): void {
    const t = ((group << 16) | element) >>> 0;
    if (t <= this.lastTag) throw new Error(`tags out of order at ${hexTag(group, element)}`);
    this.lastTag = t;
    const long = LONG_VRS.has(vr);
    const h = new Uint8Array(long ? 12 : 8);
    const v = new DataView(h.buffer);
    v.setUint16(0, group, true);
    v.setUint16(2, element, true);
    h[4] = vr.charCodeAt(0);
    h[5] = vr.charCodeAt(1);
    if (long) v.setUint32(8, length, true);
    else {
      if (length > 0xffff) throw new Error(`${hexTag(group, element)} too long for ${vr}`);
      v.setUint16(6, length, true);
    }
    this.push(h);
  }

  /** A value that is already encoded; padded to even length with `pad`. */
  raw(group: number, element: number, vr: string, value: Uint8Array, pad = 0): void {
    const padded = value.length % 2 === 0 ? value : withPad(value, pad);
    this.header(group, element, vr, padded.length);
    if (padded.length > 0) this.push(padded);
  }

  /** Text VRs; multiple values are joined with a backslash. UI pads with NUL, others with space. */
  str(group: number, element: number, vr: string, value: string | readonly string[]): void {
    const text = typeof value === 'string' ? value : value.join('\\');
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7e) throw new Error(`non-ASCII text in ${hexTag(group, element)}`);
      bytes[i] = c;
    }
    this.raw(group, element, vr, bytes, vr === 'UI' ? 0x00 : 0x20);
  }

  /** Decimal strings, each formatted to fit in 16 characters. */
  ds(group: number, element: number, values: number | readonly number[]): void {
    const list = typeof values === 'number' ? [values] : values;
    this.str(group, element, 'DS', list.map(formatDS));
  }

  is(group: number, element: number, value: number): void {
    this.str(group, element, 'IS', String(Math.trunc(value)));
  }

  us(group: number, element: number, values: number | readonly number[]): void {
    const list = typeof values === 'number' ? [values] : values;
    const bytes = new Uint8Array(list.length * 2);
    const v = new DataView(bytes.buffer);
    list.forEach((n, i) => v.setUint16(i * 2, n, true));
    this.raw(group, element, 'US', bytes);
  }

  ul(group: number, element: number, value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.raw(group, element, 'UL', bytes);
  }

  at(group: number, element: number, tagGroup: number, tagElement: number): void {
    const bytes = new Uint8Array(4);
    const v = new DataView(bytes.buffer);
    v.setUint16(0, tagGroup, true);
    v.setUint16(2, tagElement, true);
    this.raw(group, element, 'AT', bytes);
  }

  /**
   * A sequence of items, each written by a callback. `undefinedLength` uses sequence and item
   * delimiters (as many scanners do); otherwise lengths are computed.
   */
  sq(
    group: number,
    element: number,
    items: ((w: ElementWriter) => void)[],
    undefinedLength: boolean,
  ): void {
    const content: Uint8Array[] = [];
    let size = 0;
    for (const build of items) {
      const item = new ElementWriter();
      build(item);
      content.push(delimiter(0xe000, undefinedLength ? UNDEFINED : item.size), ...item.parts);
      size += 8 + item.size;
      if (undefinedLength) {
        content.push(delimiter(0xe00d, 0));
        size += 8;
      }
    }
    if (undefinedLength) {
      content.push(delimiter(0xe0dd, 0));
      size += 8;
    }
    this.header(group, element, 'SQ', undefinedLength ? UNDEFINED : size);
    for (const part of content) this.push(part);
  }

  concat(prefix: Uint8Array[] = []): Uint8Array {
    return concatBytes([...prefix, ...this.parts]);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function delimiter(element: number, length: number): Uint8Array {
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint16(0, 0xfffe, true);
  v.setUint16(2, element, true);
  v.setUint32(4, length, true);
  return h;
}

function withPad(value: Uint8Array, pad: number): Uint8Array {
  const out = new Uint8Array(value.length + 1);
  out.set(value);
  out[value.length] = pad;
  return out;
}

function hexTag(group: number, element: number): string {
  const h = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return `(${h(group)},${h(element)})`;
}

/** A DS value of at most 16 characters: exact when it fits, else rounded to fit. */
function formatDS(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot format ${n} as DS`);
  const exact = String(n);
  if (exact.length <= 16 && !exact.includes('e')) return exact;
  for (let digits = 12; digits >= 0; digits--) {
    let text = n.toFixed(digits);
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
    if (text === '-0') text = '0';
    if (text.length <= 16) return text;
  }
  throw new Error(`cannot format ${n} as DS`);
}
