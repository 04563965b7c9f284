/**
 * Specific Character Set (0008,0005) handling: PS3.5 6.1 and PS3.3 C.12.1.1.2, with pydicom as
 * the reference for what real files contain. Pure TypeScript (workers, browser and Node): only the
 * global TextDecoder/TextEncoder are used.
 */

/** Values of (0008,0005) SpecificCharacterSet, already split on '\' and trimmed; [] or [''] means default repertoire (ISO-IR 6 / ASCII). */
export type CharacterSets = readonly string[];

type Kind = 'sb' | 'kata' | 'jis' | 'dbcs' | 'alone';

interface Repertoire {
  readonly id: string;
  readonly kind: Kind;
  /** ISO 2022 designation, without the leading ESC; '' for stand-alone sets. */
  readonly esc: string;
  /** Decodes a run in which G0 is ASCII and this set is in G1 (every decoder used is ASCII-compatible). */
  decode(bytes: Uint8Array): string;
  /** Bytes for one non-ASCII code point, packed big-endian; 7-bit pairs for the JIS sets. */
  encode(cp: number): number | undefined;
}

const ESC = 0x1b;
const REPLACEMENT = 0xfffd;
const CUSTOM_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

// PS3.5 6.1.2.5.3: where the initial character set is active again.
const TEXT_DELIMS = [0x09, 0x0a, 0x0c, 0x0d];
const DELIMS: Record<string, ReadonlySet<number>> = {
  PN: new Set([...TEXT_DELIMS, 0x5c, 0x5e, 0x3d]),
  SH: new Set([...TEXT_DELIMS, 0x5c]),
  LO: new Set([...TEXT_DELIMS, 0x5c]),
  UC: new Set([...TEXT_DELIMS, 0x5c]),
};
// ST, LT and UT hold one value, so a backslash in them is just a character.
const SINGLE_VALUE_DELIMS: ReadonlySet<number> = new Set(TEXT_DELIMS);

/** id -> [WHATWG decoder label, ISO 2022 escape, kind]. '' label means the latin1 identity. */
const DEFS: Record<string, readonly [string, string, Kind]> = {
  '6': ['', '(B', 'sb'],
  '100': ['', '-A', 'sb'],
  '101': ['iso-8859-2', '-B', 'sb'],
  '109': ['iso-8859-3', '-C', 'sb'],
  '110': ['iso-8859-4', '-D', 'sb'],
  '126': ['iso-8859-7', '-F', 'sb'],
  '127': ['iso-8859-6', '-G', 'sb'],
  '138': ['iso-8859-8', '-H', 'sb'],
  '144': ['iso-8859-5', '-L', 'sb'],
  // WHATWG maps the iso-8859-9/tis-620 labels to windows-1254/-874; their A0-FF halves are right.
  '148': ['windows-1254', '-M', 'sb'],
  '166': ['windows-874', '-T', 'sb'],
  '203': ['iso-8859-15', '-b', 'sb'],
  '13': ['shift_jis', ')I', 'kata'],
  '87': ['euc-jp', '$B', 'jis'],
  '159': ['euc-jp', '$(D', 'jis'],
  '149': ['euc-kr', '$)C', 'dbcs'],
  // WHATWG's gbk decoder is the gb18030 one; Node's ICU 'gbk' is CP936, with PUA where GB has '€'.
  '58': ['gb18030', '$)A', 'dbcs'],
  '192': ['utf-8', '', 'alone'],
  GB18030: ['gb18030', '', 'alone'],
  GBK: ['gb18030', '', 'alone'],
};
const NAMED: Record<string, string> = {
  GB18030: 'GB18030',
  GBK: 'GBK',
  ISO2022GBK: 'GBK',
  UTF8: '192',
};

// WHATWG (so Node and browsers) maps six JIS X 0208 cells the Microsoft way (21 41 is U+FF5E);
// Python and iconv, hence pydicom and DCMTK, use the JIS mapping: JIS_MAPPING[i] for WHATWG_JIS[i].
const WHATWG_JIS = '\uff5e\u2225\uff0d\uffe0\uffe1\uffe2';
const JIS_MAPPING = '\u301c\u2016\u2212\u00a2\u00a3\u00ac';
const fixJis = (s: string) =>
  s.replace(/[\uff5e\u2225\uff0d\uffe0-\uffe2]/g, (c) => JIS_MAPPING[WHATWG_JIS.indexOf(c)]!);

