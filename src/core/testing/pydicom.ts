/**
 * pydicom (Debian's python3-pydicom) as an independent oracle: what another, unrelated reader
 * makes of the bytes we write. Test-only.
 */
import { execFileSync } from 'node:child_process';

const SCRIPT = String.raw`
import hashlib, json, sys, pydicom
from pydicom.dataset import Dataset
from pydicom.valuerep import validate_value

TEXT_VRS = {'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI',
            'UR', 'UT'}

def invalid(elem):
    # pydicom's own check of the value against its VR (PS3.5 6.2), value by value.
    if elem.VR not in TEXT_VRS or elem.value is None:
        return None
    values = elem.value if isinstance(elem.value, (list, pydicom.multival.MultiValue)) else [elem.value]
    for v in values:
        try:
            validate_value(elem.VR, v if isinstance(v, bytes) else str(v), 2)
        except Exception as e:
            return str(e)
    return None

def walk(ds, prefix, out):
    for elem in ds:
        key = prefix + '%08X' % elem.tag
        if elem.VR == 'SQ':
            out[key] = {'vr': 'SQ', 'items': len(elem.value)}
            for i, item in enumerate(elem.value):
                walk(item, key + '/%d/' % i, out)
        elif elem.tag == 0x7FE00010:
            out[key] = {'vr': elem.VR, 'len': len(elem.value) if elem.value is not None else 0}
        else:
            value = elem.value
            if isinstance(value, bytes):
                value = value.hex()
            elif isinstance(value, (list, pydicom.multival.MultiValue)):
                value = [str(v) for v in value]
            else:
                value = str(value)
            out[key] = {'vr': elem.VR, 'value': value}
            problem = invalid(elem)
            if problem:
                out[key]['invalid'] = problem

result = {}
for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path, force=True)
        out = {}
        walk(ds.file_meta, '', out)
        walk(ds, '', out)
        pixels = ds.get((0x7FE0, 0x0010))
        result[path] = {
            'elements': out,
            'preamble': ds.preamble.hex() if ds.preamble is not None else None,
            'pixelSha256': hashlib.sha256(pixels.value).hexdigest()
            if pixels is not None and pixels.value is not None else None,
        }
    except Exception as e:
        result[path] = {'error': '%s: %s' % (type(e).__name__, e)}
print(json.dumps(result))
`;

export interface PydicomElement {
  vr: string;
  value?: string | string[];
  items?: number;
  len?: number;
  /** pydicom's complaint when a text value does not conform to its VR (PS3.5 6.2). */
  invalid?: string;
}
export type PydicomDump =
  | {
      elements: Record<string, PydicomElement>;
      /** The 128-byte preamble in hex, or null when the file has none. */
      preamble: string | null;
      /** SHA-256 of the top-level Pixel Data's bytes, as stored (encapsulated or not). */
      pixelSha256: string | null;
    }
  | { error: string };

/** Reads files with pydicom; keys are tag paths like "00400275/0/00321060". */
export function pydicomDump(files: string[]): Record<string, PydicomDump> {
  const stdout = execFileSync('/usr/bin/python3', ['-c', SCRIPT, ...files], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, PydicomDump>;
}
