/**
 * Takes each input's outcome, in commit order, and records it three ways: what the page's done
 * screen shows of the file, its report row (no path, no value: report.json/csv go inside the
 * output), and its file mapping row, with the mapping tables when asked for. Written files get
 * their unique name here and go to `save`. The page (runRecorder.ts of the app's pipeline) and
 * the CLI (its results.ts) bring only their I/O: where outputs are saved, and the input's path.
 */
import { burnedInNote } from '../deid/burnedIn';
import { leftoverNote } from '../report/leftoverNote';
import { MappingCollector, type FileMappingRow } from '../report/mapping';
import { UniqueNames } from '../report/outputNames';
import { pixelNote } from '../report/pixelNote';
import { explainOutOfMemory } from '../report/memoryReason';
import { inputId, type ReportRow } from '../report/report';
import { scrubReason } from '../report/scrubReason';
import type { InputOutcome, RecordedFile, SeriesResult } from './outcomes';

export const REPORT_FILES = ['report.json', 'report.csv'] as const;

/** Saving one output failed, but the run goes on: the file is failed with `message`. */
export class OutputNotSaved extends Error {
  override readonly name = 'OutputNotSaved';
}

/**
 * Saves one output under its unique name; `splice` is a large input's image data, still in
 * `input`. Throws OutputNotSaved to fail only this file; anything else thrown stops the run.
 */
export type SaveOutput<I> = (
  name: string,
  chunks: readonly Uint8Array[],
  from?: { readonly input: I; readonly splice: NonNullable<WrittenOutcome['splice']> },
) => Promise<void>;

/** How the recorder sees an input: its path (file mapping), and what a reason must not say. */
export interface InputNaming<I> {
  /** The input's path relative to what the user chose, for file_mapping.csv. */
  readonly pathOf: (input: I) => string;
  /** Paths and names of the input that a failure reason must never show. */
  readonly secretsOf: (input: I) => readonly string[];
  /** The reason of a written file; default writtenReason. */
  readonly writtenReason?: (outcome: WrittenOutcome, note: string) => string;
}

/**
 * The reason of a written file: `note` first (why a NIfTI run wrote DICOM), else the burned-in
 * note; then what the leftover check did and what Clean Pixel Data did.
 */
export function writtenReason(outcome: WrittenOutcome, note: string): string {
  return [
    note || burnedInNote(outcome.burnedIn ?? []),
    leftoverNote(outcome.leftovers),
    pixelNote(outcome.pixels),
  ]
    .filter((part) => part !== '')
    .join('; ');
}

/** One input of a series: decided on its own (`own`), or what became of its series. */
export interface SeriesMember<I> {
  readonly index: number;
  readonly input: I;
  readonly own?: { readonly outcome: InputOutcome; readonly note?: string };
}

export type WrittenOutcome = Extract<InputOutcome, { status: 'written' }>;

/** What RunRecorder.restore takes: a report row as an interrupted run recorded it. */
export interface RestoredRow {
  readonly status: 'written' | 'skipped' | 'quarantined' | 'failed';
  readonly reason: string;
  readonly output: string;
  readonly actions: ReportRow['actions'];
  readonly warnings: number;
  readonly afterLeftoverFixes: boolean;
}

export interface RestoredMember<I> {
  readonly index: number;
  readonly input: I;
  readonly row: RestoredRow;
}

export class RunRecorder<I> {
  readonly results: RecordedFile[] = [];
  readonly rows: ReportRow[] = [];
  readonly files: FileMappingRow[] = [];
  readonly mapping: MappingCollector | undefined;
  /** Written files that passed the leftover check only after fixes or allowed values. */
  afterLeftoverFixes = 0;
  private readonly names: UniqueNames;
  /** Where each input's entry is in results, rows and files (the same place in all three). */
  private readonly at = new Map<number, number>();

  constructor(
    private readonly save: SaveOutput<I>,
    private readonly naming: InputNaming<I>,
    wantMapping: boolean,
    shared?: { readonly names: UniqueNames; readonly mapping: MappingCollector | undefined },
  ) {
    this.names = shared?.names ?? new UniqueNames(REPORT_FILES);
    this.mapping = shared ? shared.mapping : wantMapping ? new MappingCollector() : undefined;
  }

