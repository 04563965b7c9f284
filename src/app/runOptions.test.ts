import { describe, expect, it } from 'vitest';
import {
  DOWNLOAD_PART_BYTES,
  buildRunOptions,
  keySource,
  profileSpecFor,
  toHex,
} from './runOptions';
import { defaultSettings, type Settings } from './state';

const base = defaultSettings({ filePicker: true, directoryPicker: true });
const settings = (change: Partial<Settings>): Settings => ({ ...base, ...change });

describe('run options', () => {
  it('maps the date choice to at most one of the two exclusive date options', () => {
    expect(profileSpecFor(base)).toEqual({ base: 'basic', options: [] });
    expect(profileSpecFor(settings({ dates: 'keep' })).options).toEqual([
      'retain-longitudinal-full-dates',
    ]);
    expect(profileSpecFor(settings({ dates: 'shift' })).options).toEqual([
      'retain-longitudinal-modified-dates',
    ]);
  });

  it('lists options in the standard order whatever order they were ticked in', () => {
    const spec = profileSpecFor(
      settings({ options: ['clean-graphics', 'retain-uids'], dates: 'shift' }),
    );
    expect(spec.options).toEqual([
      'retain-uids',
      'retain-longitudinal-modified-dates',
      'clean-graphics',
    ]);
  });

  it('sends no options with the legacy table', () => {
    expect(profileSpecFor(settings({ profile: 'legacy', options: ['retain-uids'] }))).toEqual({
      base: 'legacy',
      options: [],
    });
  });

  it('builds the pipeline options: sorted file indexes and the save target', () => {
    const key = new Uint8Array(32).fill(7);
    const options = buildRunOptions(settings({ save: 'download-parts' }), new Set([9, 2, 5]), key);
    expect(options).toEqual({
      spec: { base: 'basic', options: [] },
      format: 'dicom',
      key,
      include: [2, 5, 9],
      save: { kind: 'download-parts', maxPartBytes: DOWNLOAD_PART_BYTES },
      wantMapping: false,
    });
    expect(buildRunOptions(settings({ wantMapping: true }), new Set(), key).wantMapping).toBe(true);
    expect(buildRunOptions(base, new Set(), key).save).toEqual({ kind: 'file-picker' });
    expect(buildRunOptions(settings({ save: 'directory-picker' }), new Set(), key).save).toEqual({
      kind: 'directory-picker',
    });
  });

  it('makes the key from the passphrase, or from the generated key as text', () => {
    expect(keySource(settings({ passphrase: 'p' }))).toBe('p');
    expect(keySource(settings({ keyMode: 'random', randomKeyHex: 'ab12', passphrase: 'p' }))).toBe(
      'ab12',
    );
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
  });
});
