import { describe, expect, it } from 'vitest';
import { tagOfKeyword } from '../dicom/dictionary';
import { ProfileError, parseCustomProfile, validateProfileSpec } from './customProfile';

/** The problems parseCustomProfile reports for a profile given as an object. */
function problemsOf(profile: unknown): readonly string[] {
  return problemsOfText(JSON.stringify(profile));
}

function problemsOfText(text: string): readonly string[] {
  try {
    parseCustomProfile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    const { message, problems } = error as ProfileError;
    expect(message).toBe(problems.join('\n'));
    return problems;
  }
  throw new Error('the profile was accepted');
}

const TOP_LEVEL = 'name, base, options, actions, onLeftover, allowValues, leftoverFixes';

describe('tagOfKeyword', () => {
  it('resolves current, retired and repeating-group keywords, case-sensitively', () => {
    expect(tagOfKeyword('PatientName')).toBe(0x00100010);
    expect(tagOfKeyword('InsurancePlanIdentification')).toBe(0x00101050);
    expect(tagOfKeyword('RETIRED_InsurancePlanIdentification')).toBe(0x00101050);
    expect(tagOfKeyword('OverlayData')).toBe(0x60003000);
    expect(tagOfKeyword('patientname')).toBeUndefined();
    expect(tagOfKeyword('RETIRED_undefined')).toBeUndefined(); // dcmjs's placeholder, 3 tags
    expect(tagOfKeyword('undefined')).toBeUndefined();
  });
});

