import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../cli/profile';
import {
  DOWNLOAD_PART_BYTES,
  buildRunOptions,
  keySource,
  pixelSettingsFor,
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

  it('builds Clean Pixel Data as the CLI builds it from its flags', async () => {
    const regionsText = JSON.stringify({
      version: 1,
      templates: [
        {
          name: 'Acme Sono 5 banner',
          match: { manufacturer: 'Acme', rows: 600, columns: 800 },
          boxes: [{ x: 0, y: 0, width: 800, height: 60 }],
        },
      ],
      series: [{ key: 'k1:00ff', boxes: [{ x: 10, y: 500, width: 200, height: 40 }] }],
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-run-options-'));
    try {
      const file = path.join(dir, 'regions.json');
      writeFileSync(file, regionsText);
      const leftovers = { onLeftover: undefined, allowValues: [] };
      const chosen = settings({ dates: 'shift' });
      const cli = (keepSafeText: boolean, pixelRegionsFile?: string) =>
        loadProfile('basic', profileSpecFor(chosen).options, {
          ...leftovers,
          cleanPixelData: true,
          keepSafeText,
          pixelRegionsFile,
        });
      expect(profileSpecFor(chosen, { textInImages: 'remove-all' })).toEqual(await cli(false));
      // The file as the CLI parsed it: what the page gets from parsePixelRegions too.
      const regions = (await cli(false, file)).pixels!.regions!;
      expect(regions.templates).toHaveLength(1);
      expect(profileSpecFor(chosen, { textInImages: 'keep-labels', regions })).toEqual(
        await cli(true, file),
      );
      expect(profileSpecFor(chosen, { textInImages: 'leave', regions })).toEqual(
        profileSpecFor(chosen),
      );
      expect(pixelSettingsFor({ textInImages: 'leave' })).toBeUndefined();
      const options = buildRunOptions(chosen, new Set([1]), new Uint8Array(32), {
        textInImages: 'remove-all',
        regions,
      });
      expect(options.spec.pixels).toEqual({ clean: true, regions });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
