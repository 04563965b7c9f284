/**
 * Takes each input's outcome, in input order, and records it three ways: the FileResult the
 * done screen shows, the report row (no path, no value: report.json/csv go inside the output),
 * and, when asked for, the mapping tables. Written files get their unique name here and go to
 * the saver; a saver failure stops the run (SaveFailed), since the output cannot be completed.
 */
import type { DeidResult } from '../../core/deid/workerResult';
import { MappingCollector, type FileMappingRow } from '../../core/report/mapping';
import { UniqueNames } from '../../core/report/outputNames';
import {
  inputId,
  reportCsv,
  reportJson,
  type ReportHeader,
  type ReportRow,
} from '../../core/report/report';
import { scrubReason } from '../../core/report/scrubReason';
import type { OutputSaver } from './saver';
import type { FileResult, InputFile } from './types';

/** What became of one input: the worker's result, or a decision made without reading it. */
export type InputOutcome = DeidResult | { readonly status: 'excluded'; readonly reason: string };

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
  private readonly names = new UniqueNames(REPORT_FILES);

  constructor(
    private readonly saver: OutputSaver,
    wantMapping: boolean,
  ) {
    this.mapping = wantMapping ? new MappingCollector() : undefined;
  }

  async commit(index: number, input: InputFile, outcome: InputOutcome): Promise<FileResult> {
    if (outcome.status !== 'written') {
      const reason = scrubReason(outcome.reason, [input.path]);
      return this.add(index, input, outcome.status, reason, '', undefined);
    }
    let name: string;
    try {
      name = this.names.claim(outcome.outputPath);
    } catch (error) {
      const reason = `unusable output path: ${(error as Error).message}`;
      return this.add(index, input, 'failed', reason, '', undefined);
    }
    await this.save(name, outcome.chunks);
    this.mapping?.add(outcome.mapping ?? { uids: [], patientIds: [] });
    return this.add(index, input, 'written', '', name, outcome);
  }

  /** report.json and report.csv, after every file (the same as the CLI's). */
  async writeReports(header: ReportHeader): Promise<void> {
    const encoder = new TextEncoder();
    await this.save('report.json', [encoder.encode(reportJson(header, this.rows))]);
    await this.save('report.csv', [encoder.encode(reportCsv(this.rows))]);
  }

  private async save(name: string, chunks: readonly Uint8Array[]): Promise<void> {
    try {
      await this.saver.write(name, chunks);
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
    written: Extract<DeidResult, { status: 'written' }> | undefined,
  ): FileResult {
    const result: FileResult = { index, status, reason, output };
    this.results.push(result);
    // The report keeps the CLI's three statuses: a file the user left out was skipped.
    const row: ReportRow = {
      input: inputId(index),
      status: status === 'excluded' ? 'skipped' : status,
      reason,
      output,
      actions: written?.actions ?? {},
      warnings: written?.warnings ?? 0,
    };
    this.rows.push(row);
    this.files.push({
      input: row.input,
      inputPath: input.path,
      outputPath: output,
      status: row.status,
    });
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
