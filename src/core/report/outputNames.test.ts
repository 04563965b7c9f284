import { describe, expect, it } from 'vitest';
import { UniqueNames, outputPathProblem, withSuffix } from './outputNames';

describe('output names', () => {
  it('refuses paths that could leave the output folder or mean different things', () => {
    for (const bad of [
      '',
      '/etc/passwd',
      '../x.dcm',
      'a/../../x.dcm',
      'a//b.dcm',
      'a/./b.dcm',
      'a/',
      'C:/x.dcm',
      'a\\b.dcm',
      'a\u0000b',
    ]) {
      expect(outputPathProblem(bad), bad).not.toBeNull();
    }
    expect(outputPathProblem('ANON1/study-1/series-0001-CT/image-00001.dcm')).toBeNull();
  });

  it('puts the suffix before the extension', () => {
    expect(withSuffix('a/b/name.dcm', 2)).toBe('a/b/name_2.dcm');
    expect(withSuffix('a.b/name', 3)).toBe('a.b/name_3');
    expect(withSuffix('a/.hidden', 2)).toBe('a/.hidden_2');
  });

  it('gives repeated names _2, _3 in claim order, case-insensitively', () => {
    const names = new UniqueNames(['report.json']);
    expect(names.claim('p/s/i.dcm')).toBe('p/s/i.dcm');
    expect(names.claim('p/s/i.dcm')).toBe('p/s/i_2.dcm');
    expect(names.claim('P/S/I.dcm')).toBe('P/S/I_3.dcm');
    // A later input whose own proposal is a name already handed out as a suffix moves on.
    expect(names.claim('p/s/i_2.dcm')).toBe('p/s/i_2_2.dcm');
    expect(names.claim('report.json')).toBe('report_2.json');
  });

  it('never lets a file and a folder share a name', () => {
    const names = new UniqueNames();
    names.claim('a/b/c.dcm');
    expect(names.claim('a/b')).toBe('a/b_2');
    names.claim('x');
    expect(() => names.claim('x/y.dcm')).toThrow(/folder/);
    expect(() => names.claim('../y.dcm')).toThrow(/\.\./);
  });
});
