/**
 * pydicom (Debian's python3-pydicom) as an independent oracle: what another, unrelated reader
 * makes of the bytes we write. Test-only.
 */
import { execFileSync } from 'node:child_process';

const SCRIPT = String.raw`
import json, sys, pydicom
from pydicom.dataset import Dataset

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

result = {}
for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path, force=True)
        out = {}
        walk(ds.file_meta, '', out)
        walk(ds, '', out)
        result[path] = {'elements': out}
    except Exception as e:
        result[path] = {'error': '%s: %s' % (type(e).__name__, e)}
print(json.dumps(result))
`;

export interface PydicomElement {
  vr: string;
  value?: string | string[];
  items?: number;
  len?: number;
}
export type PydicomDump = { elements: Record<string, PydicomElement> } | { error: string };

/** Reads files with pydicom; keys are tag paths like "00400275/0/00321060". */
export function pydicomDump(files: string[]): Record<string, PydicomDump> {
  const stdout = execFileSync('/usr/bin/python3', ['-c', SCRIPT, ...files], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, PydicomDump>;
}
