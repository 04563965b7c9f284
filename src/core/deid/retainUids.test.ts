/**
 * Retain UIDs keeps every UID, also those of the two U rows whose option column the table
 * leaves empty: an SR's UIDREF (0040,A124) names the same instance as the Referenced SOP
 * Instance UIDs kept beside it. Replacing it alone made the check find the original UID in the
 * kept references and refuse a clean file. Read back with pydicom.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { pydicomDump, type PydicomDump } from '../testing/pydicom';
import type { ProfileSpec } from './api';

const SR = corpusFile('pydicom/src/pydicom/data/test_files/test-SR.dcm');
/** Content Sequence item 0: the UIDREF; item 4 ... its waveform reference to the same UID. */
const UIDREF = '0040A730/0/0040A124';
const REFERENCE = '0040A730/4/0040A730/1/0040A730/1/00081199/0/00081155';

async function deidentified(spec: ProfileSpec): Promise<Record<string, string | undefined>> {
  const outcome = await (await testDeidentifier(spec)).deidentify(readFileSync(SR));
  const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-retain-uids-'));
  try {
    const file = path.join(dir, 'out.dcm');
    writeFileSync(file, outputBytes(outcome));
    return values(pydicomDump([file])[file]!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function values(dump: PydicomDump): Record<string, string | undefined> {
  if ('error' in dump) throw new Error(dump.error);
  const text = (key: string) => dump.elements[key]?.value as string | undefined;
  return { uidref: text(UIDREF), reference: text(REFERENCE) };
}

describe('Retain UIDs and the UIDREF of an SR', () => {
  it('keeps the UIDREF with the references to the same instance, and writes the file', async () => {
    const input = values(pydicomDump([SR])[SR]!);
    expect(input).toEqual({ uidref: '1.2.3.4.5', reference: '1.2.3.4.5' });
    expect(await deidentified({ base: 'basic', options: ['retain-uids'] })).toEqual(input);
  });

  it('without the option, both get the same new UID', async () => {
    const { uidref, reference } = await deidentified({ base: 'basic', options: [] });
    expect(uidref).toMatch(/^2\.25\.\d+$/);
    expect(reference).toBe(uidref);
  });
});
