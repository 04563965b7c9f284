/**
 * Re-running a run's quarantined files with fixes, through the session: real GE MR files
 * under the legacy profile (which keeps private blocks) are all quarantined, since the Study ID
 * is still in two GE private elements and the patient's name parts in the protocol name. A
 * choice per kind of finding and a re-run make them written, into a new download after a zip
 * (closed when the run ended) or into the same folder, with the report rewritten for the
 * whole run. The re-run uses the study values of the scan, as the run did.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { LeftoverFix, LeftoverRule } from '../../core/deid/api';
import { leftoverKey, placeOf } from '../../core/deid/leftovers';
import { putElement } from '../../core/dicom/edit';
import { readDicom } from '../../core/dicom/readDicom';
import { corpusFile } from '../../core/testing/corpus';
import { plantedFile } from '../../core/testing/deidCases';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { directorySaver } from './saveDirectory';
import { openDownloadPartsSaver } from './saveDownloadParts';
import { zipToStream } from './saveZipFile';
import { createSession } from './session';
import { MemoryFolder } from './testing/memoryFolder';
import type { InputFile, RunSummary, SaveTarget, Session } from './types';

const never = new AbortController().signal;
const GE = 'dcm_qa_nih/In/20180918GE';
const KEYS = [
  '(0018,1030)|patient name|PatientName',
  '(0025,101B)|other identifier|StudyID',
  '(0043,1028)|other identifier|StudyID',
  '(0043,1062)|other identifier|StudyID',
];

/** Two files of each of the study's four series. */
function geFiles(): InputFile[] {
  const series = {
    mr_0004: 'interleaved_i_to_s',
    mr_0005: 'sequential_i_to_s',
    mr_0006: 'interleaved_s_to_i',
    mr_0007: 'sequential_s_to_i',
  };
  return Object.entries(series).flatMap(([folder, name]) =>
    [1, 2].map((n) => fileAt(`${GE}/${folder}/axial_epi_fmri_${name}-0000${n}.dcm`)),
  );
}

function fileAt(relative: string): InputFile {
  const bytes = readFileSync(corpusFile(relative));
  return { file: new File([bytes], path.basename(relative)), path: `Test Regression/${relative}` };
}

/** A session whose zips and downloads are collected in memory, as the browser would save them. */
function testSession(folder?: MemoryFolder) {
  const zip: Uint8Array[] = [];
  const downloads: Array<Promise<{ name: string; bytes: Uint8Array }>> = [];
  const save = (blob: Blob, name: string) =>
    void downloads.push(blob.arrayBuffer().then((b) => ({ name, bytes: new Uint8Array(b) })));
  const session = createSession({
    download: save,
    createWorker: () => new InProcessWorker(3),
    workers: 2,
    openSaver: async (target: SaveTarget, baseName: string) => {
      if (target.kind === 'directory-picker') return directorySaver(folder!);
      if (target.kind === 'file-picker')
        return zipToStream(new WritableStream({ write: (chunk) => void zip.push(chunk.slice()) }));
      return openDownloadPartsSaver(baseName, target.maxPartBytes, save);
    },
  });
  return { session, zip: () => unzipSync(Buffer.concat(zip)), downloads };
}

async function scanAndRun(session: Session, files: InputFile[], save: SaveTarget) {
  await session.scan(files, () => {}, never);
  return session.run(
    files,
    {
      spec: { base: 'legacy', options: [] },
      format: 'dicom',
      key: new Uint8Array(32).fill(3),
      include: files.map((_, i) => i),
      save,
      wantMapping: true,
    },
    () => {},
    never,
  );
}

