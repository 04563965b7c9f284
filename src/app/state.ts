/**
 * The app's state machine, as a pure reducer:
 *
 *   empty ──filesChosen──▶ scanning ──scanFinished──▶ review ──runStarted──▶ processing ──▶ done
 *     ▲                      │ cancel / error            ▲                      │         │ ▲
 *     └──────────────────────┘                           └── cancel / error ────┘         │ │
 *                                         done ──rerunStarted──▶ processing (a re-run) ───┘ │
 *                                           ▲ with the run's summary ◀── cancel / error ────┘
 *   review, done ──restart──▶ empty (so does any screen but processing, which is cancelled first)
 *
 * What the user chose (profile, key, where to save) lives beside the screen in `settings`, so
 * that it survives a cancelled run. Scan results are collected outside the reducer (there can
 * be a hundred thousand of them) and handed over once, with the tree, in `scanFinished`.
 * Actions that do not fit the current screen (a late progress report after a cancel) change
 * nothing. Beside the screen, `sampling` holds what the background search of each series'
 * images for text found (textSampling.ts): from the end of the scan until a restart.
 */
import type { ProfileOptionName } from '../core/deid/options';
import type {
  InputFile,
  OutputFormat,
  PatientNode,
  Progress,
  RunSummary,
  ScanResult,
} from './pipeline/types';
import type { SeriesSampling } from '../core/scan/burnedInPolicy';
import { EMPTY_USER_REGIONS, type UserRegions } from './preview/userRegions';
import { allSeriesFiles, defaultIncluded } from './selection';
import { startSampling, withSeriesSampled, type TextSampling } from './textSampling';

export { allSeriesFiles, defaultIncluded } from './selection';

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

export interface Message {
  readonly kind: 'notice' | 'error';
  readonly text: string;
}

/** Everything the scan found, sorted by input index. */
export interface ScanData {
  readonly files: readonly InputFile[];
  readonly results: readonly ScanResult[];
  readonly tree: readonly PatientNode[];
}

export type Screen =
  | { readonly phase: 'empty'; readonly message?: Message }
  | {
      readonly phase: 'scanning';
      readonly scanned: number;
      /** Undefined while the dropped folders are still being listed. */
      readonly total: number | undefined;
    }
  | {
      readonly phase: 'review';
      readonly scan: ScanData;
      /** Input indexes of the files the user keeps (whole series at a time). */
      readonly included: ReadonlySet<number>;
      readonly message?: Message;
    }
  | {
      readonly phase: 'processing';
      readonly scan: ScanData;
      readonly included: ReadonlySet<number>;
      /** Undefined until the first report (the key is being prepared, the save place chosen). */
      readonly progress: Progress | undefined;
      readonly cancelling: boolean;
      /** A re-run of quarantined files: the run's summary, to go back to if it stops. */
      readonly rerunOf?: RunSummary;
    }
  | {
      readonly phase: 'done';
      readonly scan: ScanData;
      readonly included: ReadonlySet<number>;
      readonly summary: RunSummary;
      readonly message?: Message;
    };

export type Phase = Screen['phase'];

export interface AppState {
  readonly support: SaveSupport;
  readonly settings: Settings;
  readonly screen: Screen;
  /** Undefined until a scan finishes, and again after a restart. */
  readonly sampling: TextSampling | undefined;
}

export type Action =
  | { readonly type: 'filesChosen' }
  | { readonly type: 'filesListed'; readonly total: number }
  | { readonly type: 'scanProgress'; readonly scanned: number }
  | { readonly type: 'scanFinished'; readonly scan: ScanData }
  | { readonly type: 'scanCancelled' }
  | { readonly type: 'scanFailed'; readonly error: string }
  | { readonly type: 'settingsChanged'; readonly change: Partial<Settings> }
  | { readonly type: 'optionToggled'; readonly option: ToggleOptionName }
  | { readonly type: 'randomKeyGenerated'; readonly hex: string }
  | {
      readonly type: 'seriesToggled';
      readonly fileIndexes: readonly number[];
      readonly include: boolean;
    }
  | { readonly type: 'selectAll' }
  | { readonly type: 'selectNone' }
  | { readonly type: 'seriesSampled'; readonly seriesKey: string; readonly result: SeriesSampling }
  | { readonly type: 'runStarted' }
  | { readonly type: 'rerunStarted' }
  | { readonly type: 'runProgress'; readonly progress: Progress }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'runFinished'; readonly summary: RunSummary }
  | {
      readonly type: 'runCancelled';
      readonly reason?: 'user' | 'no-save-place' | 'sampling-finished';
    }
  | { readonly type: 'runFailed'; readonly error: string }
  | { readonly type: 'messageDismissed' }
  | { readonly type: 'restart' };