describe('parseCustomProfile', () => {
  it('reads a valid profile in every tag spelling and with keywords', () => {
    const spec = parseCustomProfile(`{
      "name": "My study",
      "base": "basic",
      "options": ["retain-uids", "clean-descriptors", "retain-uids"],
      "actions": {
        "(0010,0010)": "K",
        "0008,0080": "X",
        "00100020": { "replace": "SUBJ01" },
        "StudyDescription": "C",
        "(0020,000d)": "U",
        "(0009,1001)": { "replace": "A\\\\B" },
        "(0029,1010)": "Z",
        "InsurancePlanIdentification": "D"
      }
    }`);
    expect(spec).toEqual({
      name: 'My study',
      base: 'basic',
      options: ['retain-uids', 'clean-descriptors'],
      overrides: [
        { tag: 0x00100010, action: 'K' },
        { tag: 0x00080080, action: 'X' },
        { tag: 0x00100020, action: 'replace', value: 'SUBJ01' },
        { tag: 0x00081030, action: 'C' },
        { tag: 0x0020000d, action: 'U' },
        { tag: 0x00091001, action: 'replace', value: 'A\\B' },
        { tag: 0x00291010, action: 'Z' },
        { tag: 0x00101050, action: 'D' },
      ],
    });
  });

  it('defaults to the basic profile with no options, actions or name', () => {
    expect(parseCustomProfile('{}')).toEqual({ base: 'basic', options: [], overrides: [] });
    expect(parseCustomProfile('{"base": "legacy"}').base).toBe('legacy');
  });

  it('reports invalid JSON with the parser message', () => {
    const [problem] = problemsOfText('{"base": "basic",}');
    expect(problem).toMatch(/^\$: invalid JSON: .+/);
  });

  it('refuses a root that is not an object', () => {
    expect(problemsOfText('[]')).toEqual(['$: the profile must be a JSON object, not an array']);
    expect(problemsOfText('null')).toEqual(['$: the profile must be a JSON object, not null']);
    expect(problemsOfText('"basic"')).toEqual([
      '$: the profile must be a JSON object, not a string',
    ]);
  });

  it('reports unknown top-level keys', () => {
    expect(problemsOf({ nmae: 'x', 'my key': 1 })).toEqual([
      'nmae: unknown key (did you mean name?); expected ' + TOP_LEVEL,
      '["my key"]: unknown key; expected ' + TOP_LEVEL,
    ]);
  });

  it('reports a bad base', () => {
    expect(problemsOf({ base: 'strict' })).toEqual([
      'base: must be "basic" or "legacy", not "strict"',
    ]);
    expect(problemsOf({ base: 1 })).toEqual(['base: must be "basic" or "legacy", not a number']);
    expect(problemsOf({ base: {} })).toEqual(['base: must be "basic" or "legacy", not an object']);
  });

  it('reports a bad name', () => {
    expect(problemsOf({ name: 3 })).toEqual(['name: must be a string, not a number']);
    expect(problemsOf({ name: '  ' })).toEqual(['name: must not be empty']);
    expect(problemsOf({ name: 'x'.repeat(65) })).toEqual([
      'name: 65 characters; at most 64 are allowed',
    ]);
    expect(problemsOf({ name: 'a\\b' })).toEqual([
      'name: must not contain a backslash or a control character',
    ]);
  });

  it('reports unknown options, listing the valid ones', () => {
    const problems = problemsOf({ options: ['retain-uid', 7] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^options\[0\]: unknown option "retain-uid" \(did you mean retain-uids\?\); valid options: retain-safe-private, retain-uids, .*clean-graphics$/,
    );
    expect(problems[1]).toBe('options[1]: must be an option name, not a number');
    expect(problemsOf({ options: 'retain-uids' })).toEqual([
      'options: must be an array of option names, not a string',
    ]);
  });

  it('refuses both longitudinal dates options together', () => {
    expect(
      problemsOf({
        options: ['retain-longitudinal-full-dates', 'retain-longitudinal-modified-dates'],
      }),
    ).toEqual([
      'options: retain-longitudinal-full-dates and retain-longitudinal-modified-dates exclude each other; choose one',
    ]);
  });

  it('reports unknown keywords with a suggestion, and malformed tags', () => {
    expect(problemsOf({ actions: { PatientNme: 'X' } })).toEqual([
      'actions["PatientNme"]: unknown keyword (did you mean PatientName?)',
    ]);
    expect(problemsOf({ actions: { patientname: 'X' } })).toEqual([
      'actions["patientname"]: unknown keyword (did you mean PatientName?)',
    ]);
    expect(problemsOf({ actions: { Zzqxv: 'X' } })).toEqual(['actions["Zzqxv"]: unknown keyword']);
    expect(problemsOf({ actions: { '(0010,001G)': 'X' } })).toEqual([
      'actions["(0010,001G)"]: not a tag; write (gggg,eeee), gggg,eeee or ggggeeee in hexadecimal',
    ]);
  });

  it('refuses group lengths, item tags and a tag given twice', () => {
    expect(
      problemsOf({
        actions: { '(0010,0000)': 'X', 'FFFE,E000': 'X', PatientName: 'X', '00100010': 'K' },
      }),
    ).toEqual([
      'actions["(0010,0000)"]: (0010,0000) is a group length, which the writer recomputes',
      'actions["FFFE,E000"]: (FFFE,E000) is an item or delimitation tag, not an element',
      'actions["00100010"]: (0010,0010) already has an action, at actions["PatientName"]',
    ]);
  });

  it('reports unknown actions and malformed replacements', () => {
    expect(
      problemsOf({
        actions: {
          PatientName: 'remove',
          PatientID: 1,
          AccessionNumber: { replace: 'A', with: 'B' },
          StudyID: { replace: 5 },
          StudyDescription: {},
        },
      }),
    ).toEqual([
      'actions["PatientName"]: unknown action "remove"; expected one of X, Z, D, K, C, U or {"replace": "value"}',
      'actions["PatientID"]: must be an action code or {"replace": "value"}, not a number',
      'actions["AccessionNumber"]: unknown key "with"; only "replace" is allowed',
      'actions["StudyID"].replace: must be a string, not a number',
      'actions["StudyDescription"]: an object action needs "replace", as in {"replace": "value"}',
    ]);
  });

  it('limits replacement values to 1024 characters without control characters', () => {
    expect(
      parseCustomProfile(JSON.stringify({ actions: { StudyID: { replace: 'x'.repeat(1024) } } }))
        .overrides,
    ).toHaveLength(1);
    expect(problemsOf({ actions: { StudyID: { replace: 'x'.repeat(1025) } } })).toEqual([
      'actions["StudyID"].replace: 1025 characters; at most 1024 are allowed',
    ]);
    for (const control of ['\n', '\u0000', '\u001b', '\u007f', '\u0085']) {
      expect(problemsOf({ actions: { StudyID: { replace: `a${control}b` } } })).toEqual([
        'actions["StudyID"].replace: must not contain control characters',
      ]);
    }
  });

  it('allows U only on tags whose VR is UI', () => {
    expect(problemsOf({ actions: { PatientName: 'U', '(0008,9999)': 'U' } })).toEqual([
      'actions["PatientName"]: U replaces UIDs, and (0010,0010) has VR PN, not UI',
      'actions["(0008,9999)"]: U replaces UIDs, and (0008,9999) has VR UN, not UI',
    ]);
  });

  it('allows only X, K, Z and replace on private tags', () => {
    expect(
      problemsOf({ actions: { '(0009,1001)': 'D', '0019,0010': 'C', '00291010': 'U' } }),
    ).toEqual([
      'actions["(0009,1001)"]: (0009,1001) is private: only X, K, Z or {"replace": ...} apply, not D',
      'actions["0019,0010"]: (0019,0010) is private: only X, K, Z or {"replace": ...} apply, not C',
      'actions["00291010"]: (0029,1010) is private: only X, K, Z or {"replace": ...} apply, not U',
    ]);
  });

  it('collects every problem of a file into one error', () => {
    const problems = problemsOf({
      extra: true,
      base: 'none',
      options: ['nope'],
      actions: { PatientNme: 'X', PatientID: 'Q' },
    });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'extra',
      'base',
      'options[0]',
      'actions["PatientNme"]',
      'actions["PatientID"]',
    ]);
  });
});

