import { describe, expect, it } from 'vitest';
import type { PatientNode, Progress, RunSummary } from './pipeline/types';
import {
  CANCELLED_RERUN_NOTICE,
  CANCELLED_RUN_NOTICE,
  CANCELLED_SCAN_NOTICE,
  NO_FILES_ERROR,
  NO_SAVE_PLACE_NOTICE,
  defaultSettings,
  initialState,
  reducer,
  startProblem,
  type Action,
  type AppState,
  type ScanData,
} from './state';

const ALL_SAVE = { filePicker: true, directoryPicker: true };

function series(key: string, fileIndexes: number[], burnedInReasons: string[] = []) {
  return {
    key,
    seriesNumber: '1',
    modality: 'CT',
    description: '',
    fileIndexes,
    bytes: fileIndexes.length * 1000,
    burnedInReasons,
  };
}

const TREE: PatientNode[] = [
  {
    key: 'p1',
    name: 'Doe^Jane',
    id: 'ID1',
    studies: [
      {
        key: 's1',
        date: '20240101',
        description: 'CT head',
        series: [
          series('1.2.1', [0, 1]),
          series('1.2.2', [2], ['Secondary capture: often a screenshot with text on it.']),
        ],
      },
    ],
  },
  {
    key: 'p2',
    name: 'Roe^Rick',
    id: 'ID2',
    studies: [{ key: 's2', date: '', description: '', series: [series('1.3.1', [4])] }],
  },
];

const SCAN: ScanData = { files: [], results: [], tree: TREE };

function run(state: AppState, ...actions: Action[]): AppState {
  return actions.reduce(reducer, state);
}

const start = initialState(ALL_SAVE);
const review = run(
  start,
  { type: 'filesChosen' },
  { type: 'filesListed', total: 6 },
  {
    type: 'scanFinished',
    scan: SCAN,
  },
);
const ready = run(review, {
  type: 'settingsChanged',
  change: { passphrase: 'correct horse battery staple' },
});

const PROGRESS: Progress = {
  filesDone: 1,
  filesTotal: 3,
  bytesDone: 1000,
  bytesTotal: 3000,
  throughput: 500,
  secondsLeft: 4,
};

function summary(cancelled = false): RunSummary {
  return {
    written: 3,
    skipped: 1,
    failed: 0,
    quarantined: 0,
    excluded: 1,
    results: [],
    mappingAvailable: false,
    cancelled,
  };
}

