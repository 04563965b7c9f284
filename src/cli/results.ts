/**
 * Takes each input's result, in input order, and turns it into its report row: a written
 * result gets its unique name and goes to the sink; a result that cannot be written becomes a
 * failure. Also gathers the mapping tables when asked for.
 */
import type { ReportRow } from '../core/report/report';
import { inputId } from '../core/report/report';
import { MappingCollector, type FileMappingRow } from '../core/report/mapping';
import { UniqueNames } from '../core/report/outputNames';
import type { DeidResult } from './deidProtocol';
import { describeFsError } from './fsErrors';
import type { OutputSink } from './outputSink';
import { REPORT_FILES } from './safety';
import type { InputEntry } from './walk';

const MAX_REASON_LENGTH = 300;

export class RunResults {
  readonly rows: ReportRow[] = [];
  readonly files: FileMappingRow[] = [];
  readonly mapping: MappingCollector | undefined;
  private readonly names = new UniqueNames(REPORT_FILES);

  constructor(
    private readonly sink: OutputSink,
    private readonly inputRoot: string,
    wantMapping: boolean,
  ) {
    this.mapping = wantMapping ? new MappingCollector() : undefined;
  }

  async commit(index: number, entry: InputEntry, result: DeidResult): Promise<ReportRow> {
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
      await this.sink.write(name, result.chunks);
    } catch (error) {
      return this.add(entry, failed(input, `output not written: ${describeFsError(error)}`));
    }
    if (result.mapping) this.mapping?.add(result.mapping);
    return this.add(entry, {
      input,
      status: 'written',
      reason: '',
      output: name,
      actions: result.actions,
      warnings: result.warnings,
    });
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
   * Reasons come from code that does not quote paths or values; this is the second line of
   * defence for the report and stderr: the input's path and every folder and file name in it are
   * cut out (longest first), and the reason is kept to one short line. A folder name of plain
   * lower-case letters is left alone: a folder called "data" would otherwise turn "data set"
   * into nonsense, while names that identify (capitals, digits, spaces, separators) are cut.
   */
  private scrub(reason: string, entry: InputEntry): string {
    let text = reason.replace(/\s+/g, ' ').trim();
    const segments = [...entry.relPath.split('/'), ...this.inputRoot.split('/')];
    const fragments = [
      entry.absPath,
      this.inputRoot,
      entry.relPath,
      ...segments.filter((s) => !/^[a-z]+$/.test(s)),
    ];
    for (const fragment of fragments.sort((a, b) => b.length - a.length)) {
      if (fragment.length >= 4) text = text.split(fragment).join('<input>');
    }
    return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
  }
}

function failed(input: string, reason: string): ReportRow {
  return { input, status: 'failed', reason, output: '', actions: {}, warnings: 0 };
}