export const CANCELLED_RUN_NOTICE =
  'De-identification was cancelled. Anything already saved from that run is incomplete: ' +
  'delete it before you start again.';
export const CANCELLED_RERUN_NOTICE =
  'The re-run was cancelled, so the report was not updated and still lists those files as ' +
  'quarantined. Anything the re-run had already saved is incomplete: delete it, or re-run again.';
export const NO_SAVE_PLACE_NOTICE = 'No place to save was chosen, so nothing was done.';
export const SAMPLING_FINISHED_NOTICE =
  'The images were checked for text. Press De-identify again to choose where to save.';
export const CANCELLED_SCAN_NOTICE = 'Reading the files was cancelled. Nothing was changed.';
export const NO_FILES_ERROR =
  'No files were found in what you chose. Choose a folder that holds DICOM files.';

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

export function initialState(support: SaveSupport): AppState {
  return {
    support,
    settings: defaultSettings(support),
    screen: { phase: 'empty' },
    sampling: undefined,
  };
}

/** Why the run cannot start yet, in words for the user; undefined when it can. */
export function startProblem(state: AppState): string | undefined {
  const { screen, settings } = state;
  if (screen.phase !== 'review') return 'Nothing to de-identify yet.';
  if (screen.included.size === 0) {
    return allSeriesFiles(screen.scan.tree).size === 0
      ? 'None of these files is DICOM, so there is nothing to de-identify.'
      : 'Tick at least one series to de-identify.';
  }
  if (settings.keyMode === 'passphrase' && settings.passphrase.length === 0) {
    return 'Type a passphrase, or generate a random key.';
  }
  if (settings.keyMode === 'random' && settings.randomKeyHex === undefined) {
    return 'Generate a random key first, or use a passphrase.';
  }
  const { support } = state;
  if (settings.save === 'file-picker' && !support.filePicker) {
    return 'This browser cannot save one .zip file. Choose another way to save.';
  }
  if (settings.save === 'directory-picker' && !support.directoryPicker) {
    return 'This browser cannot save into a folder. Choose another way to save.';
  }
  return undefined;
}

export function reducer(state: AppState, action: Action): AppState {
  // A run in progress is stopped with Cancel first; starting again under it would orphan it.
  if (action.type === 'restart' && state.screen.phase === 'processing') return state;
  const screen = reduceScreen(state, action);
  const settings = reduceSettings(state, action);
  const sampling = reduceSampling(state, action);
  if (screen === state.screen && settings === state.settings && sampling === state.sampling) {
    return state;
  }
  return { ...state, screen, settings, sampling };
}

function reduceSampling(state: AppState, action: Action): TextSampling | undefined {
  switch (action.type) {
    case 'restart':
    case 'filesChosen':
      return undefined;
    case 'scanFinished':
      return state.screen.phase === 'scanning' ? startSampling(action.scan.tree) : state.sampling;
    case 'seriesSampled':
      return state.sampling
        ? withSeriesSampled(state.sampling, action.seriesKey, action.result)
        : undefined;
    default:
      return state.sampling;
  }
}

