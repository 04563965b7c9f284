/**
 * The single file's size: Clean Pixel Data inlined its codec and OCR bytes into the page
 * (src/worker/inlinedPixelAssets.ts), which issue 16 allows to grow the page by at most 10 MB
 * over its size before that work. Measured on the built dist/dicomanon.html.
 */
import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SINGLE_FILE, requireBuilt } from './support/paths';

/** dist/dicomanon.html before the codecs and the OCR were inlined (issue 16). */
const BYTES_BEFORE_CLEAN_PIXEL_DATA = 6_308_795;
const MAX_GROWTH_BYTES = 10_000_000;

test('the page grows by at most 10 MB for Clean Pixel Data', () => {
  requireBuilt(SINGLE_FILE, 'npx vite build');
  const size = statSync(SINGLE_FILE).size;
  console.log(
    `dist/dicomanon.html: ${size.toLocaleString('en-GB')} bytes, ` +
      `${(size - BYTES_BEFORE_CLEAN_PIXEL_DATA).toLocaleString('en-GB')} more than before`,
  );
  expect(size).toBeLessThanOrEqual(BYTES_BEFORE_CLEAN_PIXEL_DATA + MAX_GROWTH_BYTES);
});
