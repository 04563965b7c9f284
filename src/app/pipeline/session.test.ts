/**
 * The session gives each file the identifying values of its whole study, as the scan found
 * them: the run and the preview both quarantine a file whose kept text names a person that
 * only another file of the study names in an attribute (the CLI does the same: cliStudy.test).
 */
import { describe, expect, it } from 'vitest';
import { putElement } from '../../core/dicom/edit';
import { plantedFile } from '../../core/testing/deidCases';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { zipToStream } from './saveZipFile';
import { createSession } from './session';
import type { InputFile, ScanResult } from './types';

const CT = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const never = new AbortController().signal;

function studyOfTwo(): InputFile[] {
  const a = plantedFile(CT, [], (file) => {
    putElement(file.dataset, 0x00081070, 'PN', latin1('Quincy^Harriet'));
  });
  const b = plantedFile(CT, [[0x00081090, 'RHAPSODE serviced by Harriet Quincy']]);
  return [
    { file: new File([a as Uint8Array<ArrayBuffer>], 'a.dcm'), path: 'study/a.dcm' },
    { file: new File([b as Uint8Array<ArrayBuffer>], 'b.dcm'), path: 'study/b.dcm' },
  ];
}

describe('a session', () => {
  it('de-identifies and previews each file with the values of its whole study', async () => {
    const saved: Uint8Array[] = [];
    const session = createSession({
      createWorker: () => new InProcessWorker(5),
      workers: 1,
      openSaver: async () =>
        zipToStream(new WritableStream({ write: (chunk) => void saved.push(chunk.slice()) })),
    });
    const files = studyOfTwo();
    const scanned: ScanResult[] = [];
    await session.scan(files, (r) => scanned.push(r), never);
    expect(scanned.map((r) => r.kind)).toEqual(['dicom', 'dicom']);

    const options = { spec: { base: 'basic' as const, options: [] }, key: new Uint8Array(32) };
    const summary = await session.run(
      files,
      {
        ...options,
        format: 'dicom',
        include: [0, 1],
        save: { kind: 'file-picker' },
        wantMapping: false,
      },
      () => {},
      never,
    );
    expect(summary.results.map((r) => r.status)).toEqual(['written', 'quarantined']);
    expect(summary.results[1]!.reason).toMatch(/OperatorsName of another file of the study/);
    expect(Buffer.concat(saved).toString('latin1')).not.toMatch(/quincy/i);

    const preview = await session.preview(files[1]!, options, never);
    expect(preview.status).toBe('quarantined');
    session.dispose();
  });
});
