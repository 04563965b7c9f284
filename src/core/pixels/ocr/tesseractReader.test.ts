import { readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeOcrAssets } from './nodeAssets';
import { createTesseractReader } from './tesseractReader';
import type { GreyImage8, TextReader } from './types';

/** 'DOE^JOHN 12345678' burned into a real MR frame (measure/render_fixture.py). */
const LINE_BOX = { x: 12, y: 10, width: 154, height: 13 };

function readPgm(bytes: Uint8Array): GreyImage8 {
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 32));
  const match = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(header);
  if (!match) throw new Error('not an 8-bit binary PGM');
  const [width, height] = [Number(match[1]), Number(match[2])];
  return { width, height, data: bytes.subarray(match[0].length, match[0].length + width * height) };
}

const doeJohn = readPgm(
  gunzipSync(new Uint8Array(readFileSync(new URL('./doe-john.pgm.gz', import.meta.url)))),
);
const blank: GreyImage8 = { width: 512, height: 512, data: new Uint8Array(512 * 512) };

/** Letters and digits only, upper case: what identifies, whatever the punctuation. */
const squeeze = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

describe('the tesseract.js text reader, offline from bytes', () => {
  let reader: TextReader;
  const fetchSpy = vi.fn(() => {
    throw new Error('the OCR tried to fetch');
  });

  beforeAll(async () => {
    vi.stubGlobal('fetch', fetchSpy);
    vi.stubGlobal('XMLHttpRequest', fetchSpy);
    reader = await createTesseractReader({ assets: nodeOcrAssets() });
  });
  afterAll(() => {
    reader?.close();
    vi.unstubAllGlobals();
  });
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchSpy);
    vi.stubGlobal('XMLHttpRequest', fetchSpy);
  });
  afterEach(() => expect(fetchSpy).not.toHaveBeenCalled());

  it('reads an identifying line in a full 512×512 frame, where it is', async () => {
    const words = await reader.read(doeJohn);
    const read = words.map((w) => squeeze(w.text)).join(' ');
    expect(read).toContain('DOE');
    expect(read).toContain('JOHN');
    expect(read).toContain('12345678');
    const id = words.find((w) => squeeze(w.text).includes('12345678'))!;
    expect(id.box.y).toBeGreaterThanOrEqual(LINE_BOX.y - 4);
    expect(id.box.y + id.box.height).toBeLessThanOrEqual(LINE_BOX.y + LINE_BOX.height + 4);
    expect(id.box.x).toBeGreaterThan(LINE_BOX.x);
    expect(id.confidence).toBeGreaterThan(50);
  });

  it('reads the same line from its box, in image coordinates', async () => {
    const words = await reader.read(doeJohn, LINE_BOX);
    expect(squeeze(words.map((w) => w.text).join(''))).toBe('DOEJOHN12345678');
    expect(new Set(words.map((w) => w.line)).size).toBe(1);
    for (const w of words) {
      expect(w.box.x).toBeGreaterThanOrEqual(LINE_BOX.x - 6);
      expect(w.box.x + w.box.width).toBeLessThanOrEqual(LINE_BOX.x + LINE_BOX.width + 6);
    }
  });

  it('reads nothing meaningful in a blank frame or a blank box', async () => {
    const meaningful = (words: { text: string; confidence: number }[]) =>
      words.filter((w) => squeeze(w.text).length >= 2 && w.confidence >= 50);
    expect(meaningful(await reader.read(blank))).toEqual([]);
    expect(
      meaningful(await reader.read(blank, { x: 100, y: 100, width: 150, height: 14 })),
    ).toEqual([]);
  });

  it('refuses an image whose bytes do not match its size', async () => {
    await expect(reader.read({ width: 10, height: 10, data: new Uint8Array(5) })).rejects.toThrow(
      /only 5 bytes/,
    );
  });
});