  /**
   * A recorder for a re-run of some of these inputs, saving with `save`: it starts with this
   * one's entries and replaces those of the files it commits again. The names already given
   * stay taken (the files that have them are saved, even by a re-run that was cancelled) and
   * the mapping tables are shared; this recorder itself is left as it is, so that a re-run
   * that does not finish changes no entry.
   */
  fork(save: SaveOutput<I>): RunRecorder<I> {
    const shared = { names: this.names, mapping: this.mapping };
    const fork = new RunRecorder(save, this.naming, false, shared);
    // One by one: a run of 100,000 files is too many arguments for push(...).
    for (const result of this.results) fork.results.push(result);
    for (const row of this.rows) fork.rows.push(row);
    for (const file of this.files) fork.files.push(file);
    for (const [index, at] of this.at) fork.at.set(index, at);
    fork.afterLeftoverFixes = this.afterLeftoverFixes;
    return fork;
  }

  /** The report row of input `index`, once committed. */
  rowOf(index: number): ReportRow | undefined {
    const at = this.at.get(index);
    return at === undefined ? undefined : this.rows[at];
  }

  /**
   * Records again what an interrupted run recorded of input `index` (its report row, and
   * whether the leftover check needed fixes), its output being already saved: the CLI's
   * --resume. Called in commit order, like commit, so that output names are claimed in the
   * same order and later duplicates get the same `_2`. Throws if the name is no longer free.
   */
  restore(index: number, input: I, row: RestoredRow): RecordedFile {
    if (row.status === 'written') this.claimAgain(row.output);
    if (row.afterLeftoverFixes) this.afterLeftoverFixes++;
    return this.add(index, input, row);
  }

  /**
   * Records again a converted series of an interrupted run: the names of all its files
   * (`files`, in the order it saved them), and each member's row, its files being saved already.
   */
  restoreSeries(files: readonly string[], members: readonly RestoredMember<I>[]): void {
    for (const name of files) this.claimAgain(name);
    for (const { index, input, row } of members) {
      if (row.afterLeftoverFixes) this.afterLeftoverFixes++;
      this.add(index, input, row);
    }
  }

  private claimAgain(name: string): void {
    if (this.names.claim(name) !== name) {
      throw new Error('the resumed run would name an output otherwise than the interrupted run');
    }
  }

  /** `note`: said in the reason of a written file (see writtenReason). */
  async commit(index: number, input: I, outcome: InputOutcome, note = ''): Promise<RecordedFile> {
    if (outcome.status !== 'written') {
      const reason = this.scrub(outcome.reason, input);
      const findings = 'findings' in outcome ? outcome.findings : undefined;
      return this.add(index, input, { status: outcome.status, reason, findings });
    }
    const saved = await this.saveOne(outcome.outputPath, outcome.chunks, input, outcome.splice);
    if (!saved.ok) return this.add(index, input, { status: 'failed', reason: saved.reason });
    if (outcome.mapping) this.mapping?.add(outcome.mapping);
    if (leftoverNote(outcome.leftovers)) this.afterLeftoverFixes++;
    const reason = (this.naming.writtenReason ?? writtenReason)(outcome, note);
    const { actions, warnings } = outcome;
    return this.add(index, input, {
      status: 'written',
      reason,
      output: saved.name,
      actions,
      warnings,
      imageCleaned: outcome.pixels?.changed === true,
    });
  }

  /**
   * One converted series: its files are saved once, and every input of it that has no outcome
   * of its own gets the same row (its first image, the series' notes; or why none was saved:
   * a quarantined series saves nothing). Members with their own outcome are committed as
   * files, after the series. `series` is undefined when the series got no answer.
   */
  async commitSeries(
    members: readonly SeriesMember<I>[],
    series: SeriesResult | undefined,
  ): Promise<void> {
    const shared = series
      ? await this.saveSeries(series)
      : { status: 'failed' as const, reason: 'internal error: no series result' };
    for (const { index, input, own } of members) {
      if (own) await this.commit(index, input, own.outcome, own.note);
      else if (shared.status === 'written')
        this.add(index, input, { status: 'written', reason: shared.reason, output: shared.output });
      else
        this.add(index, input, { status: shared.status, reason: this.scrub(shared.reason, input) });
    }
  }