/** Escape (after ESC) -> repertoire id; 'ascii' puts ASCII (or JIS X 0201 romaji) back in G0. */
const ESCAPES = new Map<string, string>([
  ['(B', 'ascii'],
  ['(J', 'ascii'],
  ...Object.entries(DEFS)
    .filter(([id, [, esc]]) => esc !== '' && id !== '6')
    .map(([id, [, esc]]): [string, string] => [esc, id]),
]);

const decoders = new Map<string, TextDecoder | null>();
/** Cached decoder; null when this runtime lacks the encoding (small-icu builds), so callers fall back to latin1. */
function decoder(label: string): TextDecoder | null {
  if (!decoders.has(label)) {
    try {
      // ignoreBOM keeps a leading U+FEFF, as Python does, so bytes survive a round trip.
      decoders.set(label, new TextDecoder(label, { ignoreBOM: true }));
    } catch {
      decoders.set(label, null);
    }
  }
  return decoders.get(label) ?? null;
}
const utf8Encoder = new TextEncoder();

/** Below this many units a plain loop beats a call with the units as arguments. */
const SHORT_UNITS = 32;

function unitsToString(units: Uint8Array | Uint16Array): string {
  let s = '';
  if (units.length <= SHORT_UNITS) {
    for (let i = 0; i < units.length; i++) s += String.fromCharCode(units[i]!);
    return s;
  }
  // apply() takes the typed array as it is; spreading it (...units) would go through its
  // iterator, which made this the hottest function of a de-identification run.
  for (let i = 0; i < units.length; i += 0x2000) {
    s += String.fromCharCode.apply(null, units.subarray(i, i + 0x2000) as unknown as number[]);
  }
  return s;
}

function decodeWith(label: string, bytes: Uint8Array): string {
  const d = label ? decoder(label) : null;
  return d ? d.decode(bytes) : unitsToString(bytes);
}

/** Decodes every byte sequence separately, so one bad sequence cannot swallow its neighbours. */
function buildReverse(label: string, seqs: number[][], pack: (seq: number[]) => number) {
  const map = new Map<number, number>();
  const d = decoder(label);
  if (!d) return map;
  for (const seq of seqs) {
    const s = d.decode(Uint8Array.from(seq));
    const cp = s.codePointAt(0);
    const privateUse = cp !== undefined && cp >= 0xe000 && cp <= 0xf8ff;
    if (cp && cp !== REPLACEMENT && s.length === 1 && !privateUse && !map.has(cp)) {
      map.set(cp, pack(seq));
    }
  }
  return map;
}

