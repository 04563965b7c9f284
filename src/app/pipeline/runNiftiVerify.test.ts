/**
 * The web app's NIfTI run verifies what it saves, as the CLI does (cliNiftiVerify.test): a
 * session (scan, then run, NIfTI job handlers in process, dcm2niix from node_modules) over a
 * GE series whose patient's name was typed into a field the sidecar keeps, and a clean
 * Siemens series. And the session gives the run its study values: a name only another file of
 * the study carries is cut from the cleaned sidecar description.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import { putElement } from '../../core/dicom/edit';
import { corpusFile } from '../../core/testing/corpus';
import { plantedFile } from '../../core/testing/deidCases';
import { unzipSync } from 'fflate';
import { createJobHandler, type JobHandler } from '../../worker/jobs';
import { createNiftiHandler } from '../../worker/niftiJob';
import type { WorkerJob } from '../../worker/protocol';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { zipToStream } from './saveZipFile';
import { createSession } from './session';
import type { InputFile } from './types';
import type { ProfileOptionName } from '../../core/deid/options';

const GE = 'dcm_qa_nih/In/20180918GE/mr_0004';
const SIEMENS = 'dcm_qa_nih/In/20180918Si/mr_0003';
const never = new AbortController().signal;
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const dicomNames = (series: string) =>
  readdirSync(corpusFile(series))
    .filter((n) => n.endsWith('.dcm'))
    .sort();
const input = (bytes: Uint8Array, name: string): InputFile => ({
  file: new File([bytes as Uint8Array<ArrayBuffer>], name),
  path: `Quincy Harriet/${name}`,
});

function niftiWorker() {
  let dcm2niix: ReturnType<typeof loadNodeDcm2niix> | undefined;
  const create = (job: WorkerJob): Promise<JobHandler> =>
    job.kind === 'nifti'
      ? (createNiftiHandler(job, () => (dcm2niix ??= loadNodeDcm2niix())) as Promise<JobHandler>)
      : createJobHandler(job);
  return () => new InProcessWorker(5, create);
}

/** A session's NIfTI run over `files`, all included: its summary and the zip's entries. */
async function runNifti(files: InputFile[], options: ProfileOptionName[] = []) {
  const parts: Uint8Array[] = [];
  const session = createSession({
    createWorker: () => new InProcessWorker(),
    createNiftiWorker: niftiWorker(),
    workers: 2,
    openSaver: async () =>
      zipToStream(new WritableStream({ write: (chunk) => void parts.push(chunk.slice()) })),
  });
  await session.scan(files, () => {}, never);
  const summary = await session.run(
    files,
    {
      spec: { base: 'basic', options },
      key: new Uint8Array(32).fill(3),
      format: 'nifti',
      include: files.map((_, i) => i),
      save: { kind: 'file-picker' },
      wantMapping: false,
    },
    () => {},
    never,
  );
  session.dispose();
  return { summary, entries: unzipSync(Buffer.concat(parts)) };
}

describe('a NIfTI run in the app', () => {
  it('quarantines a series whose sidecar would name the patient; saves the others', async () => {
    const ge = dicomNames(GE).map((name) =>
      input(
        plantedFile(`${GE}/${name}`, [
          [0x00100010, 'Quincy^Harriet'], // PatientName
          [0x0019109c, 'epiRT Harriet Quincy'], // GE Pulse Sequence Name
        ]),
        name,
      ),
    );
    const siemens = dicomNames(SIEMENS).map((name) =>
      input(new Uint8Array(readFileSync(corpusFile(`${SIEMENS}/${name}`))), name),
    );
    const { summary, entries } = await runNifti([...ge, ...siemens]);
    expect(summary.quarantined).toBe(ge.length);
    expect(summary.written).toBe(siemens.length);
    for (const result of summary.results.slice(0, ge.length)) {
      expect(result.status).toBe('quarantined');
      expect(result.output).toBe('');
      expect(result.reason).toMatch(
        /^quarantined, not saved: .*the JSON sidecar's "PulseSequenceName" held a patient name/,
      );
    }
    const names = Object.keys(entries);
    expect(names.filter((n) => n.endsWith('.nii.gz'))).toHaveLength(1);
    expect(names.filter((n) => /series-0003-MR/.test(n))).toHaveLength(2);
    const report = JSON.parse(Buffer.from(entries['report.json']!).toString('utf8')) as {
      files: Array<{ status: string }>;
    };
    expect(report.files.map((f) => f.status)).toEqual([
      ...ge.map(() => 'quarantined'),
      ...siemens.map(() => 'written'),
    ]);
    for (const [name, bytes] of Object.entries(entries))
      expect(`${name} ${Buffer.from(bytes).toString('latin1')}`).not.toMatch(/quincy|harriet/i);
  });

  it("cuts a name from another file's attribute out of the cleaned description", async () => {
    const series = dicomNames(GE).map((name) =>
      input(plantedFile(`${GE}/${name}`, [[0x0008103e, 'Axial EPI for Quincy Harriet']]), name),
    );
    // Another series of the study names its operator.
    const other = plantedFile(
      `${GE}/${dicomNames(GE)[0]}`,
      [[0x0020000e, '1.2.3.4.5.6.7.8.9']],
      (f) => putElement(f.dataset, 0x00081070, 'PN', latin1('Quincy^Harriet')),
    );
    const { summary, entries } = await runNifti(
      [...series, input(other, 'zz-other-series.dcm')],
      ['clean-descriptors'],
    );
    expect(summary.written).toBe(series.length + 1);
    const descriptions = Object.entries(entries)
      .filter(([name]) => name.endsWith('.json') && !name.startsWith('report'))
      .map(([, bytes]) => JSON.parse(Buffer.from(bytes).toString('utf8')).SeriesDescription);
    expect(descriptions).toContain('Axial EPI for *** ***');
    for (const [name, bytes] of Object.entries(entries))
      expect(`${name} ${Buffer.from(bytes).toString('latin1')}`).not.toMatch(/quincy|harriet/i);
  });
});
