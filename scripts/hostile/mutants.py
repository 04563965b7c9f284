"""Writes broken and mutated DICOM files made from real ones, seeded and deterministic.

Usage: /usr/bin/python3 mutants.py CORPUS_TEST_FILES OUT_DIR [SEED]

The kinds are those broken and malicious files come in: truncations at many offsets, flipped
bytes, corrupted, odd, huge (4 GB) and past-the-end lengths of real elements, wrong VRs,
undefined-length sequences without delimiters, sequences nested 1000 deep, zero-byte and
preamble-only files, a data set without file meta, pixel data shorter than its image. The
originals are only read. Prints a JSON list of the files written (relative to OUT_DIR).
"""

import json
import os
import random
import struct
import sys

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

SRC, OUT = sys.argv[1], sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261205)
written = []
BASES = ["CT_small.dcm", "MR_small_implicit.dcm", "SC_rgb_jpeg_dcmtk.dcm", "test-SR.dcm",
         "image_dfl.dcm", "MR_small_bigendian.dcm", "nested_priv_SQ.dcm"]
VRS = [b"SQ", b"UN", b"OB", b"OW", b"DS", b"US", b"UL", b"AT", b"PN", b"UT", b"XX", b"\0\0"]
LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT",
            b"UV"}


def put(name, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(bytes(data))
    written.append(name)


def body_start(data):
    """Offset of the data set after the file meta group (explicit VR little endian)."""
    at = 132
    while at + 8 <= len(data) and data[at:at + 2] == b"\x02\x00":
        vr = bytes(data[at + 4:at + 6])
        if vr in LONG_VRS:
            at += 12 + struct.unpack_from("<I", data, at + 8)[0]
        else:
            at += 8 + struct.unpack_from("<H", data, at + 6)[0]
    return at


def headers(data, explicit, little=True):
    """(offset, vr, length field offset, length size) of the top-level elements."""
    out, at = [], body_start(data)
    end = "<" if little else ">"
    while at + 8 <= len(data):
        if explicit:
            vr = bytes(data[at + 4:at + 6])
            if vr in LONG_VRS:
                if at + 12 > len(data):
                    break
                length, field, size, head = struct.unpack_from(end + "I", data, at + 8)[0], at + 8, 4, 12
            else:
                length, field, size, head = struct.unpack_from(end + "H", data, at + 6)[0], at + 6, 2, 8
        else:
            vr, length, field, size, head = None, struct.unpack_from("<I", data, at + 4)[0], at + 4, 4, 8
        out.append((at, vr, field, size))
        if length == 0xFFFFFFFF:
            break  # an undefined length: the elements after it are inside it
        at += head + length
    return out


for base in BASES:
    original = open(os.path.join(SRC, base), "rb").read()
    stem = base[:-4]
    explicit = base not in ("MR_small_implicit.dcm",)
    little = base != "MR_small_bigendian.dcm"
    elements = headers(bytearray(original), explicit, little) if base != "image_dfl.dcm" else []
    # Truncations: at the landmarks of every file, then at seeded offsets.
    offsets = {0, 1, 127, 128, 131, 132, 133, 140, body_start(original), len(original) - 1}
    offsets |= {rng.randrange(len(original)) for _ in range(14)}
    for at in sorted(o for o in offsets if o < len(original)):
        put(f"truncated/{stem}_{at}.dcm", original[:at])
    for i in range(10):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(132, len(data))] ^= 1 << rng.randrange(8)
        put(f"flipped/{stem}_{i}.dcm", data)
    for i, (at, vr, field, size) in enumerate(rng.sample(elements, min(10, len(elements)))):
        data = bytearray(original)
        pack = ("<" if little else ">") + ("I" if size == 4 else "H")
        limit = 0xFFFFFFFF if size == 4 else 0xFFFF
        choice = rng.choice([0xFFFFFFFE, 0xFFFFFFF0, 0x7FFFFFFF, limit, 1, 3, None])
        value = (rng.randrange(limit) if choice is None else choice) & limit
        struct.pack_into(pack, data, field, value)
        put(f"length/{stem}_{i}_{value:x}.dcm", data)
    for i, (at, vr, field, size) in enumerate(rng.sample(elements, min(6, len(elements)))):
        if not explicit:
            break
        data = bytearray(original)
        data[at + 4:at + 6] = rng.choice(VRS)
        put(f"vr/{stem}_{i}.dcm", data)
    # An odd length one byte longer than the value: every element after it is shifted by one.
    if elements:
        at, vr, field, size = elements[len(elements) // 2]
        data = bytearray(original)
        pack = ("<" if little else ">") + ("I" if size == 4 else "H")
        limit = 0xFFFFFFFF if size == 4 else 0xFFFF
        struct.pack_into(pack, data, field, (struct.unpack_from(pack, data, field)[0] + 1) & limit)
        put(f"odd/{stem}.dcm", data)


def dataset(name):
    return pydicom.dcmread(os.path.join(SRC, name))


# Sequences nested 1000 deep (Referenced Image Sequence in its items), with defined and
# undefined lengths, put in tag order into a real file (explicit VR little endian).
def nested(depth, undefined):
    content = b"\x08\x00\x04\x01LO\x08\x00deepest "
    for _ in range(depth):
        if undefined:
            item = b"\xfe\xff\x00\xe0\xff\xff\xff\xff" + content + b"\xfe\xff\x0d\xe0\0\0\0\0"
            content = (b"\x08\x00\x40\x11SQ\0\0\xff\xff\xff\xff" + item
                       + b"\xfe\xff\xdd\xe0\0\0\0\0")
        else:
            item = b"\xfe\xff\x00\xe0" + struct.pack("<I", len(content)) + content
            content = b"\x08\x00\x40\x11SQ\0\0" + struct.pack("<I", len(item)) + item
    return content


ct = open(os.path.join(SRC, "CT_small.dcm"), "rb").read()
after = next(at for at, _, _, _ in headers(ct, True)
             if struct.unpack_from("<HH", ct, at) > (0x0008, 0x1140))
for undefined in (False, True):
    data = ct[:after] + nested(1000, undefined) + ct[after:]
    put(f"deep/nested_1000_{'undefined' if undefined else 'defined'}.dcm", data)
# Undefined lengths that never end: the file stops inside the deepest item.
deep = nested(1000, True)
put("deep/nested_1000_no_delimiters.dcm", ct[:after] + deep[:deep.find(b"deepest ") + 8])

# A 4 GB declared length on the pixel data, and pixel data shorter than Rows x Columns.
data = bytearray(open(os.path.join(SRC, "CT_small.dcm"), "rb").read())
pixel = data.rfind(b"\xe0\x7f\x10\x00OW")
big = bytearray(data)
struct.pack_into("<I", big, pixel + 8, 0xFFFFFFF0)
put("pixels/length_4gb.dcm", big)
short = dataset("CT_small.dcm")
short.PixelData = short.PixelData[:1000]
short.save_as(os.path.join(OUT, "tmp.dcm"))
put("pixels/short.dcm", open(os.path.join(OUT, "tmp.dcm"), "rb").read())
os.remove(os.path.join(OUT, "tmp.dcm"))

# Files that are barely or not DICOM, and a data set without file meta.
put("empty/zero.dcm", b"")
put("empty/preamble_only.dcm", b"\0" * 128)
put("empty/magic_only.dcm", b"\0" * 128 + b"DICM")
put("empty/text.dcm", b"not a DICOM file at all\n")
put("empty/random.dcm", bytes(rng.randrange(256) for _ in range(4096)))
no_meta = dataset("MR_small_implicit.dcm")
no_meta.save_as(os.path.join(OUT, "tmp.dcm"), write_like_original=True)
data = open(os.path.join(OUT, "tmp.dcm"), "rb").read()
os.remove(os.path.join(OUT, "tmp.dcm"))
put("meta/no_meta.dcm", data[body_start(data):])

json.dump(written, sys.stdout)