/** One rule per kind of finding of the summary, each with the fix `fixOf` gives. */
function rulesFor(summary: RunSummary, fixOf: (place: string) => LeftoverFix): LeftoverRule[] {
  const rules = new Map<string, LeftoverRule>();
  for (const result of summary.results)
    for (const f of result.findings ?? [])
      rules.set(leftoverKey(f), {
        place: placeOf(f.path),
        kind: f.kind,
        source: f.source,
        fix: fixOf(placeOf(f.path)),
      });
  return [...rules.values()];
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const report = (bytes: Uint8Array) =>
  JSON.parse(new TextDecoder().decode(bytes)) as {
    leftovers?: { onLeftover: string; fixes: LeftoverRule[]; allowValues: number };
    totals: { inputs: number; written: number; quarantined: number };
    files: Array<{ input: string; status: string; reason: string; output: string }>;
  };
/** The tags of the GE private elements that copy the Study ID, where a file still has them. */
const studyIdCopies = (bytes: Uint8Array) =>
  readDicom(bytes)
    .dataset.elements.filter((e) => [0x0025101b, 0x00431028, 0x00431062].includes(e.tag))
    .map((e) => e.tag);

describe('a re-run of quarantined files', () => {
  it('after a zip: all quarantined, then all written into a new download with the whole report', async () => {
    const files = geFiles();
    const { session, zip, downloads } = testSession();
    const first = await scanAndRun(session, files, { kind: 'file-picker' });
    expect(first.quarantined).toBe(files.length);
    for (const result of first.results)
      expect([...new Set(result.findings!.map(leftoverKey))].sort()).toEqual(KEYS);
    expect(Object.keys(zip())).toEqual(['report.json', 'report.csv']);

    const fixes = rulesFor(first, () => 'cut');
    const progress: number[] = [];
    const summary = await session.rerun(
      files,
      { fixes, include: files.map((_, i) => i) },
      (p) => progress.push(p.filesDone),
      never,
    );
    expect(summary.written).toBe(files.length);
    expect(Math.max(...progress)).toBe(files.length);
    expect(summary.rerun?.archives).toEqual([
      expect.stringMatching(/^dicomanon-\d{8}-\d{4}-rerun$/),
    ]);
    expect(summary.rerun?.fixes).toEqual(fixes);
    for (const result of summary.results)
      expect(result.reason).toBe('after the leftover check: 1 value cut out, 3 attributes removed');

    const [download, ...more] = await Promise.all(downloads);
    expect(more).toEqual([]);
    expect(download!.name).toBe(`${summary.rerun!.archives[0]}.zip`);
    const entries = unzipSync(download!.bytes);
    const outputs = summary.results.map((r) => r.output);
    expect(Object.keys(entries)).toEqual([...outputs, 'report.json', 'report.csv']);
    const rewritten = report(entries['report.json']!);
    expect(rewritten.totals).toMatchObject({ inputs: files.length, written: files.length });
    expect(rewritten.leftovers).toEqual({ onLeftover: 'quarantine', fixes, allowValues: 0 });
    expect(rewritten.files.map((row) => row.reason)).toEqual(summary.results.map((r) => r.reason));
    for (const output of outputs) {
      const bytes = entries[output]!;
      expect(studyIdCopies(bytes), output).toEqual([]);
      expect(text(bytes), output).not.toMatch(/regression/i);
      // What is not the name stays in the protocol name.
      expect(text(bytes)).toContain('DCM2NIIX');
    }
    // The mapping tables of the run list the re-run's files as written, under their names.
    await session.saveMapping();
    const mapping = unzipSync((await Promise.all(downloads))[1]!.bytes);
    const fileMapping = new TextDecoder().decode(mapping['file_mapping.csv']);
    for (const output of outputs) expect(fileMapping).toContain(`${output},written`);
    session.dispose();
  });

  it('into the same folder, step by step, with names that stay unique and one report', async () => {
    const files = geFiles();
    const folder = new MemoryFolder();
    const { session } = testSession(folder);
    const first = await scanAndRun(session, files, { kind: 'directory-picker' });
    expect(first.quarantined).toBe(files.length);
    expect([...folder.files.keys()].sort()).toEqual(['report.csv', 'report.json']);

    // Only the protocol name: the private elements still hold the Study ID.
    const allowProtocol = rulesFor(first, () => 'allow').filter((r) => r.place === '(0018,1030)');
    const include = files.map((_, i) => i);
    const second = await session.rerun(files, { fixes: allowProtocol, include }, () => {}, never);
    expect(second.quarantined).toBe(files.length);
    for (const result of second.results)
      expect(result.findings!.map((f) => f.path).sort()).toEqual([
        '(0025,101B)',
        '(0043,1028)',
        '(0043,1062)',
      ]);
    expect(report(concat(folder.files.get('report.json')!)).leftovers?.fixes).toEqual(
      allowProtocol,
    );

    const removeRest = rulesFor(second, () => 'remove');
    const third = await session.rerun(files, { fixes: removeRest, include }, () => {}, never);
    expect(third.written).toBe(files.length);
    expect(third.rerun).toEqual({ fixes: [...allowProtocol, ...removeRest], archives: [] });
    expect(third.results[0]!.reason).toBe(
      'after the leftover check: 3 attributes removed, 1 finding allowed',
    );
    const outputs = third.results.map((r) => r.output);
    expect(new Set(outputs.map((o) => o.toLowerCase())).size).toBe(files.length);
    const rewritten = report(concat(folder.files.get('report.json')!));
    expect(rewritten.files.map((r) => [r.status, r.output])).toEqual(
      outputs.map((o) => ['written', o]),
    );
    for (const output of outputs) {
      const bytes = concat(fileIn(folder, output));
      expect(studyIdCopies(bytes)).toEqual([]);
      // Allowed: the protocol name is as it was.
      expect(text(bytes)).toContain('DCM2NIIX regression test');
    }
    session.dispose();
  });

  it('uses the study values the run had: a name only another file carries is cut out', async () => {
    const latin1 = (value: string) => new Uint8Array([...value].map((c) => c.charCodeAt(0)));
    const CT = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
    const a = plantedFile(CT, [], (file) =>
      putElement(file.dataset, 0x00081070, 'PN', latin1('Quincy^Harriet')),
    );
    const b = plantedFile(CT, [[0x00081090, 'RHAPSODE serviced by Harriet Quincy']]);
    const files = [a, b].map((bytes, i) => ({
      file: new File([bytes as Uint8Array<ArrayBuffer>], `${i}.dcm`),
      path: `study/${i}.dcm`,
    }));
    const { session, downloads } = testSession();
    await session.scan(files, () => {}, never);
    const first = await session.run(
      files,
      {
        spec: { base: 'basic', options: [] },
        format: 'dicom',
        key: new Uint8Array(32),
        include: [0, 1],
        save: { kind: 'download-parts', maxPartBytes: 1 << 20 },
        wantMapping: false,
      },
      () => {},
      never,
    );
    expect(first.results.map((r) => r.status)).toEqual(['written', 'quarantined']);
    const fixes = rulesFor(first, () => 'cut');
    expect(fixes.map((r) => r.source)).toEqual(['OperatorsName of another file of the study']);
    const summary = await session.rerun(files, { fixes, include: [1] }, () => {}, never);
    expect(summary.results.map((r) => r.status)).toEqual(['written', 'written']);
    // The first run's part and the re-run's: the written file of the run is not saved again.
    const [, rerun] = await Promise.all(downloads);
    const entries = unzipSync(rerun!.bytes);
    expect(Object.keys(entries)).toEqual([summary.results[1]!.output, 'report.json', 'report.csv']);
    const output = text(entries[summary.results[1]!.output]!);
    expect(output).toContain('RHAPSODE serviced by');
    expect(output).not.toMatch(/quincy|harriet/i);
    session.dispose();
  });
});

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

function fileIn(folder: MemoryFolder, output: string): Uint8Array[] {
  const parts = output.split('/');
  let at = folder;
  for (const part of parts.slice(0, -1)) at = at.folders.get(part)!;
  return at.files.get(parts.at(-1)!)!;
}
