#!/usr/bin/python3
"""Writes the test fixture doe-john.pgm.gz: 'DOE^JOHN 12345678' burned (white, DejaVu Sans 14 px)
into the top-left corner of a real MR frame (pydicom-data MR2_UNCR), 512x512, 8-bit grey.
The ground-truth box is printed. Usage: /usr/bin/python3 render_fixture.py OUT.pgm.gz"""
import gzip
import io
import sys

from PIL import ImageDraw, ImageFont

from render_lines import background

img = background('pydicom-data/data_store/data/MR2_UNCR.dcm')
draw = ImageDraw.Draw(img)
font = ImageFont.truetype('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 14)
text = 'DOE^JOHN 12345678'
l, t, r, b = draw.textbbox((0, 0), text, font=font)
draw.text((12 - l, 10 - t), text, font=font, fill=255)
buf = io.BytesIO()
img.save(buf, format='PPM')
with open(sys.argv[1], 'wb') as f:
    f.write(gzip.compress(buf.getvalue(), mtime=0))
print({'x': 12, 'y': 10, 'width': r - l, 'height': b - t})