function reduceSettings(state: AppState, action: Action): Settings {
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

function reduceScreen(state: AppState, action: Action): Screen {
  const { screen } = state;
  if (action.type === 'restart') return { phase: 'empty' };
  if (action.type === 'messageDismissed') {
    if (screen.phase === 'empty' && screen.message) return { phase: 'empty' };
    if (screen.phase === 'review' && screen.message) {
      return { phase: 'review', scan: screen.scan, included: screen.included };
    }
    if (screen.phase === 'done' && screen.message) {
      const { message, ...rest } = screen;
      void message;
      return rest;
    }
    return screen;
  }
  switch (screen.phase) {
    case 'empty':
      return action.type === 'filesChosen'
        ? { phase: 'scanning', scanned: 0, total: undefined }
        : screen;
    case 'scanning':
      return reduceScanning(screen, action);
    case 'review':
      return reduceReview(state, screen, action);
    case 'processing':
      return reduceProcessing(screen, action);
    case 'done':
      // Only a DICOM run's quarantined files can be run again (the done screen offers it).
      if (action.type !== 'rerunStarted' || screen.summary.quarantined === 0) return screen;
      return {
        phase: 'processing',
        scan: screen.scan,
        included: screen.included,
        progress: undefined,
        cancelling: false,
        rerunOf: screen.summary,
      };
  }
}

function reduceScanning(screen: Extract<Screen, { phase: 'scanning' }>, action: Action): Screen {
  switch (action.type) {
    case 'filesListed':
      return action.total === 0
        ? { phase: 'empty', message: { kind: 'error', text: NO_FILES_ERROR } }
        : { ...screen, total: action.total };
    case 'scanProgress':
      return { ...screen, scanned: action.scanned };
    case 'scanFinished':
      return { phase: 'review', scan: action.scan, included: defaultIncluded(action.scan.tree) };
    case 'scanCancelled':
      return { phase: 'empty', message: { kind: 'notice', text: CANCELLED_SCAN_NOTICE } };
    case 'scanFailed':
      return {
        phase: 'empty',
        message: { kind: 'error', text: `The files could not be read. ${action.error}` },
      };
    default:
      return screen;
  }
}

function reduceReview(
  state: AppState,
  screen: Extract<Screen, { phase: 'review' }>,
  action: Action,
): Screen {
  switch (action.type) {
    case 'seriesToggled': {
      const included = new Set(screen.included);
      for (const i of action.fileIndexes) {
        if (action.include) included.add(i);
        else included.delete(i);
      }
      return { ...screen, included };
    }
    case 'selectAll':
      return { ...screen, included: allSeriesFiles(screen.scan.tree) };
    case 'selectNone':
      return { ...screen, included: new Set() };
    case 'runStarted':
      if (startProblem(state) !== undefined) return screen;
      return {
        phase: 'processing',
        scan: screen.scan,
        included: screen.included,
        progress: undefined,
        cancelling: false,
      };
    default:
      return screen;
  }
}

function reduceProcessing(
  screen: Extract<Screen, { phase: 'processing' }>,
  action: Action,
): Screen {
  const cancelledNotice = () => (screen.rerunOf ? CANCELLED_RERUN_NOTICE : CANCELLED_RUN_NOTICE);
  const back = (message: Message): Screen =>
    screen.rerunOf
      ? {
          phase: 'done',
          scan: screen.scan,
          included: screen.included,
          summary: screen.rerunOf,
          message,
        }
      : { phase: 'review', scan: screen.scan, included: screen.included, message };
  switch (action.type) {
    case 'runProgress':
      return { ...screen, progress: action.progress };
    case 'cancelRequested':
      return { ...screen, cancelling: true };
    case 'runFinished':
      if (action.summary.cancelled) return back({ kind: 'notice', text: cancelledNotice() });
      return {
        phase: 'done',
        scan: screen.scan,
        included: screen.included,
        summary: action.summary,
      };
    case 'runCancelled':
      return back({
        kind: 'notice',
        text:
          action.reason === 'no-save-place'
            ? NO_SAVE_PLACE_NOTICE
            : action.reason === 'sampling-finished'
              ? SAMPLING_FINISHED_NOTICE
              : cancelledNotice(),
      });
    case 'runFailed':
      return back({
        kind: 'error',
        text: screen.rerunOf
          ? `The re-run stopped because of an error: ${action.error} ` +
            'The report still lists those files as quarantined; anything the re-run had already saved is incomplete.'
          : `De-identification stopped because of an error: ${action.error} ` +
            'Anything already saved from that run is incomplete.',
      });
    default:
      return screen;
  }
}
