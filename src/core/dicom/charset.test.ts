import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, isKnownCharacterSet, type CharacterSets } from './charset';

const CHARSET_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/pydicom/src/pydicom/data/charset_files',
);

function listFiles(): string[] {
  try {
    return readdirSync(CHARSET_DIR)
      .filter((f) => f.endsWith('.dcm'))
      .sort();
  } catch {
    return []; // reported by the 'finds the charset files' test rather than breaking collection
  }
}
const FILES = listFiles();

const SINGLE_BYTE_TERMS = [
  '',
  'ISO_IR 100',
  'ISO_IR 101',
  'ISO_IR 109',
  'ISO_IR 110',
  'ISO_IR 126',
  'ISO_IR 127',
  'ISO_IR 138',
  'ISO_IR 144',
  'ISO_IR 148',
  'ISO_IR 166',
];

/**
 * Walks each file with pydicom and prints, for every SH/LO/ST/LT/PN/UC/UT element, its raw bytes,
 * pydicom's decoded string and the (0008,0005) terms in force, inherited into sequence items.
 * Also prints how pydicom decodes every byte but ESC under each single-byte term.
 */
const ORACLE_SCRIPT = String.raw`
import json, sys, warnings
warnings.simplefilter('ignore')
import pydicom
from pydicom.charset import decode_bytes, convert_encodings
from pydicom.dataelem import RawDataElement
from pydicom.valuerep import PersonName, TEXT_VR_DELIMS

TEXT_VRS = {'SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT'}

def terms(ds, inherited):
    raw = ds.get_item(0x00080005)
    if raw is None or raw.value is None:
        return inherited
    value = raw.value
    if isinstance(value, bytes):
        value = value.decode('latin-1')
    if not isinstance(value, str):
        value = '\\'.join(value)
    found = [t.strip() for t in value.rstrip('\0 ').split('\\')]
    return found if any(found) else inherited

def walk(ds, inherited, prefix, out):
    charsets = terms(ds, inherited)
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)
        elem = ds[tag]
        path = prefix + ['%08X' % int(tag)]
        if elem.VR == 'SQ':
            for i, item in enumerate(elem.value):
                walk(item, charsets, path + [str(i)], out)
            continue
        if elem.VR not in TEXT_VRS or not isinstance(raw, RawDataElement):
            continue
        value = elem.value
        if value is None:
            text = ''
        elif isinstance(value, (str, PersonName)):
            text = str(value)
        else:
            text = '\\'.join(str(v) for v in value)
        out.append({'path': '/'.join(path), 'vr': elem.VR, 'hex': (raw.value or b'').hex(),
                    'value': text, 'charsets': charsets})

files = {}
for name in sys.argv[2:]:
    out = []
    walk(pydicom.dcmread(name, force=True), [], [], out)
    files[name.replace('\\', '/').split('/')[-1]] = out
every_byte = bytes(b for b in range(256) if b != 0x1b)
tables = {t: decode_bytes(every_byte, convert_encodings([t]), TEXT_VR_DELIMS)
          for t in json.loads(sys.argv[1])}
print(json.dumps({'version': pydicom.__version__, 'files': files, 'tables': tables}))
`;

interface OracleElement {
  path: string;
  vr: string;
  hex: string;
  value: string;
  charsets: string[];
}
interface Oracle {
  version: string;
  files: Record<string, OracleElement[]>;
  tables: Record<string, string>;
}

let oracleCache: Oracle | undefined;
/** Runs pydicom once, on first use; a missing python or pydicom fails the tests that need it. */
function oracle(): Oracle {
  oracleCache ??= JSON.parse(
    execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        ORACLE_SCRIPT,
        JSON.stringify(SINGLE_BYTE_TERMS),
        ...FILES.map((f) => path.join(CHARSET_DIR, f)),
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    ),
  ) as Oracle;
  return oracleCache;
}

const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (bytes: Uint8Array | null) =>
  bytes && Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const latin1Bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** What pydicom 2.3.1 makes of a whole value once decoded: the trimming done by values.convert_*. */
function asPydicom(decoded: string, vr: string): string {
  const trimEnd = (s: string) => s.replace(/[\0 ]+$/, '');
  if (vr === 'ST' || vr === 'LT' || vr === 'UT') return trimEnd(decoded);
  if (vr !== 'PN') return decoded.split('\\').map(trimEnd).join('\\');
  // convert_PN trims the whole value; PersonName drops empty trailing component groups.
  return trimEnd(decoded)
    .split('\\')
    .map((name) => {
      const groups = name.split('=');
      while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
      return groups.join('=');
    })
    .join('\\');
}

