/**
 * Takes each input's outcome, in input order, and records it three ways: the FileResult the
 * done screen shows, the report row (no path, no value: report.json/csv go inside the output),
 * and, when asked for, the mapping tables. Written files get their unique name here and go to
 * the saver; a saver failure stops the run (SaveFailed), since the output cannot be completed.
 */
import { MappingCollector, type FileMappingRow } from '../../core/report/mapping';
import { UniqueNames } from '../../core/report/outputNames';
import {
  inputId,
  reportCsv,
  reportJson,
  type ReportHeader,
  type ReportRow,
} from '../../core/report/report';
import { burnedInNote } from '../../core/deid/burnedIn';
import { leftoverNote } from '../../core/report/leftoverNote';
import { explainOutOfMemory } from '../../core/report/memoryReason';
import { scrubReason } from '../../core/report/scrubReason';
import type { NiftiGroupResult } from '../../worker/niftiJob';
import type { RunResult } from '../../worker/runResult';
import type { BlobSplice } from './blobSplice';
import type { OutputSaver } from './saver';
import type { FileResult, InputFile } from './types';

/** What became of one input: the worker's result, or a decision made without reading it. */
export type InputOutcome = RunResult | { readonly status: 'excluded'; readonly reason: string };

export const REPORT_FILES = ['report.json', 'report.csv'] as const;

/** The output could not be saved; the run cannot go on. */
export class SaveFailed extends Error {
  override readonly name = 'SaveFailed';
}

export class RunRecorder {
  readonly results: FileResult[] = [];
  readonly rows: ReportRow[] = [];
  readonly files: FileMappingRow[] = [];
  readonly mapping: MappingCollector | undefined;
  private readonly names: UniqueNames;
  /** Where each input's entry is in results, rows and files (the same place in all three). */
  private readonly at = new Map<number, number>();

  constructor(
    private readonly saver: OutputSaver,
    wantMapping: boolean,
    shared?: { readonly names: UniqueNames; readonly mapping: MappingCollector | undefined },
  ) {
    this.names = shared?.names ?? new UniqueNames(REPORT_FILES);
    this.mapping = shared ? shared.mapping : wantMapping ? new MappingCollector() : undefined;
  }

  /**
   * A recorder for a re-run of some of these inputs, saving to `saver`: it starts with this
   * one's entries and replaces those of the files it commits again. The names already given
   * stay taken (the files that have them are saved, even by a re-run that was cancelled) and
   * the mapping tables are shared; this recorder itself is left as it is, so that a re-run
   * that does not finish changes no entry.
   */
  fork(saver: OutputSaver): RunRecorder {
    const fork = new RunRecorder(saver, false, { names: this.names, mapping: this.mapping });
    // One by one: a run of 100,000 files is too many arguments for push(...).
    for (const result of this.results) fork.results.push(result);
    for (const row of this.rows) fork.rows.push(row);
    for (const file of this.files) fork.files.push(file);
    for (const [index, at] of this.at) fork.at.set(index, at);
    return fork;
  }

  /** `note`: said in the reason of a written file (a NIfTI run's file written as DICOM). */
  async commit(
    index: number,
    input: InputFile,
    outcome: InputOutcome,
    note = '',
  ): Promise<FileResult> {
    if (outcome.status !== 'written') {
      const reason = scrubReason(explainOutOfMemory(outcome.reason), [input.path]);
      const findings = 'findings' in outcome ? outcome.findings : undefined;
      return this.add(index, input, outcome.status, reason, '', undefined, findings);
    }
    let name: string;
    try {
      name = this.names.claim(outcome.outputPath);
    } catch (error) {
      const reason = `unusable output path: ${(error as Error).message}`;
      return this.add(index, input, 'failed', reason, '', undefined);
    }
    const splice = outcome.splice;
    if (splice && splice.sourceSize !== input.file.size) {
      const reason = 'changed size while it was read';
      return this.add(index, input, 'failed', reason, '', undefined);
    }
    // A large input's image data, which the worker left in the input (worker/largeFile.ts).
    const blobSplice: BlobSplice | undefined = splice && {
      at: splice.at,
      data: input.file.slice(splice.start, splice.end),
      ...(splice.crc32 === undefined ? {} : { crc32: splice.crc32 }),
    };
    await this.save(name, outcome.chunks, blobSplice);
    this.mapping?.add(outcome.mapping ?? { uids: [], patientIds: [] });
    const notes = [leftoverNote(outcome.leftovers), burnedInNote(outcome.burnedIn ?? [])];
    const reason = note || notes.filter((text) => text !== '').join('; ');
    return this.add(index, input, 'written', reason, name, outcome);
  }

