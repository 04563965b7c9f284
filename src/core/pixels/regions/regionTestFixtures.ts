/**
 * What the region tests share: sample UIDs and key, a template and an image to vary, and the
 * problem lines of a refused file.
 */
import { expect } from 'vitest';
import { parsePixelRegions } from './parsePixelRegions';
import { PixelRegionsError } from './problems';
import type { ImageQuery } from './types';

export const US = '1.2.840.10008.5.1.4.1.1.6.1';
export const SC = '1.2.840.10008.5.1.4.1.1.7';
/** An opaque key as a caller would derive it (hex of an HMAC). */
export const KEY = 'k1:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

export function problemsOf(value: unknown): readonly string[] {
  return problemsOfText(JSON.stringify(value));
}

export function problemsOfText(text: string): readonly string[] {
  try {
    parsePixelRegions(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PixelRegionsError);
    const { message, problems } = error as PixelRegionsError;
    expect(message).toBe(problems.join('\n'));
    return problems;
  }
  throw new Error('the file was accepted');
}

export const template = (overrides: object = {}, match: object = {}): object => ({
  name: 'Acme Sono banner',
  match: { manufacturer: 'Acme', model: 'Sono 5', rows: 600, columns: 800, ...match },
  boxes: [{ x: 0, y: 0, width: 800, height: 60 }],
  ...overrides,
});

export const image = (overrides: Partial<ImageQuery> = {}): ImageQuery => ({
  manufacturer: 'Acme',
  model: 'Sono 5',
  rows: 600,
  columns: 800,
  sopClassUid: US,
  ...overrides,
});
