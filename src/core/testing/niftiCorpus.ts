/**
 * Test-only: converts every series under a folder of the shared corpus the way the CLI does
 * (group by series with seriesOf, convertSeries per series), and keeps what the tests need.
 */
import { readFileSync } from 'node:fs';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import type { ProfileSpec } from '../deid/api';
import { createDeidentifier } from '../deid/deidentifier';
import { webCryptoKeyedHash } from '../deid/keys';
import { convertSeries, type SeriesOutcome } from '../nifti/convertSeries';
import { seriesOf } from '../nifti/seriesOf';
import { corpusFiles, NOT_DICOM_NAME } from './corpus';

export interface ConvertedSeries {
  /** Input files of the series, in sorted path order. */
  readonly files: string[];
  readonly outcome: SeriesOutcome;
}

export const TEST_KEY = new Uint8Array(32).fill(7);

/** Every DICOM file under `prefix` (absolute), grouped by series and converted. */
export async function convertCorpusSeries(
  prefix: string,
  spec: ProfileSpec = { base: 'basic', options: [] },
  compress = true,
): Promise<ConvertedSeries[]> {
  const dcm2niix = await loadNodeDcm2niix();
  const deidentifier = createDeidentifier(spec, await webCryptoKeyedHash(TEST_KEY));
  const groups = new Map<string, string[]>();
  for (const file of corpusFiles().filter((f) => f.startsWith(prefix))) {
    if (NOT_DICOM_NAME.test(file)) continue;
    const found = seriesOf(readFileSync(file));
    if (found.status !== 'dicom' || found.notConvertible) continue;
    const list = groups.get(found.seriesKey) ?? [];
    list.push(file);
    groups.set(found.seriesKey, list);
  }
  const converted: ConvertedSeries[] = [];
  for (const files of groups.values()) {
    const bytes = files.map((file) => new Uint8Array(readFileSync(file)));
    converted.push({
      files,
      outcome: await convertSeries(bytes, { dcm2niix, deidentifier, spec }, { compress }),
    });
  }
  return converted;
}
