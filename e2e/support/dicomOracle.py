"""The independent check of the end-to-end tests: what pydicom (Debian's python3-pydicom)
makes of the inputs and of the files the app wrote. Shares no code with dicomanon.

Reads one JSON object on stdin:
  {"inputs": [path, ...], "outputs": [path, ...], "needles": [text, ...]}
and prints one JSON object:
  {path: {"pixels": sha256 of the top-level Pixel Data as stored, or null,
          "ids": PatientName and PatientID values,
          "patient_id": the PatientID, or null,
          "uids": every UI value at any depth, file meta included,
          "raw_hits": needles found in the file's bytes, case-insensitively (outputs only),
          "text_hits": needles found in any decoded text element at any depth (outputs only),
          "error": why pydicom could not read it (then nothing else)}}
Inputs are read as leniently as pydicom can (force=True); outputs must be proper Part 10.
"""
import hashlib
import json
import sys
import warnings

import pydicom
from pydicom.multival import MultiValue

warnings.simplefilter('ignore')

TEXT_VRS = {'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC',
            'UI', 'UR', 'UT'}


def values(elem):
    value = elem.value
    items = value if isinstance(value, (list, MultiValue)) else [value]
    return [str(v).strip() for v in items if v is not None and str(v).strip()]


def pixels(ds):
    elem = ds.get((0x7FE0, 0x0010))
    if elem is None or elem.value is None:
        return None
    return hashlib.sha256(elem.value).hexdigest()


def read(path, output, needles):
    ds = pydicom.dcmread(path, force=not output)
    ids = []
    for name in ('PatientName', 'PatientID'):
        if name in ds:
            ids.extend(values(ds[name]))
    patient_id = ds.get('PatientID')
    texts = []
    uids = set()
    for elem in list(ds.file_meta.iterall()) + list(ds.iterall()):
        if elem.VR in TEXT_VRS:
            texts.extend(values(elem))
        if elem.VR == 'UI':
            uids.update(values(elem))
    view = {'pixels': pixels(ds), 'ids': ids, 'uids': sorted(uids),
            'patient_id': None if patient_id is None else str(patient_id).strip()}
    if output:
        with open(path, 'rb') as f:
            raw = f.read().lower()
        folded = '\n'.join(texts).casefold()
        view['raw_hits'] = [n for n, b in needles if b in raw]
        view['text_hits'] = [n for n, _ in needles if n.casefold() in folded]
    return view


def main():
    request = json.load(sys.stdin)
    needles = [(n, n.lower().encode('utf-8')) for n in request.get('needles', [])]
    out = {}
    for kind, paths in (('input', request.get('inputs', [])), ('output', request.get('outputs', []))):
        for path in paths:
            try:
                out[path] = read(path, kind == 'output', needles)
            except Exception as e:  # the file is reported, the others go on
                out[path] = {'error': '%s: %s' % (type(e).__name__, e)}
    json.dump(out, sys.stdout)


main()
