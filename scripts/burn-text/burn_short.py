#!/usr/bin/python3
"""Burns one given line of text into a real image of ../shared/data, as burn_text.py does.

Usage: python3 scripts/burn-text/burn_short.py SOURCE OUT TEXT [--size PX] [--font NAME]
           [--x X] [--y Y]

SOURCE is a path under shared/data; the line is drawn white (at the top of the window) into
every frame, its top-left ink pixel near (X, Y), with a font of burn_text.py's list (file name
without .ttf). Writes OUT (Explicit VR Little Endian) and prints the ground truth as JSON, in
the form of burn_text.py's lines: {"text", "kind", "frames", "size", "font", "box"}. For tests
of short identifiers (initials, a short ID) that the generator's lines are longer than.
"""
import argparse
import json
import os
import sys

import pydicom
from PIL import ImageFont
from pydicom.uid import ExplicitVRLittleEndian

from burn_text import SHARED, Canvas, font_path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('source')
    parser.add_argument('out')
    parser.add_argument('text')
    parser.add_argument('--size', type=int, default=14)
    parser.add_argument('--font', default='DejaVuSans')
    parser.add_argument('--x', type=int, default=40)
    parser.add_argument('--y', type=int, default=40)
    args = parser.parse_args()
    ds = pydicom.dcmread(os.path.join(SHARED, args.source))
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        ds.decompress()
    canvas = Canvas(ds, None)
    font = ImageFont.truetype(font_path(args.font + '.ttf'), args.size)
    x0, y0, _, _ = font.getbbox(args.text)
    frames = list(range(canvas.frames))
    # White on screen, as a device burns its annotations in: the top of the window.
    colour = [1, 1, 1] if canvas.colour else 1.0
    box = canvas.draw(frames, args.x - x0, args.y - y0, args.text, font, colour)
    if box is None:
        raise SystemExit('nothing drawn: %r' % args.text)
    canvas.store()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_implicit_VR, ds.is_little_endian = False, True
    ds.save_as(args.out, write_like_original=False)
    line = dict(text=args.text, kind='identifier', frames=frames, size=args.size, font=args.font,
                box=dict(x=box[0], y=box[1], w=box[2], h=box[3]))
    print(json.dumps(line))


if __name__ == '__main__':
    sys.exit(main())
