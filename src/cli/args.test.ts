import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_TIMEOUT_MS, UsageError, parseCommandLine } from './args';

const run = (...argv: string[]) => {
  const command = parseCommandLine(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.args;
};

describe('command line', () => {
  it("takes the original script's interface", () => {
    expect(
      run('in', 'out', '--dicom', '--profile', 'legacy', '--key-file', 'k', '--mapping', 'm'),
    ).toEqual({
      input: 'in',
      output: 'out',
      format: 'dicom',
      uncompressedNifti: false,
      profile: 'legacy',
      options: [],
      keyFile: 'k',
      mappingDir: 'm',
      zipFile: undefined,
      jobs: undefined,
      fileTimeoutMs: DEFAULT_FILE_TIMEOUT_MS,
    });
    expect(run('--nifti', 'in', 'out', '--zip', 'z.zip', '--jobs', '3')).toMatchObject({
      format: 'nifti',
      uncompressedNifti: false,
      zipFile: 'z.zip',
      jobs: 3,
      profile: 'basic',
    });
    expect(run('--nifti', '--nii', 'in', 'out')).toMatchObject({ uncompressedNifti: true });
  });

  it('accepts repeated and comma-separated options, once each', () => {
    expect(
      run(
        'i',
        'o',
        '--dicom',
        '--option',
        'retain-uids',
        '--option',
        'clean-descriptors,retain-uids',
      ).options,
    ).toEqual(['retain-uids', 'clean-descriptors']);
  });

  it('answers --help and --version whatever else is given', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['x', '-V'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['in', 'out'], /exactly one output format/],
    [['in', 'out', '--dicom', '--nifti'], /exactly one output format/],
    [['in', 'out', '--dicom', '--nii'], /--nii goes with --nifti/],
    [['in', '--dicom'], /input directory and an output directory/],
    [['a', 'b', 'c', '--dicom'], /expected two directories/],
    [
      ['i', 'o', '--dicom', '--option', 'retain-everything'],
      /unknown --option "retain-everything"/,
    ],
    [['i', 'o', '--dicom', '--jobs', '0'], /between 1 and/],
    [['i', 'o', '--dicom', '--jobs', '2x'], /whole number/],
    [['i', 'o', '--dicom', '--frobnicate'], /unknown option --frobnicate/],
    [['i', 'o', '--dicom', '--profile'], /--profile needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
