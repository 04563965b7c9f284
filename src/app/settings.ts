/**
 * What the user chose on the review screen (profile, options, key, output, where to save, text
 * in images, boxes): its types, its defaults for this browser, and how the actions change it.
 * It lives beside the screen in the app state, so that it survives a cancelled run.
 */
import type { ProfileOptionName } from '../core/deid/options';
import type { OutputFormat } from './pipeline/types';
import { EMPTY_USER_REGIONS, type UserRegions } from './preview/userRegions';
import type { Action, AppState } from './state';

/** The two date options exclude each other; the UI offers them as one choice of three. */
export type DateHandling = 'remove' | 'keep' | 'shift';
export type DateOptionName =
  'retain-longitudinal-full-dates' | 'retain-longitudinal-modified-dates';
/** Every other Basic Profile option: each is a plain on/off checkbox. */
export type ToggleOptionName = Exclude<ProfileOptionName, DateOptionName>;

/**
 * Clean Pixel Data (PS3.15): remove every line of text the detector finds in the images, keep
 * the lines the OCR reads as harmless labels (keepSafeText), or leave the pixels as they are.
 */
export type TextInImages = 'remove-all' | 'keep-labels' | 'leave';

export type SaveKind = 'file-picker' | 'directory-picker' | 'download-parts';
export type KeyMode = 'passphrase' | 'random';

/** What this browser can do; detected once at start (see saveSupport.ts). */
export interface SaveSupport {
  readonly filePicker: boolean;
  readonly directoryPicker: boolean;
}

export interface Settings {
  readonly profile: 'basic' | 'legacy';
  /** Chosen Basic Profile options other than the date ones, in PROFILE_OPTIONS order. */
  readonly options: readonly ToggleOptionName[];
  readonly dates: DateHandling;
  readonly format: OutputFormat;
  readonly keyMode: KeyMode;
  readonly passphrase: string;
  /** A generated key as hex; it is used as a passphrase, so it can be typed in again later. */
  readonly randomKeyHex: string | undefined;
  readonly wantMapping: boolean;
  readonly save: SaveKind;
  readonly textInImages: TextInImages;
  /** Boxes the user drew in the preview and device templates (also loaded from a file). */
  readonly regions: UserRegions;
}

export function defaultSettings(support: SaveSupport): Settings {
  return {
    profile: 'basic',
    options: [],
    dates: 'remove',
    format: 'dicom',
    keyMode: 'passphrase',
    passphrase: '',
    randomKeyHex: undefined,
    wantMapping: false,
    textInImages: 'remove-all',
    regions: EMPTY_USER_REGIONS,
    save: support.filePicker
      ? 'file-picker'
      : support.directoryPicker
        ? 'directory-picker'
        : 'download-parts',
  };
}

/** Choices change only on the review screen; a restart forgets what belongs to the last set. */
export function reduceSettings(state: AppState, action: Action): Settings {
  const { settings, screen } = state;
  if (action.type === 'restart') {
    // Key material and the wish for re-identifying tables are not carried into a new set, nor
    // boxes drawn on its series; device templates are, as they describe devices, not people.
    return {
      ...settings,
      keyMode: 'passphrase',
      passphrase: '',
      randomKeyHex: undefined,
      wantMapping: false,
      regions: { ...settings.regions, series: [] },
    };
  }
  if (screen.phase !== 'review') return settings;
  switch (action.type) {
    case 'settingsChanged':
      return { ...settings, ...action.change };
    case 'optionToggled': {
      const on = settings.options.includes(action.option);
      return {
        ...settings,
        options: on
          ? settings.options.filter((option) => option !== action.option)
          : [...settings.options, action.option],
      };
    }
    case 'randomKeyGenerated':
      return { ...settings, keyMode: 'random', randomKeyHex: action.hex };
    default:
      return settings;
  }
}
