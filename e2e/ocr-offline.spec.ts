/**
 * The OCR (src/core/pixels/ocr, tesseract.js-core 7 driven directly) in a classic Web Worker
 * made from a blob: URL, on a page opened from file:// under the app's production CSP
 * (connect-src 'none'): the wasm and the English data are inlined into the page as base64, as
 * the single-file build inlines its codecs, and handed to the worker as bytes. The worker
 * must read a burned-in identifying line, and the browser must request nothing but the page.
 * Standalone: it bundles src/core/pixels/ocr with esbuild itself and needs no app build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { gunzipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { PRODUCTION_CSP } from '../src/app/contentSecurityPolicy';
import { ocrAssetPaths } from '../src/core/pixels/ocr/nodeAssets';
import { watchNetwork } from './support/network';
import { PROJECT_ROOT, tempDir } from './support/paths';

/** The worker: a classic script; `createTesseractReader` gets every byte by message. */
const WORKER_ENTRY = `
import { createTesseractReader } from './tesseractReader';
self.onmessage = async (event) => {
  const { wasm, data, image } = event.data;
  try {
    const t = performance.now();
    const reader = await createTesseractReader({
      assets: async (asset) => (asset === 'tesseract-core-wasm' ? wasm : data),
    });
    const startMs = performance.now() - t;
    const s = performance.now();
    const words = await reader.read(image);
    const readMs = performance.now() - s;
    reader.close();
    self.postMessage({ words, startMs, readMs });
  } catch (error) {
    self.postMessage({ error: String(error && error.stack || error) });
  }
};
`;

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

test('the OCR reads a burned-in line in a classic worker, offline, under the strict CSP', async ({
  page,
  context,
}) => {
  const work = tempDir('e2e-ocr');
  try {
    const bundle = await build({
      stdin: {
        contents: WORKER_ENTRY,
        resolveDir: path.join(PROJECT_ROOT, 'src/core/pixels/ocr'),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      // The Emscripten glue reaches for these only when it runs in Node.
      external: ['fs', 'crypto', 'path'],
      write: false,
      logLevel: 'silent',
    });
    const workerSource = bundle.outputFiles[0]!.text;
    const paths = ocrAssetPaths();
    const pgm = gunzipSync(
      new Uint8Array(readFileSync(path.join(PROJECT_ROOT, 'src/core/pixels/ocr/doe-john.pgm.gz'))),
    );
    const pixels = pgm.subarray(pgm.length - 512 * 512);
    const html = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PRODUCTION_CSP}">
<script>
const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const WORKER = ${JSON.stringify(workerSource).replace(/</g, '\\u003c')};
const WASM = "${base64(readFileSync(paths['tesseract-core-wasm']))}";
const DATA = "${base64(readFileSync(paths['eng-traineddata']))}";
const IMAGE = "${base64(pixels)}";
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.ocr = new Promise((resolve) => {
  const worker = new Worker(URL.createObjectURL(new Blob([WORKER], { type: 'text/javascript' })));
  worker.onmessage = (event) => resolve(event.data);
  worker.onerror = (event) => resolve({ error: event.message || 'worker error' });
  const wasm = bytes(WASM), data = bytes(DATA);
  const image = { width: 512, height: 512, data: bytes(IMAGE) };
  worker.postMessage({ wasm, data, image }, [wasm.buffer, data.buffer, image.data.buffer]);
});
</script></head><body>OCR</body></html>`;
    const file = path.join(work.dir, 'ocr.html');
    writeFileSync(file, html);

    const network = watchNetwork(context);
    await page.goto(pathToFileURL(file).href);
    const result = (await page.evaluate(
      () => (window as unknown as { ocr: Promise<unknown> }).ocr,
    )) as {
      words?: { text: string; confidence: number }[];
      startMs?: number;
      readMs?: number;
      error?: string;
    };
    expect(result.error).toBeUndefined();
    const read = result.words!.map((w) => w.text.toUpperCase().replace(/[^A-Z0-9]/g, '')).join(' ');
    expect(read).toContain('DOE');
    expect(read).toContain('JOHN');
    expect(read).toContain('12345678');
    console.log(
      `OCR in Chromium's worker: start-up ${Math.round(result.startMs!)} ms, 512×512 frame ${Math.round(result.readMs!)} ms`,
    );
    expect(
      await page.evaluate(() => (window as unknown as { violations: string[] }).violations),
    ).toEqual([]);
    // The policy is in force: the page itself may not fetch even a data: URL.
    const pageFetch = await page.evaluate(() =>
      fetch('data:text/plain,x').then(
        () => 'fetched',
        () => 'refused',
      ),
    );
    expect(pageFetch).toBe('refused');
    expect(network.remote()).toEqual([]);
    expect(network.all.filter((url) => !url.startsWith('blob:'))).toEqual([
      pathToFileURL(file).href,
    ]);
  } finally {
    work.remove();
  }
});