describe('decodeText against pydicom', () => {
  it('finds the charset files and pydicom 2.3.1', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(17);
    expect(oracle().version).toBe('2.3.1');
  });

  it.each(FILES)('%s: every text element matches pydicom and re-encodes', (name) => {
    const elements = oracle().files[name] ?? [];
    expect(elements.length).toBeGreaterThan(0);
    for (const e of elements) {
      const decoded = decodeText(fromHex(e.hex), e.charsets, e.vr);
      expect(`${e.path} ${asPydicom(decoded, e.vr)}`).toBe(`${e.path} ${e.value}`);
      expect(isKnownCharacterSet(e.charsets)).toBe(true);
      const encoded = encodeText(decoded, e.charsets, e.vr);
      expect(encoded, e.path).not.toBeNull();
      expect(decodeText(encoded!, e.charsets, e.vr)).toBe(decoded);
    }
  });

  it('decodes every byte of every single-byte set as pydicom does', () => {
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x1b);
    for (const term of SINGLE_BYTE_TERMS) {
      let expected = oracle().tables[term] ?? '';
      // ISO-IR 166 is the 96-character set of ISO 8859-11, which has NBSP at A0; Python's tis_620 lacks it.
      if (term === 'ISO_IR 166') expected = expected.replace(/^([^]{159})\uFFFD/, '$1\u00a0');
      expect(decodeText(everyByte, [term], 'LT'), term).toBe(expected);
    }
  });
});

describe('decodeText with code extensions', () => {
  const H31 = ['', 'ISO 2022 IR 87'];
  const H32 = ['ISO 2022 IR 13', 'ISO 2022 IR 87'];

  it('returns to ASCII at PN delimiters but reads delimiter bytes inside JIS X 0208 as kanji', () => {
    // PS3.5 H.3.1; 'ま' is 24 5E, whose second byte is '^' in ASCII.
    const h31 =
      '59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842';
    expect(decodeText(fromHex(h31), H31, 'PN')).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
    expect(toHex(encodeText('Yamada^Tarou=山田^太郎=やまだ^たろう', H31, 'PN'))).toBe(h31);
    // 'そ' is 24 3D and '表' 49 3D: '=' bytes that pydicom splits on (it gives '$=...' here).
    const soTaro = '1b2442243d2426243f1b28425e5461726f3d1b2442493d1b2842';
    expect(decodeText(fromHex(soTaro), H31, 'PN')).toBe('そうた^Taro=表');
    expect(toHex(encodeText('そうた^Taro=表', H31, 'PN'))).toBe(soTaro);
  });

  it('resets G1 to the initial set at ^ and = in PN, but only at \\ in LO', () => {
    const cs = ['ISO 2022 IR 13', 'ISO 2022 IR 87', 'ISO 2022 IR 100'];
    // ESC - A puts latin1 in G1; B1 after a delimiter is katakana again (JIS X 0201), else '±'.
    const bytes = (delim: string) => fromHex(`1b2d41e9${toHex(latin1Bytes(delim))}b1`);
    expect(decodeText(bytes('^'), cs, 'PN')).toBe('é^ｱ');
    expect(decodeText(bytes('='), cs, 'PN')).toBe('é=ｱ');
    expect(decodeText(bytes('^'), cs, 'LO')).toBe('é^±');
    expect(decodeText(bytes('\\'), cs, 'LO')).toBe('é\\ｱ');
    expect(decodeText(bytes('\\'), cs, 'LT')).toBe('é\\±');
    expect(decodeText(bytes('\r'), cs, 'LT')).toBe('é\rｱ');
  });

  it('uses the JIS mapping for JIS X 0208, as pydicom does, not the WHATWG one', () => {
    const bytes = '1b244221412142215d21712172224c1b2842';
    expect(decodeText(fromHex(bytes), H31, 'LO')).toBe('〜‖−¢£¬');
    expect(toHex(encodeText('〜‖−¢£¬', H31, 'LO'))).toBe(bytes);
    expect(encodeText('～', H31, 'LO')).toBeNull();
  });

  it('decodes and encodes ISO 2022 IR 13 with IR 87 (PS3.5 H.3.2)', () => {
    const h32 =
      'd4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e1b2442243f246d24261b284a';
    expect(decodeText(fromHex(h32), H32, 'PN')).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
    expect(toHex(encodeText('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう', H32, 'PN'))).toBe(h32);
  });

  it('decodes JIS X 0212 (ISO 2022 IR 159)', () => {
    const cs = ['', 'ISO 2022 IR 87', 'ISO 2022 IR 159'];
    expect(decodeText(fromHex('1b242844302141'), cs, 'LO')).toBe('丂\uFFFD');
    expect(decodeText(fromHex('1b24284430211b2842'), cs, 'LO')).toBe('丂');
    expect(toHex(encodeText('丂', cs, 'LO'))).toBe('1b24284430211b2842');
  });

  it('decodes KS X 1001 (ISO 2022 IR 149) as in PS3.5 I.2', () => {
    const cs = ['', 'ISO 2022 IR 149'];
    const i2 =
      '486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf';
    expect(decodeText(fromHex(i2), cs, 'PN')).toBe('Hong^Gildong=洪^吉洞=홍^길동');
    // The escape is repeated after each delimiter because the delimiter reset G1.
    expect(toHex(encodeText('Hong^Gildong=洪^吉洞=홍^길동', cs, 'PN'))).toBe(i2);
    expect(decodeText(fromHex('b1e8c8f1c1df'), ['ISO 2022 IR 149'], 'SH')).toBe('김희중');
  });

  it('decodes GB 2312 (ISO 2022 IR 58), stripping the escape pydicom 2.3.1 leaves in', () => {
    const cs = ['', 'ISO 2022 IR 58'];
    const x = '57616e675e5869616f446f6e673d1b242941cdf55e1b242941d0a1b6ab';
    expect(decodeText(fromHex(x), cs, 'PN')).toBe('Wang^XiaoDong=王^小东');
    expect(toHex(encodeText('Wang^XiaoDong=王^小东', cs, 'PN'))).toBe(x);
  });

  it('honours a known escape even when it was not declared', () => {
    expect(decodeText(fromHex('1b2d46e1'), ['', 'ISO 2022 IR 100'], 'LO')).toBe('α');
    expect(decodeText(fromHex('1b2d62a4'), ['ISO 2022 IR 100'], 'LO')).toBe('€');
  });
});

