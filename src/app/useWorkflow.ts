/**
 * Runs the state machine against the pipeline: starts scans and runs on the Session, turns
 * their callbacks into actions, and cancels through one AbortController at a time. Results of
 * an operation that was cancelled or replaced are dropped, never dispatched.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { keyFromPassphrase, randomKey } from '../core/deid/keys';
import { isAbortError, plainMessage } from './errors';
import { collectDroppedFiles, filesFromInput } from './pipeline/collectFiles';
import { buildScanTree } from './pipeline/scanTree';
import { sampleSeriesForText, stopTextSampling } from './pipeline/sampleText';
import { createSession } from './pipeline/session';
import type { InputFile, Progress, RerunRequest, ScanResult, Session } from './pipeline/types';
import type { PreviewRequest, PreviewResponse } from './preview/usePreviewFile';
import { buildRunOptions, keySource, toHex } from './runOptions';
import { regionsForRun } from './preview/userRegions';
import { sampleFiles } from './sample/sampleData';
import { detectSaveSupport } from './saveSupport';
import {
  initialState,
  reducer,
  startProblem,
  type Action,
  type Settings,
  type ToggleOptionName,
} from './state';
import { throttle } from './throttle';
import { useTextSampling } from './ui/useTextSampling';

const UPDATE_MS = 100;
/** Typing pause after which the key is worked out ahead of the click. */
const PREPARE_KEY_AFTER_MS = 400;

/**
 * The key from a passphrase takes 600,000 PBKDF2 rounds. It is worked out while the user is
 * still choosing, so that the click on "De-identify" reaches the save dialog at once: the
 * dialogs open only close to a click (Chrome allows about five seconds).
 */
function useKeyDerivation() {
  const cache = useRef<{ source: string; key: Promise<Uint8Array> } | null>(null);
  const derive = useCallback((source: string) => {
    if (cache.current?.source !== source) {
      cache.current = { source, key: keyFromPassphrase(source) };
    }
    return cache.current.key;
  }, []);
  const forget = useCallback(() => {
    cache.current = null;
  }, []);
  return { derive, forget };
}