  /** Rows, results and file mapping rows in input order (a NIfTI run commits by series). */
  sortByInput(): void {
    this.results.sort((a, b) => a.index - b.index);
    const byInput = (a: { input: string }, b: { input: string }) =>
      a.input < b.input ? -1 : a.input > b.input ? 1 : 0;
    this.rows.sort(byInput);
    this.files.sort(byInput);
    this.at.clear();
    this.results.forEach((result, at) => this.at.set(result.index, at));
  }

  /** Saves a converted series' files; the row its inputs share, or why there is none. */
  private async saveSeries(
    series: SeriesResult,
  ): Promise<
    | { status: 'written'; reason: string; output: string }
    | { status: 'failed' | 'quarantined'; reason: string }
  > {
    if (series.status !== 'converted') return { status: series.status, reason: series.reason };
    const images: string[] = [];
    for (const file of series.files) {
      const saved = await this.saveOne(file.path, file.chunks);
      if (!saved.ok) return { status: 'failed', reason: saved.reason };
      if (file.kind === 'image') images.push(saved.name);
    }
    if (images.length === 0)
      return { status: 'failed', reason: 'dcm2niix wrote no image for this series' };
    if (series.mapping) this.mapping?.add(series.mapping);
    const notes = [...series.notes];
    if (images.length > 1) notes.unshift(`one of ${images.length} NIfTI images of its series`);
    if (series.usedFiles < series.givenFiles)
      notes.push(
        `dcm2niix stacked ${series.usedFiles} of the ${series.givenFiles} files of this series`,
      );
    return { status: 'written', reason: notes.join('; '), output: images[0]! };
  }

  /** Claims a unique name for `path` and saves the output under it, or says why not. */
  private async saveOne(
    path: string,
    chunks: readonly Uint8Array[],
    input?: I,
    splice?: WrittenOutcome['splice'],
  ): Promise<{ ok: true; name: string } | { ok: false; reason: string }> {
    let name: string;
    try {
      name = this.names.claim(path);
    } catch (error) {
      return { ok: false, reason: `unusable output path: ${(error as Error).message}` };
    }
    try {
      await this.save(name, chunks, splice && input !== undefined ? { input, splice } : undefined);
    } catch (error) {
      if (error instanceof OutputNotSaved) return { ok: false, reason: error.message };
      throw error;
    }
    return { ok: true, name };
  }

  /**
   * Every failure reason passes here, so a buffer that could not be allocated is said plainly
   * whichever code it failed in. Then the second line of defence: see core/report/scrubReason.ts.
   */
  private scrub(reason: string, input: I): string {
    return scrubReason(explainOutOfMemory(reason), this.naming.secretsOf(input));
  }

  private add(
    index: number,
    input: I,
    entry: {
      readonly status: RecordedFile['status'];
      readonly reason: string;
      readonly output?: string;
      readonly actions?: ReportRow['actions'];
      readonly warnings?: number;
      readonly findings?: RecordedFile['findings'];
      readonly imageCleaned?: boolean;
    },
  ): RecordedFile {
    const { status, reason, output = '', actions = {}, warnings = 0, findings } = entry;
    const result: RecordedFile = {
      index,
      status,
      reason,
      output,
      ...(findings ? { findings } : {}),
      ...(entry.imageCleaned ? { imageCleaned: true } : {}),
    };
    // The report keeps the CLI's three statuses: a file the user left out was skipped.
    const row: ReportRow = {
      input: inputId(index),
      status: status === 'excluded' ? 'skipped' : status,
      reason,
      output,
      actions,
      warnings,
    };
    const file = {
      input: row.input,
      inputPath: this.naming.pathOf(input),
      outputPath: output,
      status: row.status,
    };
    const at = this.at.get(index);
    if (at === undefined) {
      this.at.set(index, this.results.length);
      this.results.push(result);
      this.rows.push(row);
      this.files.push(file);
    } else {
      this.results[at] = result;
      this.rows[at] = row;
      this.files[at] = file;
    }
    return result;
  }
}