describe('decodeText without code extensions', () => {
  it('decodes ISO_IR 192 as UTF-8, keeping a BOM and replacing bad bytes', () => {
    const x1 = '57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d20';
    expect(decodeText(fromHex(x1), ['ISO_IR 192'], 'PN')).toBe('Wang^XiaoDong=王^小東= ');
    expect(decodeText(fromHex('efbbbf41ff'), ['ISO_IR 192'], 'LO')).toBe('\uFEFFA\uFFFD');
    // Stand-alone sets ignore further values (PS3.3 C.12.1.1.2).
    expect(decodeText(fromHex('c3a9'), ['ISO_IR 192', 'ISO 2022 IR 87'], 'LO')).toBe('é');
  });

  it('decodes GB18030 and GBK, four-byte sequences included', () => {
    const x2 = '57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d';
    expect(decodeText(fromHex(x2), ['GB18030'], 'PN')).toBe('Wang^XiaoDong=王^小东=');
    expect(decodeText(fromHex('8130813095328236'), ['GB18030'], 'LT')).toBe('\u0080𠀀');
    expect(decodeText(fromHex('cdf5'), ['GBK'], 'LO')).toBe('王');
  });

  it('decodes unknown terms as latin1 and reports them', () => {
    expect(decodeText(fromHex('e9'), ['KOI8-R'], 'LO')).toBe('é');
    expect(isKnownCharacterSet(['KOI8-R'])).toBe(false);
    expect(isKnownCharacterSet(['ISO 2022 IR 100', 'ISO 2022 IR 999'])).toBe(false);
    expect(encodeText('é', ['KOI8-R'], 'LO')).toBeNull();
  });

  it('accepts the misspellings pydicom accepts', () => {
    for (const term of ['ISO_IR_100', 'ISO IR 100', 'ISO-IR 100', ' ISO_IR 100 ', 'iso_ir 100']) {
      expect(isKnownCharacterSet([term]), term).toBe(true);
      expect(decodeText(fromHex('e9'), [term], 'PN')).toBe('é');
    }
    expect(isKnownCharacterSet(['ISO_2022_IR_6', 'ISO_2022_IR_87'])).toBe(true);
    expect(isKnownCharacterSet([])).toBe(true);
    expect(isKnownCharacterSet([''])).toBe(true);
  });

  it('decodes other VRs as latin1 whatever the character set', () => {
    expect(decodeText(fromHex('e95c41'), ['ISO_IR 126'], 'CS')).toBe('é\\A');
    expect(decodeText(fromHex('e9'), ['ISO_IR 126'], 'LO')).toBe('ι');
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const sets: CharacterSets[] = [
      ...SINGLE_BYTE_TERMS.map((t) => [t]),
      ['ISO_IR 13'],
      ['ISO_IR 192'],
      ['GB18030'],
      ['GBK'],
      ['ISO 2022 IR 13', 'ISO 2022 IR 87', 'ISO 2022 IR 159'],
      ['', 'ISO 2022 IR 149', 'ISO 2022 IR 58', 'ISO 2022 IR 100'],
    ];
    for (let round = 0; round < 200; round++) {
      const bytes = Uint8Array.from({ length: 1 + (round % 40) }, () =>
        round % 3 ? next() : [0x1b, 0x24, 0x28, 0x29, 0x42, 0x5e, 0x3d, 0xa1][next() & 7]!,
      );
      for (const cs of sets) {
        for (const vr of ['PN', 'LO', 'UT'])
          expect(typeof decodeText(bytes, cs, vr)).toBe('string');
      }
    }
  });
});

