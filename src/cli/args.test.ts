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
      cleanPixelData: false,
      pixelRegionsFile: undefined,
      keepSafeText: false,
      onLeftover: undefined,
      allowValues: [],
      keyFile: 'k',
      mappingDir: 'm',
      zipFile: undefined,
      resume: false,
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

  it('takes --resume with a key file only, for --dicom and --nifti (into a directory or a zip)', () => {
    expect(run('in', 'out', '--dicom', '--key-file', 'k', '--resume')).toMatchObject({
      resume: true,
    });
    expect(() => run('in', 'out', '--dicom', '--resume')).toThrow(
      /--resume needs the --key-file .*random key cannot be resumed/,
    );
    expect(run('in', 'out', '--nifti', '--key-file', 'k', '--resume')).toMatchObject({
      format: 'nifti',
      resume: true,
    });
    expect(
      run('in', 'out', '--dicom', '--key-file', 'k', '--zip', 'z.zip', '--resume'),
    ).toMatchObject({ resume: true, zipFile: 'z.zip' });
  });

  it('takes clean-pixel-data as an option, apart from the table options', () => {
    expect(
      run('in', 'out', '--dicom', '--option', 'clean-descriptors,clean-pixel-data'),
    ).toMatchObject({ options: ['clean-descriptors'], cleanPixelData: true });
    expect(() => run('in', 'out', '--dicom', '--option', 'clean-pixels')).toThrow(
      /clean-pixel-data/,
    );
    expect(
      run('in', 'out', '--dicom', '--option', 'clean-pixel-data', '--pixel-regions', 'r.json'),
    ).toMatchObject({ pixelRegionsFile: 'r.json' });
    // NIfTI volumes are stacked from cleaned pixels (core/nifti/cleanForConversion.ts).
    expect(run('in', 'out', '--nifti', '--option', 'clean-pixel-data')).toMatchObject({
      format: 'nifti',
      cleanPixelData: true,
    });
    expect(() => run('in', 'out', '--dicom', '--keep-safe-text')).toThrow(
      /--keep-safe-text goes with --option clean-pixel-data/,
    );
    expect(() => run('in', 'out', '--dicom', '--pixel-regions', 'r.json')).toThrow(
      /--pixel-regions goes with --option clean-pixel-data/,
    );
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

  it('takes --on-leftover and repeated --allow-value, once each', () => {
    expect(run('i', 'o', '--dicom', '--on-leftover', 'clean')).toMatchObject({
      onLeftover: 'clean',
      allowValues: [],
    });
    expect(run('i', 'o', '--dicom', '--on-leftover=quarantine').onLeftover).toBe('quarantine');
    const args = run(
      'i',
      'o',
      '--dicom',
      '--allow-value',
      'CARDIO',
      '--allow-value=Smith Lab',
      '--allow-value',
      'CARDIO',
    );
    expect(args.allowValues).toEqual(['CARDIO', 'Smith Lab']);
  });

  it('refuses a bad --allow-value by its place, never quoting it', () => {
    const refusal = (...argv: string[]) => {
      try {
        parseCommandLine(['i', 'o', '--dicom', ...argv]);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal('--allow-value', '')).toBe('--allow-value: must not be empty');
    expect(refusal('--allow-value', 'Doe', '--allow-value', ' ')).toBe(
      '--allow-value (the 2nd): must not be empty',
    );
    expect(refusal('--allow-value', 'Doe\tJohn')).toBe(
      '--allow-value: must not contain control characters',
    );
    expect(refusal('--allow-value', 'Doe'.repeat(400))).toBe(
      '--allow-value: 1200 characters; at most 1024 are allowed',
    );
    expect(refusal('--allow-value')).toBe('--allow-value needs a value');
    expect(refusal('--allow-value', '-Doe')).toBe('--allow-value needs a value');
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
    [['i', 'o', '--dicom', '--on-leftover', 'cut'], /--on-leftover must be quarantine or clean/],
    [['i', 'o', '--dicom', '--on-leftover='], /--on-leftover needs a value: quarantine or clean/],
    [['i', 'o', '--dicom', '--on-leftover'], /--on-leftover needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
