/**
 * Turns what the user chose on the review screen into the pipeline's RunOptions. Pure, so the
 * mapping from checkboxes to profile options is tested without a browser.
 */
import type { ProfileSpec } from '../core/deid/api';
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

export function profileSpecFor(settings: Settings): ProfileSpec {
  // The legacy table has no options: it is the original script's, reproduced as it was.
  if (settings.profile === 'legacy') return { base: 'legacy', options: [] };
  const chosen = new Set<ProfileOptionName>(settings.options);
  const dateOption = DATE_OPTION[settings.dates];
  if (dateOption) chosen.add(dateOption);
  return {
    base: 'basic',
    options: PROFILE_OPTIONS.map((option) => option.name).filter((name) => chosen.has(name)),
  };
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
): RunOptions {
  return {
    spec: profileSpecFor(settings),
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