describe('encodeText', () => {
  const roundTrips: [string, CharacterSets][] = [
    ['Buc^Jérôme ÄÖÜß ÿ', ['ISO_IR 100']],
    ['Διονυσιος ΆΈ', ['ISO_IR 126']],
    ['Люксембург', ['ISO_IR 144']],
    ['Ğİş', ['ISO_IR 148']],
    ['€ Œœ', ['ISO_IR 203']],
    ['ﾔﾏﾀﾞ', ['ISO_IR 13']],
    ['Wang^XiaoDong=王^小東 😀 é', ['ISO_IR 192']],
    ['Wang^XiaoDong=王^小东 𠀀 é \u0080', ['GB18030']],
    ['王小东 €', ['GBK']],
    ['Buc^Jérôme', ['ISO 2022 IR 100']],
  ];

  it.each(roundTrips)('round-trips %s with %j', (text, cs) => {
    const encoded = encodeText(text, cs, 'PN');
    expect(encoded).not.toBeNull();
    expect(decodeText(encoded!, cs, 'PN')).toBe(text);
  });

  it('writes the expected bytes', () => {
    expect(toHex(encodeText('Jérôme', ['ISO_IR 100'], 'PN'))).toBe('4ae972f46d65');
    expect(toHex(encodeText('王', ['GB18030'], 'PN'))).toBe('cdf5');
    expect(toHex(encodeText('€', ['GB18030'], 'PN'))).toBe('a2e3');
    expect(toHex(encodeText('€', ['GBK'], 'PN'))).toBe('80');
    expect(toHex(encodeText('\u0080𠀀', ['GB18030'], 'LT'))).toBe('8130813095328236');
    expect(toHex(encodeText('é', ['', 'ISO 2022 IR 100'], 'LO'))).toBe('1b2d41e9');
  });

  it('returns ASCII as itself under any character set', () => {
    for (const cs of [[], ['KOI8-R'], ['ISO 2022 IR 13', 'ISO 2022 IR 87'], ['ISO_IR 192']]) {
      expect(toHex(encodeText('Doe^John\\X', cs, 'PN'))).toBe('446f655e4a6f686e5c58');
    }
  });

  it('returns null for text the character sets cannot hold', () => {
    expect(encodeText('やまだ', ['ISO_IR 100'], 'PN')).toBeNull();
    expect(encodeText('é', [], 'PN')).toBeNull();
    expect(encodeText('é', ['ISO_IR 6'], 'LO')).toBeNull();
    expect(encodeText('Ω', ['ISO_IR 100', 'ISO 2022 IR 87'], 'LO')).not.toBeNull();
    expect(encodeText('ا', ['ISO_IR 100', 'ISO 2022 IR 87'], 'LO')).toBeNull();
    expect(encodeText('𠀀', ['GBK'], 'LO')).toBeNull();
    expect(encodeText('\uD800', ['ISO_IR 192'], 'LO')).toBeNull();
    expect(encodeText('é', ['ISO_IR 100'], 'CS')).toBeNull();
  });
});