  /**
   * One group of a NIfTI run (see niftiPlan.ts): its NIfTI files are saved once, and every
   * input of the series gets the same row (its image, notes; or quarantined, nothing saved);
   * the group's other files are committed one by one. `indices` are the group's inputs, in the order of `result.entries`.
   */
  async commitGroup(
    indices: readonly number[],
    inputs: readonly InputFile[],
    result: NiftiGroupResult,
  ): Promise<void> {
    const shared = result.series ? await this.writeSeries(result.series) : undefined;
    for (const [i, index] of indices.entries()) {
      const input = inputs[index]!;
      const entry = result.entries[i];
      if (!entry) {
        this.add(index, input, 'failed', 'internal error: no answer for this file', '', undefined);
      } else if (entry.kind === 'own') {
        await this.commit(index, input, entry.result, entry.note);
      } else if (shared && 'quarantined' in shared) {
        const reason = scrubReason(shared.quarantined, [input.path]);
        this.add(index, input, 'quarantined', reason, '', undefined);
      } else if (!shared || 'failed' in shared) {
        const reason = scrubReason(
          explainOutOfMemory(shared?.failed ?? 'internal error: no series result'),
          [input.path],
        );
        this.add(index, input, 'failed', reason, '', undefined);
      } else {
        this.add(index, input, 'written', shared.reason, shared.output, undefined);
      }
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

  /**
   * Saves a converted series' files; the row its inputs share, or why it failed or why its
   * outputs were held back (quarantined: nothing of it is saved).
   */
  private async writeSeries(
    series: NonNullable<NiftiGroupResult['series']>,
  ): Promise<{ reason: string; output: string } | { failed: string } | { quarantined: string }> {
    if (series.status === 'failed') return { failed: series.reason };
    if (series.status === 'quarantined') return { quarantined: series.reason };
    const images: string[] = [];
    for (const file of series.files) {
      let name: string;
      try {
        name = this.names.claim(file.path);
      } catch (error) {
        return { failed: `unusable output path: ${(error as Error).message}` };
      }
      await this.save(name, file.chunks);
      if (file.kind === 'image') images.push(name);
    }
    if (images.length === 0) return { failed: 'dcm2niix wrote no image for this series' };
    if (series.mapping) this.mapping?.add(series.mapping);
    const notes = [...series.notes];
    if (images.length > 1) notes.unshift(`one of ${images.length} NIfTI images of its series`);
    if (series.usedFiles < series.givenFiles)
      notes.push(
        `dcm2niix stacked ${series.usedFiles} of the ${series.givenFiles} files of this series`,
      );
    return { reason: notes.join('; '), output: images[0]! };
  }

  /** report.json and report.csv, after every file (the same as the CLI's). */
  async writeReports(header: ReportHeader): Promise<void> {
    const encoder = new TextEncoder();
    await this.save('report.json', [encoder.encode(reportJson(header, this.rows))]);
    await this.save('report.csv', [encoder.encode(reportCsv(this.rows))]);
  }

  private async save(
    name: string,
    chunks: readonly Uint8Array[],
    splice?: BlobSplice,
  ): Promise<void> {
    try {
      await this.saver.write(name, chunks, splice);
    } catch (error) {
      throw new SaveFailed(`The output could not be saved: ${describeSaveError(error)}`, {
        cause: error,
      });
    }
  }

  private add(
    index: number,
    input: InputFile,
    status: FileResult['status'],
    reason: string,
    output: string,
    written: Extract<RunResult, { status: 'written' }> | undefined,
    findings?: FileResult['findings'],
  ): FileResult {
    const result: FileResult = { index, status, reason, output, ...(findings ? { findings } : {}) };
    // The report keeps the CLI's three statuses: a file the user left out was skipped.
    const row: ReportRow = {
      input: inputId(index),
      status: status === 'excluded' ? 'skipped' : status,
      reason,
      output,
      actions: written?.actions ?? {},
      warnings: written?.warnings ?? 0,
    };
    const file = {
      input: row.input,
      inputPath: input.path,
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

/** Saving errors in words the user can act on; never a path. */
export function describeSaveError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'QuotaExceededError':
      return 'the disk is full.';
    case 'NotAllowedError':
    case 'SecurityError':
      return 'the browser no longer allows writing there.';
    case 'NotFoundError':
      return 'the file or folder was moved or deleted while it was being written.';
    case 'InvalidStateError':
      return 'the file was changed by another program while it was being written.';
    case 'NoModificationAllowedError':
      return 'the file or folder is locked by another program.';
    default:
      return error instanceof Error && error.message ? error.message : 'no reason was given.';
  }
}