describe('parseCustomProfile: leftover keys', () => {
  const fix = {
    place: '(0040,a730)[*].(0040,A160)',
    kind: 'person name',
    source: 'OperatorsName of another file of the study',
    fix: 'cut',
  };

  it('reads onLeftover, allowValues and leftoverFixes', () => {
    const spec = parseCustomProfile(
      JSON.stringify({
        base: 'legacy',
        onLeftover: 'clean',
        allowValues: ['CARDIO', 'Smith Lab', 'CARDIO'],
        leftoverFixes: [
          fix,
          { place: '(0043,1028)', kind: 'other identifier', source: 'StudyID', fix: 'allow' },
        ],
      }),
    );
    expect(spec).toEqual({
      base: 'legacy',
      options: [],
      overrides: [],
      onLeftover: 'clean',
      allowValues: ['CARDIO', 'Smith Lab'],
      leftoverFixes: [
        { ...fix, place: '(0040,A730)[*].(0040,A160)' },
        { place: '(0043,1028)', kind: 'other identifier', source: 'StudyID', fix: 'allow' },
      ],
    });
    expect(parseCustomProfile('{}')).not.toHaveProperty('onLeftover');
  });

  it('reports a bad onLeftover and bad allowed values without quoting them', () => {
    expect(problemsOf({ onLeftover: 'fix' })).toEqual([
      'onLeftover: must be "quarantine" or "clean", not "fix"',
    ]);
    expect(problemsOf({ allowValues: 'Smith' })).toEqual([
      'allowValues: must be an array of strings, not a string',
    ]);
    const problems = problemsOf({
      allowValues: ['Smith', ' ', 7, 'Jones'.repeat(205), 'Doe\tJohn', 'Doe\\John'],
    });
    expect(problems).toEqual([
      'allowValues[1]: must not be empty',
      'allowValues[2]: must be a string, not a number',
      'allowValues[3]: 1025 characters; at most 1024 are allowed',
      'allowValues[4]: must not contain control characters',
    ]);
    expect(problems.join('\n')).not.toMatch(/jones|doe/i);
  });

  it('reports every problem of a leftover fix, each under its own path', () => {
    expect(problemsOf({ leftoverFixes: {} })).toEqual([
      'leftoverFixes: must be an array of {"place", "kind", "source", "fix"} objects, not an object',
    ]);
    expect(
      problemsOf({
        leftoverFixes: [
          'cut',
          { place: '0043,1028', kind: 'name', source: '', fix: 'delete', fixx: 1 },
          { place: '(0040,A730)[0].(0040,A160)', kind: 3, fix: 'cut', source: 'x' },
          { ...fix, place: '(0040,A730)[*]' },
          fix,
          { ...fix, place: '(0040,A730)[*].(0040,a160)', fix: 'remove' },
        ],
      }),
    ).toEqual([
      'leftoverFixes[0]: must be a {"place", "kind", "source", "fix"} object, not a string',
      'leftoverFixes[1]: unknown key "fixx" (did you mean fix?); expected place, kind, source, fix',
      expect.stringMatching(/^leftoverFixes\[1\]\.place: not a tag path; write "\(0043,1028\)"/),
      'leftoverFixes[1].kind: unknown value "name"; expected one of "patient name", ' +
        '"person name", "patient ID", "other identifier", "birth date", "address", ' +
        '"telephone number", "institution", "original UID"',
      expect.stringMatching(/^leftoverFixes\[1\]\.source: must be the finding's source/),
      'leftoverFixes[1].fix: unknown value "delete"; expected one of "cut", "remove", "allow"',
      expect.stringMatching(/^leftoverFixes\[2\]\.place: not a tag path/),
      expect.stringMatching(/^leftoverFixes\[2\]\.kind: must be a string, not a number; /),
      expect.stringMatching(/^leftoverFixes\[3\]\.place: not a tag path/),
      'leftoverFixes[5]: the same place, kind and source as leftoverFixes[4]',
    ]);
    expect(problemsOf({ leftoverFixes: [{ place: '(0010,0010)' }] })).toEqual([
      expect.stringMatching(/^leftoverFixes\[0\]\.kind: missing; expected one of /),
      'leftoverFixes[0].source: missing',
      expect.stringMatching(/^leftoverFixes\[0\]\.fix: missing; expected one of /),
    ]);
  });
});

describe('validateProfileSpec', () => {
  it('accepts a spec with known, compatible options', () => {
    expect(() =>
      validateProfileSpec({
        base: 'basic',
        options: ['retain-uids', 'retain-longitudinal-full-dates'],
      }),
    ).not.toThrow();
    expect(() => validateProfileSpec({ base: 'legacy', options: [] })).not.toThrow();
  });

  it('refuses unknown options and both longitudinal dates options', () => {
    const spec = {
      base: 'basic' as const,
      options: ['retain-longitudinal-full-dates', 'retain-longitudinal-modified-dates', 'bogus'],
    };
    expect(() => validateProfileSpec(spec as never)).toThrow(ProfileError);
    try {
      validateProfileSpec(spec as never);
    } catch (error) {
      expect((error as ProfileError).problems).toEqual([
        expect.stringMatching(/^options\[2\]: unknown option "bogus"; valid options: /),
        'options: retain-longitudinal-full-dates and retain-longitudinal-modified-dates exclude each other; choose one',
      ]);
    }
  });

  it('checks the leftover settings of a spec as those of a file', () => {
    expect(() =>
      validateProfileSpec({ base: 'legacy', options: [], onLeftover: 'clean', allowValues: ['A'] }),
    ).not.toThrow();
    const spec = { base: 'basic', options: [], onLeftover: 'fix', allowValues: [''] };
    expect(() => validateProfileSpec(spec as never)).toThrow(
      /onLeftover: must be "quarantine" or "clean", not "fix"\nallowValues\[0\]: must not be empty/,
    );
  });
});