export function useWorkflow() {
  const [state, dispatch] = useReducer(reducer, undefined, () => initialState(detectSaveSupport()));
  const session = useRef<Session | null>(null);
  const operation = useRef<AbortController | null>(null);
  const keys = useKeyDerivation();
  const screenScan = 'scan' in state.screen ? state.screen.scan : undefined;
  const sampling = useTextSampling(
    state.sampling ? screenScan : undefined,
    dispatch,
    sampleSeriesForText,
  );
  /** The preview's key while the user has set none: what it shows are examples. */
  const exampleKey = useRef<Uint8Array | null>(null);

  const pendingKeySource = state.screen.phase === 'review' ? keySource(state.settings) : '';
  const { derive } = keys;
  useEffect(() => {
    if (pendingKeySource === '') return;
    const timer = setTimeout(
      () => void derive(pendingKeySource).catch(() => undefined),
      PREPARE_KEY_AFTER_MS,
    );
    return () => clearTimeout(timer);
  }, [pendingKeySource, derive]);

  useEffect(
    () => () => {
      operation.current?.abort();
      operation.current = null;
      session.current?.dispose();
      session.current = null;
    },
    [],
  );

  // The session (and its workers) is made on first use, not when the page opens.
  const getSession = () => (session.current ??= createSession());

  /** Starts an operation; its `send` goes quiet once another one starts or it is dropped. */
  const begin = () => {
    operation.current?.abort();
    const controller = new AbortController();
    operation.current = controller;
    const send = (action: Action) => {
      if (operation.current === controller) dispatch(action);
    };
    return { controller, send };
  };

  const scan = async (listing: Promise<readonly InputFile[]>) => {
    const { controller, send } = begin();
    dispatch({ type: 'filesChosen' });
    const results: ScanResult[] = [];
    const progress = throttle(
      (scanned: number) => send({ type: 'scanProgress', scanned }),
      UPDATE_MS,
    );
    try {
      const files = await listing;
      send({ type: 'filesListed', total: files.length });
      if (files.length === 0 || controller.signal.aborted) return;
      await getSession().scan(
        files,
        (result) => {
          results.push(result);
          progress.push(results.length);
        },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      results.sort((a, b) => a.index - b.index);
      send({ type: 'scanFinished', scan: { files, results, tree: buildScanTree(results) } });
    } catch (error) {
      if (!controller.signal.aborted) send({ type: 'scanFailed', error: plainMessage(error) });
    } finally {
      progress.cancel();
      if (operation.current === controller) operation.current = null;
    }
  };

  const run = async () => {
    const { screen, settings } = state;
    if (screen.phase !== 'review' || startProblem(state) !== undefined) return;
    const { controller, send } = begin();
    dispatch({ type: 'runStarted' });
    const progress = throttle(
      (p: Progress) => send({ type: 'runProgress', progress: p }),
      UPDATE_MS,
    );
    try {
      const key = await keys.derive(keySource(settings));
      // A run started before the search of the images for text ends finishes it first; then
      // its workers go, as the run needs the memory.
      const waited = !state.sampling?.finished;
      await sampling.finish();
      stopTextSampling();
      // The save dialogs open only close to a click: after a long wait, the user clicks again.
      if (
        waited &&
        settings.save !== 'download-parts' &&
        navigator.userActivation?.isActive === false
      ) {
        send({ type: 'runCancelled', reason: 'sampling-finished' });
        return;
      }
      if (controller.signal.aborted) {
        send({ type: 'runCancelled' });
        return;
      }
      const summary = await getSession().run(
        screen.scan.files,
        buildRunOptions(settings, screen.included, key, {
          textInImages: settings.textInImages,
          regions: await regionsForRun(settings.regions, key),
        }),
        (p) => progress.push(p),
        controller.signal,
      );
      progress.cancel();
      send({ type: 'runFinished', summary });
    } catch (error) {
      progress.cancel();
      if (controller.signal.aborted) send({ type: 'runCancelled' });
      // An AbortError without our cancel: the user closed the save dialog.
      else if (isAbortError(error)) send({ type: 'runCancelled', reason: 'no-save-place' });
      else send({ type: 'runFailed', error: plainMessage(error) });
    } finally {
      if (operation.current === controller) operation.current = null;
    }
  };

  /** Quarantined files of the run again, with the user's fixes; no dialog, so no gesture. */
  const rerun = async (request: RerunRequest) => {
    const { screen } = state;
    if (screen.phase !== 'done' || screen.summary.quarantined === 0) return;
    const { controller, send } = begin();
    dispatch({ type: 'rerunStarted' });
    const progress = throttle(
      (p: Progress) => send({ type: 'runProgress', progress: p }),
      UPDATE_MS,
    );
    try {
      const summary = await getSession().rerun(
        screen.scan.files,
        request,
        (p) => progress.push(p),
        controller.signal,
      );
      progress.cancel();
      send({ type: 'runFinished', summary });
    } catch (error) {
      progress.cancel();
      if (controller.signal.aborted || isAbortError(error)) send({ type: 'runCancelled' });
      else send({ type: 'runFailed', error: plainMessage(error) });
    } finally {
      if (operation.current === controller) operation.current = null;
    }
  };

  /**
   * One file de-identified for the preview pane, with the profile and key asked for: on the
   * review screen, and on the done screen for the quarantined files (the settings cannot
   * change there, so it is the run's profile and key).
   */
  const preview = async (
    request: PreviewRequest,
    signal: AbortSignal,
  ): Promise<PreviewResponse> => {
    const { screen } = state;
    const input =
      screen.phase === 'review' || screen.phase === 'done'
        ? screen.scan.files[request.fileIndex]
        : undefined;
    if (!input) throw new Error('That file is no longer in the list.');
    const example = request.keySource === '';
    const key = example
      ? (exampleKey.current ??= randomKey())
      : await keys.derive(request.keySource);
    // Boxes drawn on a series go under its key from this key, as in the run (regionsForRun).
    const pixels = request.spec.pixels;
    const spec =
      pixels && request.regions
        ? {
            ...request.spec,
            pixels: { ...pixels, regions: await regionsForRun(request.regions, key) },
          }
        : request.spec;
    signal.throwIfAborted();
    const result = await getSession().preview(input, { spec, key }, signal);
    return { result, exampleKey: example };
  };

  return {
    state,
    onPreview: preview,
    /** Must be called while the drop event is being handled. */
    onDrop(data: DataTransfer) {
      void scan(new Promise((resolve) => resolve(collectDroppedFiles(data))));
    },
    onFilesChosen(list: FileList) {
      void scan(new Promise((resolve) => resolve(filesFromInput(list))));
    },
    /** The sample study built into the page, through the same scan and review. */
    onTrySample() {
      void scan(new Promise((resolve) => resolve(sampleFiles())));
    },
    onCancelScan() {
      operation.current?.abort();
      operation.current = null;
      dispatch({ type: 'scanCancelled' });
    },
    onToggleSeries(fileIndexes: readonly number[], include: boolean) {
      dispatch({ type: 'seriesToggled', fileIndexes, include });
    },
    onSelectAll: () => dispatch({ type: 'selectAll' }),
    onSelectNone: () => dispatch({ type: 'selectNone' }),
    onChange: (change: Partial<Settings>) => dispatch({ type: 'settingsChanged', change }),
    onToggleOption: (option: ToggleOptionName) => dispatch({ type: 'optionToggled', option }),
    onGenerateKey: () => dispatch({ type: 'randomKeyGenerated', hex: toHex(randomKey()) }),
    /** Call from the click itself: the save dialogs need the user's gesture. */
    onStart: () => void run(),
    onCancelRun() {
      // The run settles within a second and then sends runCancelled (or its summary).
      operation.current?.abort();
      dispatch({ type: 'cancelRequested' });
    },
    onSaveMapping: () => getSession().saveMapping(),
    onRerun: (request: RerunRequest) => void rerun(request),
    onStartAgain() {
      keys.forget();
      // The run's key and mapping stay in the session only while its done screen is shown.
      session.current?.forgetRun();
      dispatch({ type: 'restart' });
    },
    onDismissMessage: () => dispatch({ type: 'messageDismissed' }),
  };
}
