/**
 * Replacements in files whose Specific Character Set is not ASCII (pydicom's charset_files):
 * pydicom decodes the replacement as written and the text of untouched elements as it was,
 * in single-byte, UTF-8 and ISO 2022 (escape sequence) sets, and in a sequence item that
 * declares a character set of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { corpusFile } from '../testing/corpus';
import { testDeidentifier } from '../testing/deid';
import { deidentifyCases, plantedFile, text, type DeidResult } from '../testing/deidCases';
import type { ProfileSpec } from './api';
import { parseCustomProfile } from './customProfile';

const CHARSETS = 'pydicom/src/pydicom/data/charset_files';
const BASIC: ProfileSpec = { base: 'basic', options: [] };
const LEGACY: ProfileSpec = { base: 'legacy', options: [] };

const JAPANESE = 'Suzuki^Hanako=鈴木^花子=すずき^はなこ';
const CHINESE = 'Li^Ming=李^明';
const KOREAN = 'Kim^Minsu=김^민수';

const replacing = (name: string, extra: Record<string, string> = {}): ProfileSpec =>
  parseCustomProfile(JSON.stringify({ actions: { PatientName: { replace: name }, ...extra } }));

let r: Record<
  | 'h31'
  | 'sqEncoding'
  | 'japanese'
  | 'utf8'
  | 'korean'
  | 'koreanLegacy'
  | 'greekLegacy'
  | 'japaneseClean',
  DeidResult
>;

const HISTORY = '検査 たろう 胸部CT やまだ';
const KEPT_JAPANESE = '胸部CT 検査';
const KEPT_KOREAN = '흉부 CT 검사';

beforeAll(async () => {
  // Additional Patient History (X; C with Clean Descriptors) naming the patient, やまだ^たろう.
  const history = plantedFile(`${CHARSETS}/chrJapMulti.dcm`, [[0x001021b0, HISTORY]]);
  r = await deidentifyCases({
    japaneseClean: { input: history, spec: { base: 'basic', options: ['clean-descriptors'] } },
    h31: { input: `${CHARSETS}/chrH31.dcm`, spec: BASIC },
    sqEncoding: { input: `${CHARSETS}/chrSQEncoding.dcm`, spec: BASIC },
    japanese: {
      // The file's own history text is the patient's name, which the leak check would (rightly)
      // find in a kept attribute: other Japanese text is kept here instead.
      input: plantedFile(`${CHARSETS}/chrJapMulti.dcm`, [[0x001021b0, KEPT_JAPANESE]]),
      spec: replacing(JAPANESE, { AdditionalPatientHistory: 'K' }),
    },
    utf8: { input: `${CHARSETS}/chrX1.dcm`, spec: replacing(CHINESE) },
    korean: { input: `${CHARSETS}/chrI2.dcm`, spec: replacing(KOREAN) },
    // The history text of this file is a name (quarantined under legacy, which keeps it).
    koreanLegacy: {
      input: plantedFile(`${CHARSETS}/chrKoreanMulti.dcm`, [[0x001021b0, KEPT_KOREAN]]),
      spec: LEGACY,
    },
    greekLegacy: { input: `${CHARSETS}/chrGreek.dcm`, spec: LEGACY },
  });
});

describe('replacement text in the character set of the file', () => {
  it('writes the pseudonym into an ISO 2022 IR 87 (Japanese) file', () => {
    const { before, after } = r.h31;
    expect(text(before, '00080005')).toBe('\\ISO 2022 IR 87');
    expect(text(before, '00100010')).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
    expect(text(after, '00100010')).toMatch(/^ANON[0-9A-Z]{10}$/);
    expect(text(after, '00100010')).toBe(text(after, '00100020'));
    expect(text(after, '00080005')).toBe(text(before, '00080005'));
  });

  it('writes into a sequence item that declares its own character set', () => {
    const { before, after } = r.sqEncoding;
    const item = '00321064/0';
    expect(text(before, '00080005')).toBe('ISO_IR 192');
    expect(text(before, `${item}/00080005`)).toBe('ISO 2022 IR 13\\ISO 2022 IR 87');
    expect(text(before, `${item}/00100010`)).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
    expect(text(after, `${item}/00100010`)).toMatch(/^ANON[0-9A-Z]{10}$/);
    expect(text(after, `${item}/00080005`)).toBe(text(before, `${item}/00080005`));
    expect(text(after, `${item}/00080100`)).toBe(text(before, `${item}/00080100`));
  });

  it('writes a non-ASCII replacement with ISO 2022 escapes and keeps the other text', () => {
    const { before, after } = r.japanese;
    expect(text(before, '00080005')).toBe('\\ISO 2022 IR 87');
    expect(text(after, '00100010')).toBe(JAPANESE);
    expect(text(before, '001021B0')).toBe(KEPT_JAPANESE);
    expect(text(after, '001021B0')).toBe(KEPT_JAPANESE);
  });

  it('writes a non-ASCII replacement in UTF-8 and in ISO 2022 IR 149 (Korean)', () => {
    expect(text(r.utf8.before, '00080005')).toBe('ISO_IR 192');
    expect(text(r.utf8.after, '00100010')).toBe(CHINESE);
    expect(text(r.korean.before, '00080005')).toBe('\\ISO 2022 IR 149');
    expect(text(r.korean.after, '00100010')).toBe(KOREAN);
  });

  it('writes the legacy dummy and keeps untouched non-ASCII text (Korean, Greek)', () => {
    const { before, after } = r.koreanLegacy;
    expect(text(after, '00100010')).toBe('19000101');
    expect(text(before, '001021B0')).toBe(KEPT_KOREAN);
    expect(text(after, '001021B0')).toBe(KEPT_KOREAN);
    expect(text(r.greekLegacy.before, '00080005')).toBe('ISO_IR 126');
    expect(text(r.greekLegacy.after, '00100010')).toBe('19000101');
  });

  it('cleans ISO 2022 text and writes what is left back in the same set', () => {
    const { before, after } = r.japaneseClean;
    expect(text(before, '00100010')).toBe('やまだ^たろう');
    expect(text(before, '001021B0')).toBe(HISTORY);
    const cleaned = text(after, '001021B0');
    expect(cleaned).not.toMatch(/たろう|やまだ/);
    expect(cleaned).toMatch(/^検査 .+ 胸部CT /);
  });

  // Rather than something else than asked for (question marks), the file is refused.
  it('refuses a file whose character set cannot hold the replacement asked for', async () => {
    const input = `${CHARSETS}/chrGerm.dcm`;
    const deidentifier = await testDeidentifier(replacing(JAPANESE));
    const outcome = await deidentifier.deidentify(readFileSync(corpusFile(input)));
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/cannot be written in character sets ISO_IR 100/),
    });
  });
});
