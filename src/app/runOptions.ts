/**
 * Turns what the user chose on the review screen into the pipeline's RunOptions. Pure, so the
 * mapping from checkboxes to profile options is tested without a browser.
 */
import type { PixelSettings, ProfileSpec } from '../core/deid/api';
import { PROFILE_OPTIONS, type ProfileOptionName } from '../core/deid/options';
import type { RunOptions, SaveTarget } from './pipeline/types';
import type { DateHandling, SaveKind, Settings } from './state';

/** "Download in parts": each part at most this big, so no part has to sit whole in memory. */
export const DOWNLOAD_PART_BYTES = 250_000_000;

const DATE_OPTION: Record<DateHandling, ProfileOptionName | undefined> = {
  remove: undefined,
  keep: 'retain-longitudinal-full-dates',
  shift: 'retain-longitudinal-modified-dates',
};

/**
 * Clean Pixel Data as chosen on the review screen (issue 16), the CLI's flags in the page's words:
 * - `textInImages`: 'remove-all' (the default: every line of text the detector finds is blacked
 *   out; `--option clean-pixel-data`), 'keep-labels' (lines the OCR reads as harmless labels and
 *   measurements stay; adds `--keep-safe-text`), or 'leave' (pixels untouched; no option).
 * - `regions`: boxes per series and device templates, the same JSON object as the CLI's
 *   `--pixel-regions FILE` (src/core/pixels/regions: parse a loaded file with
 *   parsePixelRegions, write one with serializePixelRegions). Series entries need opaque keys
 *   made with the run's key. Absent: only detection and the built-in templates (pass undefined
 *   rather than an empty object when the user has none, as the CLI without the flag).
 * The run, the preview and NIfTI runs all take it through the ProfileSpec this file builds, so
 * the page gives the bytes the CLI gives with the same passphrase, options and regions file.
 */
export interface PixelChoice {
  readonly textInImages: 'remove-all' | 'keep-labels' | 'leave';
  readonly regions?: PixelSettings['regions'];
}

/** ProfileSpec.pixels for the choice, built as src/cli/profile.ts builds it from flags. */
export function pixelSettingsFor(choice: PixelChoice): PixelSettings | undefined {
  if (choice.textInImages === 'leave') return undefined;
  // As the CLI: regions whenever a file is given, even an empty one.
  return {
    clean: true,
    ...(choice.regions ? { regions: choice.regions } : {}),
    ...(choice.textInImages === 'keep-labels' ? { keepSafeText: true } : {}),
  };
}

/** `pixels`: Clean Pixel Data; without it (or 'leave'), pixels are left as they are. */
export function profileSpecFor(settings: Settings, pixels?: PixelChoice): ProfileSpec {
  const cleaning = pixels && pixelSettingsFor(pixels);
  const withPixels = (spec: ProfileSpec): ProfileSpec =>
    cleaning ? { ...spec, pixels: cleaning } : spec;
  // The legacy table has no options: it is the original script's, reproduced as it was.
  if (settings.profile === 'legacy') return withPixels({ base: 'legacy', options: [] });
  const chosen = new Set<ProfileOptionName>(settings.options);
  const dateOption = DATE_OPTION[settings.dates];
  if (dateOption) chosen.add(dateOption);
  return withPixels({
    base: 'basic',
    options: PROFILE_OPTIONS.map((option) => option.name).filter((name) => chosen.has(name)),
  });
}

export function saveTargetFor(save: SaveKind): SaveTarget {
  switch (save) {
    case 'file-picker':
      return { kind: 'file-picker' };
    case 'directory-picker':
      return { kind: 'directory-picker' };
    case 'download-parts':
      return { kind: 'download-parts', maxPartBytes: DOWNLOAD_PART_BYTES };
  }
}

/** The text the key is made from: the passphrase, or the generated key's hex. */
export function keySource(settings: Settings): string {
  return settings.keyMode === 'passphrase' ? settings.passphrase : (settings.randomKeyHex ?? '');
}

export function buildRunOptions(
  settings: Settings,
  included: ReadonlySet<number>,
  key: Uint8Array,
  pixels?: PixelChoice,
): RunOptions {
  return {
    spec: profileSpecFor(settings, pixels),
    format: settings.format,
    key,
    include: [...included].sort((a, b) => a - b),
    save: saveTargetFor(settings.save),
    wantMapping: settings.wantMapping,
  };
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