/** 94x94 sets as 8-bit pairs, A1-FE in both bytes, keeping only the lead bytes `row` accepts. */
function pairs(row: (lead: number) => boolean, prefix: number[] = []): number[][] {
  const out: number[][] = [];
  for (let a = 0xa1; a <= 0xfe; a++) {
    for (let b = 0xa1; b <= 0xfe; b++) if (row(a)) out.push([...prefix, a, b]);
  }
  return out;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const LOW_HALF = unitsToString(Uint8Array.from({ length: 0xa0 }, (_, i) => i));
const HIGH_HALF = Uint8Array.from({ length: 0x60 }, (_, i) => 0xa0 + i);

function singleByte(id: string, label: string, esc: string): Repertoire {
  // The C1 range stays C1, as in Python's codecs: WHATWG's windows-125x would put letters there.
  // windows-874 has private-use code points where TIS-620 has no character: make those U+FFFD.
  const table = lazy(
    () => LOW_HALF + decodeWith(label, HIGH_HALF).replace(/[\ue000-\uf8ff]/g, '\ufffd'),
  );
  const reverse = lazy(() => {
    const m = new Map<number, number>();
    for (let b = 0x80; b < 0x100; b++)
      if (table().charCodeAt(b) !== REPLACEMENT) m.set(table().charCodeAt(b), b);
    return m;
  });
  return {
    id,
    kind: 'sb',
    esc,
    decode: (bytes) => Array.from(bytes, (b) => table().charAt(b)).join(''),
    // ISO-IR 6 has no G1: its high bytes decode as latin1 (as pydicom does) but nothing encodes to them.
    encode: (cp) => (id === '6' ? undefined : reverse().get(cp)),
  };
}

function gbFour(p: number): number[] {
  const r = p % 12600;
  return [
    0x81 + Math.floor(p / 12600),
    0x30 + Math.floor(r / 1260),
    0x81 + Math.floor((r % 1260) / 10),
    0x30 + (r % 10),
  ];
}
const packFour = (s: number[]) => s.reduce((v, b) => v * 256 + b, 0);

/** Encoder of a multi-byte or katakana set; the reverse maps are built from the decoders on first use. */
function encoderFor(id: string, kind: Kind, label: string): (cp: number) => number | undefined {
  if (kind === 'kata')
    return (cp) => (cp >= 0xff61 && cp <= 0xff9f ? cp - 0xff61 + 0xa1 : undefined);
  if (kind === 'alone') {
    const reverse = lazy(() => {
      const seqs: number[][] = [];
      for (let a = 0x81; a <= 0xfe; a++) {
        for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) seqs.push([a, b]);
      }
      const map = buildReverse('gb18030', seqs, packFour);
      // GB18030's four-byte sequences for the BMP are pointers 0..39419 of its linear index.
      const four = Array.from({ length: id === 'GB18030' ? 39420 : 0 }, (_, p) => gbFour(p));
      buildReverse('gb18030', four, packFour).forEach((v, k) => map.has(k) || map.set(k, v));
      return map;
    });
    // GBK writes the euro as CP936's 80, as WHATWG's gbk encoder does.
    if (id === 'GBK') return (cp) => (cp === 0x20ac ? 0x80 : reverse().get(cp));
    return (cp) => (cp >= 0x10000 ? packFour(gbFour(189000 + cp - 0x10000)) : reverse().get(cp));
  }
  // JIS X 0208 rows 1-8 and 16-84, GB 2312 rows 1-9 and 16-87: WHATWG's indexes add vendor rows
  // (NEC, IBM, GBK) that these sets do not have and pydicom would reject.
  const rows: Record<string, (a: number) => boolean> = {
    '87': (a) => a <= 0xa8 || (a >= 0xb0 && a <= 0xf4),
    '58': (a) => a <= 0xa9 || (a >= 0xb0 && a <= 0xf7),
  };
  const seqs = () => pairs(rows[id] ?? (() => true), id === '159' ? [0x8f] : []);
  const reverse = lazy(() => {
    if (kind === 'dbcs') return buildReverse(label, seqs(), packFour);
    const map = buildReverse(label, seqs(), (s) => packFour(s.slice(-2)) & 0x7f7f);
    for (let i = 0; id === '87' && i < WHATWG_JIS.length; i++) {
      const code = map.get(WHATWG_JIS.charCodeAt(i));
      map.delete(WHATWG_JIS.charCodeAt(i));
      if (code !== undefined) map.set(JIS_MAPPING.charCodeAt(i), code);
    }
    return map;
  });
  return (cp) => reverse().get(cp);
}

const repertoires = new Map<string, Repertoire>();
function repertoire(id: string): Repertoire {
  let rep = repertoires.get(id);
  if (!rep) {
    const [label, esc, kind] = DEFS[id] ?? DEFS['6']!;
    // For ISO_IR 13, shift_jis reads the JIS X 0201 katakana at A1-DF and keeps the Shift-JIS kanji
    // some writers put there.
    const decode = (bytes: Uint8Array) => decodeWith(label, bytes);
    rep =
      kind === 'sb'
        ? singleByte(id, label, esc)
        : { id, kind, esc, decode, encode: encoderFor(id, kind, label) };
    repertoires.set(id, rep);
  }
  return rep;
}

/** Tolerates the misspellings pydicom accepts: 'ISO_IR_100', 'ISO IR 100', 'ISO-IR 100', 'ISO_2022_IR_6'... */
function parseTerm(raw: string): { id: string | undefined; iso2022: boolean } {
  const t = raw.trim().replace(/[\s_-]+/g, ' ');
  if (t === '') return { id: '6', iso2022: false };
  const m = /^ISO ?(?:(2022) ?(?:IR ?)?|IR ?)(\d+)$/i.exec(t);
  const id = m ? String(Number(m[2])) : NAMED[t.replace(/ /g, '').toUpperCase()];
  return { id: id !== undefined && id in DEFS ? id : undefined, iso2022: m?.[1] !== undefined };
}

interface Config {
  /** Direct: one decoder over the whole value, no escape sequences. */
  readonly direct: boolean;
  readonly init: Repertoire;
  readonly extensions: readonly Repertoire[];
  readonly known: boolean;
}

