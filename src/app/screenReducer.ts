/**
 * How each action moves the screen (the diagram in state.ts): one reducer per phase. An action
 * that does not fit the current screen returns it unchanged. Whether a run may start at all
 * (startProblem) is checked by the reducer in state.ts before it comes here.
 */
import {
  CANCELLED_RERUN_NOTICE,
  CANCELLED_RUN_NOTICE,
  CANCELLED_SCAN_NOTICE,
  NO_FILES_ERROR,
  NO_SAVE_PLACE_NOTICE,
  SAMPLING_FINISHED_NOTICE,
} from './notices';
import { allSeriesFiles, defaultIncluded } from './selection';
import type { Action, AppState, Message, Screen } from './state';

export function reduceScreen(state: AppState, action: Action): Screen {
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
      return reduceReview(screen, action);
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

function reduceReview(screen: Extract<Screen, { phase: 'review' }>, action: Action): Screen {
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
