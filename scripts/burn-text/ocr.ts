/**
 * Test only (Node): the words Debian's tesseract reads in a frame, with their boxes, as an
 * independent check of where text is.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Box } from './corpus';

export interface OcrWord extends Box {
  text: string;
  confidence: number;
}

/** Words tesseract reads with at least `minConfidence` in an 8-bit grey frame. */
export function tesseractWords(
  grey: Uint8Array,
  columns: number,
  rows: number,
  minConfidence = 70,
): OcrWord[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-ocr-'));
  try {
    const file = path.join(dir, 'frame.pgm');
    writeFileSync(file, Buffer.concat([Buffer.from(`P5 ${columns} ${rows} 255\n`), grey]));
    const tsv = execFileSync('tesseract', [file, '-', '--psm', '11', 'tsv'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const words: OcrWord[] = [];
    for (const line of tsv.split('\n').slice(1)) {
      const f = line.split('\t');
      if (f.length < 12 || f[0] !== '5') continue;
      const text = f[11]!.trim();
      const confidence = Number(f[10]);
      if (confidence < minConfidence || !/[A-Za-z0-9].*[A-Za-z0-9]/.test(text)) continue;
      words.push({
        x: Number(f[6]),
        y: Number(f[7]),
        w: Number(f[8]),
        h: Number(f[9]),
        text,
        confidence,
      });
    }
    return words;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