const configs = new Map<string, Config>();
function resolve(charsets: CharacterSets): Config {
  const key = charsets.join('\\');
  let cfg = configs.get(key);
  if (cfg) return cfg;
  const terms = (charsets.length ? charsets : ['']).map(parseTerm);
  const first = terms[0]!;
  const known = terms.every((t) => t.id !== undefined);
  // An unknown term decodes as latin1, the same as the default repertoire.
  let init = repertoire(first.id ?? '6');
  const extensions = terms
    .slice(1)
    .flatMap((t) => (t.id !== undefined ? [repertoire(t.id)] : []))
    .filter((r) => r.kind !== 'alone' && r.id !== '6');
  if (init.kind === 'jis') {
    // JIS X 0208/0212 cannot be the initial set (they need G0): start in ASCII and keep them as extensions.
    extensions.unshift(init);
    init = repertoire('6');
  }
  // Stand-alone sets ignore any further values, as PS3.3 C.12.1.1.2 and pydicom do.
  const direct =
    init.kind === 'alone' ||
    (terms.length === 1 && !first.iso2022 && (init.kind === 'sb' || init.kind === 'kata'));
  cfg = { direct, init, extensions: init.kind === 'alone' ? [] : extensions, known };
  if (configs.size >= 256) configs.clear(); // hostile files could each bring new terms
  configs.set(key, cfg);
  return cfg;
}

/** True when decodeText knows every term in the list (unknown terms fall back to latin1 and should be reported by callers). */
export function isKnownCharacterSet(charsets: CharacterSets): boolean {
  return resolve(charsets).known;
}

/** The repertoire id and length of the escape sequence at i (3 or 4 bytes with the ESC). */
function matchEscape(bytes: Uint8Array, i: number): [string, number] | undefined {
  const at = (len: number) => ESCAPES.get(String.fromCharCode(...bytes.subarray(i + 1, i + len)));
  const id3 = at(3);
  const id4 = i + 4 <= bytes.length ? at(4) : undefined;
  return id3 !== undefined ? [id3, 3] : id4 !== undefined ? [id4, 4] : undefined;
}

/** A run with JIS X 0208/0212 in G0: 7-bit pairs become EUC-JP, high bytes go to whatever G1 holds. */
function decodeJisRun(run: Uint8Array, jis: Repertoire, g1: Repertoire): string {
  let out = '';
  let buf: number[] = [];
  let inG1 = false;
  const flush = () => {
    if (!buf.length) return;
    if (inG1) out += g1.decode(Uint8Array.from(buf));
    else {
      const s = decodeWith('euc-jp', Uint8Array.from(buf));
      out += jis.id === '87' ? fixJis(s) : s;
    }
    buf = [];
  };
  for (let i = 0; i < run.length; i++) {
    const b = run[i]!;
    const toG1 = b >= 0x80 && !(g1.kind === 'kata' && b >= 0xa1 && b <= 0xdf);
    if (toG1 !== inG1) flush();
    inG1 = toG1;
    if (toG1 || b <= 0x20 || b === 0x7f) buf.push(b);
    else if (b >= 0x80)
      buf.push(0x8e, b); // katakana through EUC-JP single shift 2
    else {
      if (jis.id === '159') buf.push(0x8f);
      buf.push(b | 0x80);
      const t = run[i + 1];
      // An unpaired byte stays a lone lead, which the decoder turns into U+FFFD.
      if (t !== undefined && t > 0x20 && t < 0x7f) {
        buf.push(t | 0x80);
        i++;
      }
    }
  }
  flush();
  return out;
}

function decode2022(bytes: Uint8Array, cfg: Config, delims: ReadonlySet<number>): string {
  let out = '';
  let g0: Repertoire | undefined; // a JIS set, or undefined for ASCII/romaji
  let g1 = cfg.init;
  let start = 0;
  const flush = (end: number) => {
    const run = bytes.subarray(start, end);
    if (run.length) out += g0 ? decodeJisRun(run, g0, g1) : g1.decode(run);
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === ESC) {
      // Any escape we know is honoured, declared or not; an unknown one stays in the text as is.
      const hit = matchEscape(bytes, i);
      if (!hit) continue;
      flush(i);
      const target = hit[0] === 'ascii' ? undefined : repertoire(hit[0]);
      if (!target || target.kind === 'jis') g0 = target;
      else g1 = target;
      i += hit[1] - 1;
      start = i + 1;
    } else if (delims.has(b) && (!g0 || b <= 0x20)) {
      // In a JIS run '\', '^' and '=' are halves of kanji; writers must leave JIS before a delimiter.
      flush(i + 1);
      g0 = undefined;
      g1 = cfg.init;
      start = i + 1;
    }
  }
  flush(bytes.length);
  return out;
}

