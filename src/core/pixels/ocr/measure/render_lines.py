#!/usr/bin/python3
"""Burns fake identifying lines into 512x512 grey frames for the OCR measurements.

Backgrounds are real images from ../shared/data (decoded with pydicom, windowed to 8 bit,
resized to 512x512) plus one plain black frame; lines are drawn with DejaVu/Liberation fonts at
10-20 px, light on the image, in corners and bands, as ultrasound and secondary captures carry
them. Writes <out>/NNN.pgm and <out>/truth.json (per image: the lines with text and box).
Needs Debian's python3-pil, python3-pydicom and fonts-dejavu-core (+ fonts-liberation if present).
Usage: /usr/bin/python3 render_lines.py OUT_DIR [N_IMAGES] [SEED]
"""
import json
import os
import random
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import convert_color_space
from PIL import Image, ImageDraw, ImageFont

SHARED = os.path.join(os.path.dirname(__file__), '../../../../../../shared/data')
BACKGROUNDS = [
    'pydicom-data/data_store/data/MR2_UNCR.dcm',
    'pydicom-data/data_store/data/liver.dcm',
    'pydicom-data/data_store/data/US1_UNCR.dcm',
    'pydicom-data/data_store/data/693_UNCR.dcm',
    'pydicom-data/data_store/data/RG3_J2KR.dcm',
    'deid-data/deid_data/data/humans/ctbrain1.dcm',
]
FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/truetype/liberation']
FONT_NAMES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf', 'DejaVuSerif.ttf',
              'DejaVuSansCondensed.ttf', 'LiberationSans-Regular.ttf', 'LiberationMono-Regular.ttf']
SURNAMES = ['DOE', 'SMITH', 'MUELLER', 'OKAFOR', 'NGUYEN', 'GARCIA', 'KOWALSKI', 'ANDERSSON']
GIVEN = ['JOHN', 'MARY', 'ANNA', 'PETER', 'LI', 'FATIMA', 'JOSE', 'KLAUS']
HOSPITALS = ['St Mary Hospital', 'City General', 'Klinikum Nord', 'Mercy Medical Center']


def fonts():
    found = []
    for name in FONT_NAMES:
        for d in FONT_DIRS:
            p = os.path.join(d, name)
            if os.path.exists(p):
                found.append(p)
                break
    return found


def background(path):
    ds = pydicom.dcmread(os.path.join(SHARED, path))
    a = ds.pixel_array
    if a.ndim == 4 or (a.ndim == 3 and a.shape[-1] != 3):
        a = a[0]
    if a.ndim == 3:
        if ds.PhotometricInterpretation.startswith('YBR'):
            a = convert_color_space(a, ds.PhotometricInterpretation, 'RGB')
        a = a.astype(np.float64).mean(axis=2)
    a = a.astype(np.float64)
    lo, hi = np.percentile(a, 1), np.percentile(a, 99)
    a = np.clip((a - lo) / max(hi - lo, 1) * 255, 0, 255).astype(np.uint8)
    if ds.get('PhotometricInterpretation') == 'MONOCHROME1':
        a = 255 - a
    return Image.fromarray(a).resize((512, 512), Image.BILINEAR)


def line_texts(rng):
    sur, giv = rng.choice(SURNAMES), rng.choice(GIVEN)
    pid = ''.join(rng.choice('0123456789') for _ in range(8))
    acc = 'A' + ''.join(rng.choice('0123456789') for _ in range(7))
    y, m, d = rng.randint(1930, 2010), rng.randint(1, 12), rng.randint(1, 28)
    return [
        f'{sur}^{giv}',
        f'ID: {pid}',
        f'DOB {y}-{m:02d}-{d:02d}',
        f'ACC {acc}',
        rng.choice(HOSPITALS),
        f'{d:02d}/{m:02d}/2024 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}',
        f'{sur}, {giv.title()}',
    ]


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 42
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 14)
    os.makedirs(out, exist_ok=True)
    bgs = []
    for p in BACKGROUNDS:
        try:
            bgs.append((os.path.basename(p), background(p)))
        except Exception as e:  # a background pydicom cannot decode here is skipped
            print(f'skip {p}: {e}', file=sys.stderr)
    bgs.append(('black', Image.new('L', (512, 512), 0)))
    font_paths = fonts()
    truth = []
    for i in range(n):
        name, bg = bgs[i % len(bgs)]
        img = bg.copy()
        draw = ImageDraw.Draw(img)
        texts = rng.sample(line_texts(rng), 5)
        size = 10 + (i * 5 // 2) % 11  # every size 10..20 over the set
        font_path = font_paths[i % len(font_paths)]
        font = ImageFont.truetype(font_path, size)
        layout = ['corners', 'band', 'left'][i % 3]
        lines = []
        step = size + 6
        bx, by = 6, 6
        for j, text in enumerate(texts):
            l, t, r, b = draw.textbbox((0, 0), text, font=font)
            w, h = r - l, b - t
            if layout == 'corners':
                x = 6 if j % 2 == 0 else 506 - w
                y = 6 + (j // 2) * step if j < 4 else 506 - h
            elif layout == 'band':
                if bx + w > 506:
                    bx, by = 6, by + step
                x, y = bx, by
                bx += w + 3 * size
            else:
                x, y = 6, 120 + j * step
            # Burned-in text is light; on a light part of the image it is drawn dark.
            local = np.asarray(img)[y:y + h + 1, x:x + w + 1].mean()
            grey = rng.choice([255, 235, 210]) if local < 128 else rng.choice([0, 20, 45])
            draw.text((x - l, y - t), text, font=font, fill=grey)
            lines.append({'text': text, 'box': [x, y, w, h]})
        fn = f'{i:03d}.pgm'
        img.save(os.path.join(out, fn))
        truth.append({'file': fn, 'background': name, 'font': os.path.basename(font_path),
                      'size': size, 'layout': layout, 'lines': lines})
    with open(os.path.join(out, 'truth.json'), 'w') as f:
        json.dump(truth, f, indent=1)
    # The real burned-in ultrasounds of deid-data (fake PHI, no ground-truth boxes), full size.
    real = os.path.join(out, 'real')
    os.makedirs(real, exist_ok=True)
    for name in ['GREYSCALE_IMAGE', 'RGB_IMAGE']:
        ds = pydicom.dcmread(os.path.join(SHARED, f'deid-data/deid_data/data/ultrasounds/{name}.dcm'))
        a = ds.pixel_array.astype(np.float64)
        if a.ndim == 3:
            a = a.mean(axis=2)
        Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(real, f'{name}.pgm'))
    print(f'{n} images, {sum(len(t["lines"]) for t in truth)} lines -> {out}')


if __name__ == '__main__':
    main()
