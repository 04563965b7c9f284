/**
 * Leftover fixes on a real GE MR file under the legacy profile, which keeps private blocks:
 * the Study ID it replaces is still in three GE private elements (one of them the file name
 * inside a gzip header, "Ex27018Ser4Rx") and the patient's name parts in the protocol name,
 * so by default the file is quarantined. Each fix makes it written, and the
 * written bytes are checked again by pydicom and by our own verifier.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicom } from '../dicom/readDicom';
import { readStrings } from '../dicom/values';
import { plantedFile } from '../testing/deidCases';
import { corpusFile } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import type { FileOutcome, LeftoverRule, ProfileSpec } from './api';
import { leftoverKey, placeOf } from './leftovers';

const GE_FILE = 'dcm_qa_nih/In/20180918GE/mr_0004/axial_epi_fmri_interleaved_i_to_s-00001.dcm';
const GE = corpusFile(GE_FILE);
const LEGACY: ProfileSpec = { base: 'legacy', options: [] };
const bytes = () => new Uint8Array(readFileSync(GE));

async function run(spec: ProfileSpec): Promise<FileOutcome> {
  return (await testDeidentifier(spec)).deidentify(bytes());
}

async function quarantinedFindings() {
  const outcome = await run(LEGACY);
  if (outcome.status !== 'quarantined')
    throw new Error(`expected quarantine, got ${outcome.status}`);
  return outcome.findings;
}

const ascii = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** The GE private elements that copy the Study ID, where they are still in the output. */
function privateValues(out: Uint8Array): number[] {
  return readDicom(out)
    .dataset.elements.filter((e) => [0x0025101b, 0x00431028, 0x00431062].includes(e.tag))
    .map((e) => e.tag);
}

describe('leftover fixes', () => {
  it('quarantines by default, naming places and sources only', async () => {
    const findings = await quarantinedFindings();
    expect(findings.map(leftoverKey).sort()).toEqual([
      '(0018,1030)|patient name|PatientName',
      '(0025,101B)|other identifier|StudyID',
      '(0043,1028)|other identifier|StudyID',
      '(0043,1062)|other identifier|StudyID',
    ]);
  });

  it('onLeftover clean cuts each value out (or removes what would be left empty) and re-checks', async () => {
    const outcome = await run({ ...LEGACY, onLeftover: 'clean' });
    const out = outputBytes(outcome);
    if (outcome.status !== 'written') throw new Error('not written');
    // The Study ID (27018) is gone from the GE elements and the name parts from the output.
    expect(privateValues(out)).toEqual([]);
    expect(ascii(out)).not.toMatch(/regression/i);
    // The protocol name keeps what is not the name.
    const protocol = readDicom(out).dataset.elements.find((e) => e.tag === 0x00181030);
    expect(protocol).toBeDefined();
    expect(outcome.leftovers).toMatchObject({ cut: 1, removed: 3 });
    expect(outcome.changes.some((c) => c.path === '(0018,1030)' && c.action === 'cleaned')).toBe(
      true,
    );
    // An independent reader still reads the file.
    expect(readDicom(out).dataset.elements.length).toBeGreaterThan(50);
  });

  it('cuts a number glued to letters the way the check found it', async () => {
    const input = plantedFile(GE_FILE, [[0x0008103e, 'Exam Ex27018Ser4']]);
    const outcome = await (
      await testDeidentifier({ ...LEGACY, onLeftover: 'clean' })
    ).deidentify(input);
    const out = readDicom(outputBytes(outcome));
    const description = out.dataset.elements.find((e) => e.tag === 0x0008103e)!;
    expect(readStrings(out.dataset, description)).toEqual(['Exam ExSer4']);
  });

  it('a rule per finding: allow, remove, cut', async () => {
    const findings = await quarantinedFindings();
    const fixes: LeftoverRule[] = findings.map((f) => ({
      place: placeOf(f.path),
      kind: f.kind,
      source: f.source,
      fix: f.path === '(0018,1030)' ? 'allow' : f.path === '(0043,1062)' ? 'cut' : 'remove',
    }));
    const outcome = await run({ ...LEGACY, leftoverFixes: fixes });
    const out = outputBytes(outcome);
    if (outcome.status !== 'written') throw new Error('not written');
    expect(outcome.leftovers).toEqual({ cut: 0, removed: 3, allowed: 1, allowedValues: 0 });
    // Allowed: the protocol name is untouched; the Study ID is gone from both private places.
    expect(ascii(out)).toMatch(/regression test/i);
    expect(privateValues(out)).toEqual([]);
  });

  it('a rule for one finding leaves the others quarantining the file', async () => {
    const outcome = await run({
      ...LEGACY,
      leftoverFixes: [
        { place: '(0018,1030)', kind: 'patient name', source: 'PatientName', fix: 'allow' },
      ],
    });
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    expect(outcome.findings.map((f) => f.path).sort()).toEqual([
      '(0025,101B)',
      '(0043,1028)',
      '(0043,1062)',
    ]);
  });

  it('allowValues: an allowed value is neither looked for nor cut, and its uses are counted', async () => {
    const outcome = await run({
      ...LEGACY,
      allowValues: ['27018', 'Regression', ' test '],
    });
    const out = outputBytes(outcome);
    if (outcome.status !== 'written') throw new Error('not written');
    expect(privateValues(out)).toHaveLength(3);
    expect(outcome.leftovers?.allowedValues).toBeGreaterThanOrEqual(3);
  });

  it('files without findings come out byte for byte as without fixes', async () => {
    const ct = new Uint8Array(
      readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm')),
    );
    const plain = await (await testDeidentifier({ base: 'basic', options: [] })).deidentify(ct);
    const fixing = await (
      await testDeidentifier({ base: 'basic', options: [], onLeftover: 'clean' })
    ).deidentify(ct);
    expect(plain.status).toBe('written');
    expect(outputBytes(fixing)).toEqual(outputBytes(plain));
    expect(fixing.status === 'written' && fixing.leftovers).toBeFalsy();
  });
});
