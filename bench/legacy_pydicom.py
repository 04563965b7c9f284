#!/usr/bin/python3
"""The original dicomanon tool's approach, as the baseline of the CLI benchmark (cli.bench.ts).

    /usr/bin/python3 bench/legacy_pydicom.py RULES.json INPUT_DIR OUTPUT_DIR

For each file under INPUT_DIR (recursively, sorted): pydicom.dcmread, the legacy attribute
table applied to the top-level data set, save_as to the same relative path under OUTPUT_DIR.
One process, one file at a time, as the original script ran.

RULES.json is written by the benchmark from LEGACY_RULES in src/core/deid/legacyTable.ts, so
that the tag list is never typed twice: {"dummy": "19000101", "replace-dummy": ["00100010",
...], "replace-similar": [...], "remove": [...]} (tags as 8 hex digits).
  replace-dummy    the value becomes the dummy value, when the element is present;
  replace-similar  the value becomes a look-alike: same length, each digit a random digit, each
                   letter a random letter of the same case, everything else kept;
  remove           the element is deleted, when present.
Files pydicom cannot read as DICOM are skipped. Prints one line: how many were written.
"""
import json
import os
import random
import string
import sys

import pydicom
from pydicom.errors import InvalidDicomError


def look_alike(value, rng):
    out = []
    for ch in value:
        if ch in string.digits:
            out.append(rng.choice(string.digits))
        elif ch in string.ascii_uppercase:
            out.append(rng.choice(string.ascii_uppercase))
        elif ch in string.ascii_lowercase:
            out.append(rng.choice(string.ascii_lowercase))
        else:
            out.append(ch)
    return ''.join(out)


def main(rules_file, in_dir, out_dir):
    with open(rules_file, encoding='utf-8') as f:
        rules = json.load(f)
    dummy = rules['dummy']
    replace_dummy = [int(t, 16) for t in rules['replace-dummy']]
    replace_similar = [int(t, 16) for t in rules['replace-similar']]
    remove = [int(t, 16) for t in rules['remove']]
    rng = random.Random()
    written = skipped = 0
    for root, dirs, files in os.walk(in_dir):
        dirs.sort()
        for name in sorted(files):
            src = os.path.join(root, name)
            try:
                ds = pydicom.dcmread(src)
            except InvalidDicomError:
                skipped += 1
                continue
            for tag in replace_dummy:
                if tag in ds:
                    ds[tag].value = dummy
            for tag in replace_similar:
                if tag in ds and ds[tag].value:
                    ds[tag].value = look_alike(str(ds[tag].value), rng)
            for tag in remove:
                if tag in ds:
                    del ds[tag]
            dst = os.path.join(out_dir, os.path.relpath(src, in_dir))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            ds.save_as(dst)
            written += 1
    print('%d written, %d skipped' % (written, skipped))


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit('usage: legacy_pydicom.py RULES.json INPUT_DIR OUTPUT_DIR')
    main(*sys.argv[1:])
