/**
 * Test-only page for e2e/clean-pixels.spec.ts: the page's real pipeline (session, Web Workers
 * from spawn.ts, the codec and OCR bytes inlined by the app's own Vite config) runs Clean Pixel
 * Data on the chosen files, and the sampler searches them for text. Built into a temporary
 * folder, opened from file://, never part of dist/. The result lands on window.cleanResult.
 */
import { keyFromPassphrase } from '../../../src/core/deid/keys';
import { sampleSeriesForText } from '../../../src/app/pipeline/sampleText';
import { directorySaver } from '../../../src/app/pipeline/saveDirectory';
import { createSession } from '../../../src/app/pipeline/session';
import { MemoryFolder } from '../../../src/app/pipeline/testing/memoryFolder';
import type { InputFile, ScanResult } from '../../../src/app/pipeline/types';

const PASSPHRASE = 'correct horse battery staple for pixels';
const never = new AbortController().signal;

async function sha256(chunks: readonly Uint8Array[]): Promise<string> {
  const whole = new Uint8Array(await new Blob(chunks as Uint8Array<ArrayBuffer>[]).arrayBuffer());
  const digest = await crypto.subtle.digest('SHA-256', whole);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function filesOf(folder: MemoryFolder, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, chunks] of folder.files) out[prefix + name] = await sha256(chunks);
  for (const [name, sub] of folder.folders)
    Object.assign(out, await filesOf(sub, `${prefix}${name}/`));
  return out;
}

async function clean(list: readonly File[], regions: unknown): Promise<unknown> {
  const files: InputFile[] = [...list]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((file) => ({ file, path: `in/${file.name}` }));
  const sample = await sampleSeriesForText([files[0]!.file]);
  const folder = new MemoryFolder();
  const session = createSession({ openSaver: async () => directorySaver(folder) });
  const scanned: ScanResult[] = [];
  await session.scan(files, (result) => scanned.push(result), never);
  const started = performance.now();
  const summary = await session.run(
    files,
    {
      spec: {
        base: 'basic',
        options: [],
        pixels: { clean: true, ...(regions ? { regions: regions as never } : {}) },
      },
      format: 'dicom',
      key: await keyFromPassphrase(PASSPHRASE),
      include: scanned.filter((r) => r.kind === 'dicom').map((r) => r.index),
      save: { kind: 'directory-picker' },
      wantMapping: false,
    },
    () => {},
    never,
  );
  const ms = performance.now() - started;
  session.dispose();
  const reportChunks = folder.files.get('report.json')! as Uint8Array<ArrayBuffer>[];
  const report = new TextDecoder().decode(
    new Uint8Array(await new Blob(reportChunks).arrayBuffer()),
  );
  return { sample, written: summary.written, report, hashes: await filesOf(folder), ms };
}

const input = document.getElementById('files') as HTMLInputElement;
input.addEventListener('change', () => {
  const regions = (window as { cleanRegions?: unknown }).cleanRegions;
  const w = window as { cleanResult?: Promise<unknown> };
  w.cleanResult = clean([...(input.files ?? [])], regions).catch((error: unknown) => ({
    error: String(error instanceof Error ? error.stack : error),
  }));
});