describe('app state machine', () => {
  it('starts empty, with the default settings for this browser (settings.test.ts)', () => {
    expect(start.screen).toEqual({ phase: 'empty' });
    expect(start.settings).toEqual(defaultSettings(ALL_SAVE));
    expect(start.sampling).toBeUndefined();
  });

  it('goes empty → scanning (listing, then counting) → review', () => {
    const listing = reducer(start, { type: 'filesChosen' });
    expect(listing.screen).toEqual({ phase: 'scanning', scanned: 0, total: undefined });
    const counting = run(
      listing,
      { type: 'filesListed', total: 6 },
      { type: 'scanProgress', scanned: 4 },
    );
    expect(counting.screen).toEqual({ phase: 'scanning', scanned: 4, total: 6 });
    expect(review.screen.phase).toBe('review');
  });

  it('includes every series by default, flagged ones too (their text is cleaned)', () => {
    if (review.screen.phase !== 'review') throw new Error('not in review');
    expect([...review.screen.included].sort()).toEqual([0, 1, 2, 4]);
    expect(review.settings.textInImages).toBe('remove-all');
  });

  it('records what sampling found per series, and forgets it on restart', () => {
    expect(review.sampling).toEqual({ series: new Map(), total: 3, finished: false });
    const sampled = run(
      review,
      { type: 'seriesSampled', seriesKey: '1.2.1', result: 'text' },
      { type: 'seriesSampled', seriesKey: '1.2.2', result: 'clear' },
    );
    expect(sampled.sampling?.series.get('1.2.1')).toBe('text');
    expect(sampled.sampling?.finished).toBe(false);
    const all = reducer(sampled, { type: 'seriesSampled', seriesKey: '1.3.1', result: 'unknown' });
    expect(all.sampling?.finished).toBe(true);
    expect(reducer(all, { type: 'restart' }).sampling).toBeUndefined();
  });

  it('returns to empty with an error when nothing was found, and with a notice on cancel', () => {
    const nothing = run(start, { type: 'filesChosen' }, { type: 'filesListed', total: 0 });
    expect(nothing.screen).toEqual({
      phase: 'empty',
      message: { kind: 'error', text: NO_FILES_ERROR },
    });
    const cancelled = run(start, { type: 'filesChosen' }, { type: 'scanCancelled' });
    expect(cancelled.screen).toEqual({
      phase: 'empty',
      message: { kind: 'notice', text: CANCELLED_SCAN_NOTICE },
    });
    const failed = run(start, { type: 'filesChosen' }, { type: 'scanFailed', error: 'Boom.' });
    expect(failed.screen).toEqual({
      phase: 'empty',
      message: { kind: 'error', text: 'The files could not be read. Boom.' },
    });
  });

  it('toggles whole series and selects all or none', () => {
    const withFlagged = reducer(review, {
      type: 'seriesToggled',
      fileIndexes: [2],
      include: false,
    });
    const without = reducer(withFlagged, {
      type: 'seriesToggled',
      fileIndexes: [0, 1],
      include: false,
    });
    if (without.screen.phase !== 'review') throw new Error('not in review');
    expect([...without.screen.included].sort()).toEqual([4]);
    const none = reducer(without, { type: 'selectNone' });
    if (none.screen.phase !== 'review') throw new Error('not in review');
    expect(none.screen.included.size).toBe(0);
    const all = reducer(none, { type: 'selectAll' });
    if (all.screen.phase !== 'review') throw new Error('not in review');
    expect([...all.screen.included].sort()).toEqual([0, 1, 2, 4]);
  });

  it('toggles options on and off and keeps the date choice single', () => {
    const on = run(
      review,
      { type: 'optionToggled', option: 'retain-uids' },
      { type: 'optionToggled', option: 'clean-descriptors' },
      { type: 'settingsChanged', change: { dates: 'shift' } },
    );
    expect(on.settings.options).toEqual(['retain-uids', 'clean-descriptors']);
    expect(on.settings.dates).toBe('shift');
    const off = reducer(on, { type: 'optionToggled', option: 'retain-uids' });
    expect(off.settings.options).toEqual(['clean-descriptors']);
  });

  it('does not start without a key or without a series, and says why', () => {
    expect(startProblem(review)).toBe('Type a passphrase, or generate a random key.');
    expect(reducer(review, { type: 'runStarted' })).toBe(review);
    const random = run(review, { type: 'settingsChanged', change: { keyMode: 'random' } });
    expect(startProblem(random)).toBe('Generate a random key first, or use a passphrase.');
    const generated = reducer(random, { type: 'randomKeyGenerated', hex: 'ab'.repeat(32) });
    expect(startProblem(generated)).toBeUndefined();
    expect(startProblem(reducer(ready, { type: 'selectNone' }))).toBe(
      'Tick at least one series to de-identify.',
    );
    const nifti = reducer(ready, { type: 'settingsChanged', change: { format: 'nifti' } });
    expect(startProblem(nifti)).toBeUndefined(); // NIfTI output is available
  });

  it('refuses a save place the browser does not have', () => {
    const bare = run(
      initialState({ filePicker: false, directoryPicker: false }),
      { type: 'filesChosen' },
      { type: 'filesListed', total: 1 },
      { type: 'scanFinished', scan: SCAN },
      { type: 'settingsChanged', change: { passphrase: 'x', save: 'file-picker' } },
    );
    expect(startProblem(bare)).toMatch(/cannot save one .zip file/);
  });

  it('says when none of the files is DICOM', () => {
    const noDicom = run(
      start,
      { type: 'filesChosen' },
      { type: 'filesListed', total: 1 },
      { type: 'scanFinished', scan: { files: [], results: [], tree: [] } },
    );
    expect(startProblem(noDicom)).toMatch(/None of these files is DICOM/);
  });

  it('runs: review → processing → done, with progress in between', () => {
    const processing = reducer(ready, { type: 'runStarted' });
    expect(processing.screen).toMatchObject({
      phase: 'processing',
      progress: undefined,
      cancelling: false,
    });
    const moving = reducer(processing, { type: 'runProgress', progress: PROGRESS });
    expect(moving.screen).toMatchObject({ phase: 'processing', progress: PROGRESS });
    const done = reducer(moving, { type: 'runFinished', summary: summary() });
    expect(done.screen).toMatchObject({ phase: 'done', summary: summary() });
  });

  it('cancel during processing returns to review with a notice, selection and settings kept', () => {
    const processing = run(ready, { type: 'runStarted' }, { type: 'cancelRequested' });
    expect(processing.screen).toMatchObject({ phase: 'processing', cancelling: true });
    for (const end of [
      { type: 'runCancelled' } as const,
      { type: 'runFinished', summary: summary(true) } as const,
    ]) {
      const back = reducer(processing, end);
      expect(back.screen).toMatchObject({
        phase: 'review',
        message: { kind: 'notice', text: CANCELLED_RUN_NOTICE },
      });
      if (back.screen.phase !== 'review') throw new Error('not in review');
      expect([...back.screen.included].sort()).toEqual([0, 1, 2, 4]);
      expect(back.settings.passphrase).toBe('correct horse battery staple');
    }
    const noPlace = reducer(processing, { type: 'runCancelled', reason: 'no-save-place' });
    expect(noPlace.screen).toMatchObject({ message: { text: NO_SAVE_PLACE_NOTICE } });
  });

  it('a failed run returns to review with the error in plain words', () => {
    const failed = run(ready, { type: 'runStarted' }, { type: 'runFailed', error: 'Disk full.' });
    expect(failed.screen).toMatchObject({ phase: 'review', message: { kind: 'error' } });
    if (failed.screen.phase !== 'review') throw new Error('not in review');
    expect(failed.screen.message?.text).toContain('Disk full.');
    expect(reducer(failed, { type: 'messageDismissed' }).screen).not.toHaveProperty('message');
  });

  it('ignores actions that do not fit the screen', () => {
    expect(reducer(start, { type: 'runProgress', progress: PROGRESS })).toBe(start);
    expect(reducer(start, { type: 'scanFinished', scan: SCAN })).toBe(start);
    expect(reducer(review, { type: 'scanProgress', scanned: 3 })).toBe(review);
    const done = run(ready, { type: 'runStarted' }, { type: 'runFinished', summary: summary() });
    expect(reducer(done, { type: 'runProgress', progress: PROGRESS })).toBe(done);
    expect(reducer(done, { type: 'settingsChanged', change: { profile: 'legacy' } })).toBe(done);
  });

  it('start again forgets the key and the mapping wish but not the profile', () => {
    const chosen = run(
      ready,
      { type: 'settingsChanged', change: { wantMapping: true, profile: 'legacy' } },
      { type: 'runStarted' },
    );
    expect(reducer(chosen, { type: 'restart' })).toBe(chosen); // not while processing
    const done = reducer(chosen, { type: 'runFinished', summary: summary() });
    const again = reducer(done, { type: 'restart' });
    expect(again.screen).toEqual({ phase: 'empty' });
    expect(again.settings).toMatchObject({
      passphrase: '',
      randomKeyHex: undefined,
      wantMapping: false,
      profile: 'legacy',
    });
  });

  it('re-runs quarantined files: done → processing → done, and back to the run if it stops', () => {
    const quarantined = { ...summary(), written: 0, quarantined: 3 };
    const done = run(ready, { type: 'runStarted' }, { type: 'runFinished', summary: quarantined });
    // Nothing to re-run after a run without quarantined files.
    const clean = run(ready, { type: 'runStarted' }, { type: 'runFinished', summary: summary() });
    expect(reducer(clean, { type: 'rerunStarted' })).toBe(clean);

    const rerunning = run(
      done,
      { type: 'rerunStarted' },
      { type: 'runProgress', progress: PROGRESS },
    );
    expect(rerunning.screen).toMatchObject({
      phase: 'processing',
      progress: PROGRESS,
      rerunOf: quarantined,
    });
    const after = { ...summary(), written: 3, quarantined: 0 };
    expect(reducer(rerunning, { type: 'runFinished', summary: after }).screen).toMatchObject({
      phase: 'done',
      summary: after,
    });

    for (const end of [
      { type: 'runCancelled' } as const,
      { type: 'runFinished', summary: { ...after, cancelled: true } } as const,
    ]) {
      expect(reducer(rerunning, end).screen).toMatchObject({
        phase: 'done',
        summary: quarantined,
        message: { kind: 'notice', text: CANCELLED_RERUN_NOTICE },
      });
    }
    const failed = reducer(rerunning, { type: 'runFailed', error: 'Disk full.' });
    expect(failed.screen).toMatchObject({ phase: 'done', summary: quarantined });
    if (failed.screen.phase !== 'done') throw new Error('not done');
    expect(failed.screen.message?.text).toMatch(/^The re-run stopped .*Disk full\./);
    const dismissed = reducer(failed, { type: 'messageDismissed' });
    expect(dismissed.screen).toMatchObject({ phase: 'done', summary: quarantined });
    expect(dismissed.screen).not.toHaveProperty('message');
  });
});
