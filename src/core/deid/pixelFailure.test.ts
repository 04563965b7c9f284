/**
 * Under Clean Pixel Data an image the engine cannot decode is not written (text that cannot be
 * looked for may be there), and its reason tells the user what to do, in the CLI's report and the
 * page's alike, without any value of the file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicom } from '../dicom/readDicom';
import { findElement } from '../dicom/dataset';
import { readStrings } from '../dicom/values';
import { corpusFile } from '../testing/corpus';
import { testDeidentifier } from '../testing/deid';
import { nodePixelTools } from '../testing/pixelTools';

const CLEAN = { base: 'basic', options: [], pixels: { clean: true } } as const;
const PATIENT_NAME = 0x00100010;

describe('an image Clean Pixel Data cannot search', () => {
  it('fails with what was wrong and what to do, and is written without the option', async () => {
    // An ultrasound whose PALETTE COLOR uses a segmented palette, which no decoder here reads.
    const bytes = new Uint8Array(
      readFileSync(corpusFile('pydicom-data/data_store/data/gdcm-US-ALOKA-16.dcm')),
    );
    const cleaning = await testDeidentifier(CLEAN, undefined, nodePixelTools);
    const outcome = await cleaning.deidentify(bytes.slice());
    expect(outcome.status).toBe('failed');
    const reason = outcome.status === 'failed' ? outcome.reason : '';
    expect(reason).toBe(
      'its image could not be searched for burned-in text, so it was not written (This PALETTE ' +
        'COLOR image uses a segmented palette, which cannot be decoded yet): look at it in a ' +
        'viewer, and de-identify it without Clean Pixel Data only if it shows no text',
    );
    const dicom = readDicom(bytes);
    const name = readStrings(dicom.dataset, findElement(dicom.dataset, PATIENT_NAME)!)[0] ?? '';
    if (name.length > 2) expect(reason).not.toContain(name);
    const headerOnly = await testDeidentifier({ base: 'basic', options: [] });
    expect((await headerOnly.deidentify(bytes.slice())).status).toBe('written');
  });
});
