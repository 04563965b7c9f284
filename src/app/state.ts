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
 *
 * Here: the state's and the actions' types, the first state, and the reducer that combines
 * the screen's (screenReducer.ts), the settings' (settings.ts) and the sampling's parts. The
 * texts of notices are in notices.ts. Everything is re-exported, so `./state` stays the one
 * place the rest of the app imports it from.
 */
import type { InputFile, PatientNode, Progress, RunSummary, ScanResult } from './pipeline/types';
import type { SeriesSampling } from '../core/scan/burnedInPolicy';
import { reduceScreen } from './screenReducer';
import { allSeriesFiles } from './selection';
import {
  defaultSettings,
  reduceSettings,
  type SaveSupport,
  type Settings,
  type ToggleOptionName,
} from './settings';
import { startSampling, withSeriesSampled, type TextSampling } from './textSampling';

export { allSeriesFiles, defaultIncluded } from './selection';
export {
  CANCELLED_RERUN_NOTICE,
  CANCELLED_RUN_NOTICE,
  CANCELLED_SCAN_NOTICE,
  NO_FILES_ERROR,
  NO_SAVE_PLACE_NOTICE,
  SAMPLING_FINISHED_NOTICE,
} from './notices';
export { defaultSettings } from './settings';
export type {
  DateHandling,
  DateOptionName,
  KeyMode,
  SaveKind,
  SaveSupport,
  Settings,
  TextInImages,
  ToggleOptionName,
} from './settings';

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
  // A run that cannot start yet (no key, no series) changes nothing; the page says why.
  if (action.type === 'runStarted' && startProblem(state) !== undefined) return state;
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
