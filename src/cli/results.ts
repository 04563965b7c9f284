/**
 * Takes each input's result, in input order, and turns it into its report row: a written
 * result gets its unique name and goes to the sink; a result that cannot be written becomes a
 * failure. Also gathers the mapping tables when asked for.
 */
import type { ReportRow } from '../core/report/report';
import { inputId } from '../core/report/report';
import { MappingCollector, type FileMappingRow } from '../core/report/mapping';
import { UniqueNames } from '../core/report/outputNames';
import { scrubReason } from '../core/report/scrubReason';
import type { DeidResult } from './deidProtocol';
import { describeFsError } from './fsErrors';
import type { SeriesResult } from './niftiProtocol';
import type { OutputSink } from './outputSink';
import { REPORT_FILES } from './safety';
import type { InputEntry } from './walk';
import { burnedInNote } from '../core/deid/burnedIn';
import { leftoverNote } from '../core/report/leftoverNote';
import { pixelNote } from '../core/report/pixelNote';
import { explainOutOfMemory } from './workerMemory';

export class RunResults {
  readonly rows: ReportRow[] = [];
  readonly files: FileMappingRow[] = [];
  readonly mapping: MappingCollector | undefined;
  /** Written files that passed the leftover check only after fixes or allowed values. */
  afterLeftoverFixes = 0;
  private readonly names = new UniqueNames(REPORT_FILES);

  constructor(
    private readonly sink: OutputSink,
    private readonly inputRoot: string,
    wantMapping: boolean,
  ) {
    this.mapping = wantMapping ? new MappingCollector() : undefined;
  }

  /**
   * `note`: said in the reason column of a written row (why a NIfTI run wrote DICOM), first
   * (else the burned-in note), then what the leftover check did.
   */
  async commit(
    index: number,
    entry: InputEntry,
    result: DeidResult,
    note = '',
  ): Promise<ReportRow> {
    const input = inputId(index);
    if (result.status !== 'written') {
      return this.add(entry, {
        input,
        status: result.status,
        reason: this.scrub(result.reason, entry),
        output: '',
        actions: {},
        warnings: 0,
      });
    }
    let name: string;
    try {
      name = this.names.claim(result.outputPath);
    } catch (error) {
      return this.add(entry, failed(input, `unusable output path: ${(error as Error).message}`));
    }
    try {
      const splice = result.splice && { ...result.splice, source: entry.absPath };
      await this.sink.write(name, result.chunks, splice);
    } catch (error) {
      return this.add(entry, failed(input, `output not written: ${describeFsError(error)}`));
    }
    if (result.mapping) this.mapping?.add(result.mapping);
    const leftovers = leftoverNote(result.leftovers);
    if (leftovers) this.afterLeftoverFixes++;
    return this.add(entry, {
      input,
      status: 'written',
      reason: [note || burnedInNote(result.burnedIn ?? []), leftovers, pixelNote(result.pixels)]
        .filter((part) => part !== '')
        .join('; '),
      output: name,
      actions: result.actions,
      warnings: result.warnings,
    });
  }

  /**
   * One converted series: its files go to the sink, and every input of it gets a row. Each
   * input that went into the conversion is `written`, its output the series' (first) image; the
   * reason column says when the series made several images or when dcm2niix stacked fewer
   * files than it was given (which ones it left out, it does not say). A quarantined series
   * wrote nothing: each of its inputs is `quarantined`, with the verifier's reason.
   */
  async commitSeries(
    indices: readonly number[],
    entries: readonly InputEntry[],
    result: SeriesResult,
  ): Promise<void> {
    const unreadable = new Map(result.unreadable);
    // The same row for every input of the series (but its id), or why none was written.
    const shared = result.status === 'converted' ? await this.writeSeries(result) : result.reason;
    for (const [i, index] of indices.entries()) {
      const entry = entries[index]!;
      const own = unreadable.get(i);
      if (own !== undefined) {
        this.add(entry, failed(inputId(index), this.scrub(own, entry)));
      } else if (typeof shared !== 'string') {
        this.add(entry, { ...shared, input: inputId(index) });
      } else {
        const row = failed(inputId(index), this.scrub(shared, entry));
        this.add(entry, result.status === 'quarantined' ? { ...row, status: 'quarantined' } : row);
      }
    }
  }

  /** The row every converted input of the series gets (input id aside), or why none could be. */
  private async writeSeries(
    result: Extract<SeriesResult, { status: 'converted' }>,
  ): Promise<ReportRow | string> {
    const names: string[] = [];
    for (const file of result.files) {
      let name: string;
      try {
        name = this.names.claim(file.path);
      } catch (error) {
        return `unusable output path: ${(error as Error).message}`;
      }
      try {
        await this.sink.write(name, file.chunks);
      } catch (error) {
        return `output not written: ${describeFsError(error)}`;
      }
      names.push(name);
    }
    if (result.mapping) this.mapping?.add(result.mapping);
    const images = result.files.flatMap((file, i) => (file.kind === 'image' ? [names[i]!] : []));
    const notes = [...result.notes];
    if (images.length > 1) notes.unshift(`one of ${images.length} NIfTI images of its series`);
    if (result.usedFiles < result.givenFiles)
      notes.push(
        `dcm2niix stacked ${result.usedFiles} of the ${result.givenFiles} files of this series`,
      );
    return {
      input: '',
      status: 'written',
      reason: notes.join('; '),
      output: images[0]!,
      actions: {},
      warnings: 0,
    };
  }

  /** Rows (and file mapping rows) in input order: a NIfTI run commits a series at a time. */
  sortByInput(): void {
    this.rows.sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
    this.files.sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  }

  private add(entry: InputEntry, row: ReportRow): ReportRow {
    this.rows.push(row);
    this.files.push({
      input: row.input,
      inputPath: entry.relPath,
      outputPath: row.output,
      status: row.status,
    });
    return row;
  }

  /**
   * Every failure reason passes here, so a buffer that could not be allocated is said plainly
   * whichever code it failed in. Then the second line of defence: see core/report/scrubReason.ts.
   */
  private scrub(reason: string, entry: InputEntry): string {
    return scrubReason(explainOutOfMemory(reason), [entry.absPath, this.inputRoot, entry.relPath]);
  }
}

function failed(input: string, reason: string): ReportRow {
  return { input, status: 'failed', reason, output: '', actions: {}, warnings: 0 };
}