/** Decode a text value's raw bytes (the whole value, backslashes included) to a JS string. `vr` is the two-letter VR: only SH, LO, ST, LT, PN, UC, UT use the specific character set; every other string VR is decoded as ASCII/latin1 bytes unchanged. Never throws: bytes that cannot be decoded become U+FFFD. */
export function decodeText(bytes: Uint8Array, charsets: CharacterSets, vr: string): string {
  const plain = plainText(bytes, vr);
  if (plain !== undefined) return plain;
  const cfg = resolve(charsets);
  return cfg.direct
    ? cfg.init.decode(bytes)
    : decode2022(bytes, cfg, DELIMS[vr] ?? SINGLE_VALUE_DELIMS);
}

/** decodeText's text when no character set bears on it, so that few values need them looked up. */
export function plainText(bytes: Uint8Array, vr: string): string | undefined {
  return !CUSTOM_VRS.has(vr) || isPlainAscii(bytes) ? unitsToString(bytes) : undefined;
}

function pushPacked(out: number[], v: number): void {
  if (v > 0xffffff) out.push(v >>> 24);
  if (v > 0xffff) out.push((v >>> 16) & 0xff);
  if (v > 0xff) out.push((v >>> 8) & 0xff);
  out.push(v & 0xff);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Encode a string for a value with those character sets. Returns null when the text cannot be
 * represented in them (the caller then decides). ASCII text always encodes as itself.
 * Single-byte sets, ISO_IR 13 katakana, ISO_IR 192 (UTF-8), GB18030 and GBK encode fully. With
 * code extensions, each character goes to the active set if it has it, else to the first listed
 * set that does, with the escape sequences of PS3.5 6.1.2.5; this covers JIS X 0208/0212, KS X 1001
 * and GB 2312 too, and G0 goes back to ASCII (ESC ( J after ISO 2022 IR 13) before every ASCII
 * character and at the end, as PS3.5 Annex H/I show. Non-ASCII text under the default repertoire,
 * an unknown term or a non-text VR returns null rather than silently writing latin1.
 */
export function encodeText(text: string, charsets: CharacterSets, vr: string): Uint8Array | null {
  const ascii = encodeAscii(text);
  if (ascii) return ascii;
  if (!CUSTOM_VRS.has(vr) || LONE_SURROGATE.test(text)) return null;
  const cfg = resolve(charsets);
  if (cfg.init.id === '192') return utf8Encoder.encode(text);
  const out: number[] = [];
  const delims = DELIMS[vr] ?? SINGLE_VALUE_DELIMS;
  const romaji = cfg.init.id === '13';
  let g0: Repertoire | undefined;
  let g1 = cfg.init;
  const leaveJis = () => {
    if (g0) out.push(ESC, 0x28, romaji ? 0x4a : 0x42);
    g0 = undefined;
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      leaveJis();
      out.push(cp);
      if (delims.has(cp)) g1 = cfg.init;
      continue;
    }
    const rep = [g0, g1, cfg.init, ...cfg.extensions].find((r) => r?.encode(cp) !== undefined);
    if (!rep) return null;
    if (rep !== (rep.kind === 'jis' ? g0 : g1)) {
      out.push(ESC, ...Array.from(rep.esc, (c) => c.charCodeAt(0)));
      if (rep.kind === 'jis') g0 = rep;
      else g1 = rep;
    }
    pushPacked(out, rep.encode(cp)!);
  }
  leaveJis();
  return Uint8Array.from(out);
}

/** encodeText's bytes for ASCII text, which every set holds; else undefined. */
export function encodeAscii(text: string): Uint8Array | undefined {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text) ? undefined : asciiBytes(text);
}

/** ASCII text as its bytes: a plain loop (Uint8Array.from with a map function iterates slowly). */
function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** ASCII without escape sequences, the common case, which needs no character set. */
function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80 || bytes[i] === ESC) return false;
  return true;
}
