/**
 * The re-identification tables: every original identifier and what replaced it, gathered over
 * a whole run, deduplicated and sorted so that the same input gives the same file. They are
 * written only on request and never beside the de-identified output (that is the caller's job).
 */
import type { IdentifierMapping } from '../deid/api';
import { toCsv } from './csv';
import type { FileStatus } from './report';

export const MAPPING_CSV_HEADER = ['id_old', 'id_new'];

class PairSet {
  private readonly pairs = new Map<string, Set<string>>();

  add(old: string, replacement: string): void {
    let set = this.pairs.get(old);
    if (!set) this.pairs.set(old, (set = new Set()));
    set.add(replacement);
  }

  /** Sorted by original then replacement, by code unit (the same order on every machine). */
  sorted(): Array<[string, string]> {
    const rows: Array<[string, string]> = [];
    for (const old of [...this.pairs.keys()].sort(byCodeUnit)) {
      for (const replacement of [...this.pairs.get(old)!].sort(byCodeUnit)) {
        rows.push([old, replacement]);
      }
    }
    return rows;
  }
}

export class MappingCollector {
  private readonly uids = new PairSet();
  private readonly patientIds = new PairSet();

  add(mapping: IdentifierMapping): void {
    for (const [old, replacement] of mapping.uids) this.uids.add(old, replacement);
    for (const [old, replacement] of mapping.patientIds) this.patientIds.add(old, replacement);
  }

  uidCsv(): string {
    return toCsv(MAPPING_CSV_HEADER, this.uids.sorted());
  }

  patientIdCsv(): string {
    return toCsv(MAPPING_CSV_HEADER, this.patientIds.sorted());
  }
}

export interface FileMappingRow {
  readonly input: string;
  /** The input's path relative to the input folder, with "/" separators. */
  readonly inputPath: string;
  readonly outputPath: string;
  readonly status: FileStatus;
}

export const FILE_MAPPING_CSV_HEADER = ['input', 'input_path', 'output_path', 'status'];

/** Links each pseudonymous input id back to its file, so failed inputs can be found. */
export function fileMappingCsv(rows: Iterable<FileMappingRow>): string {
  return toCsv(
    FILE_MAPPING_CSV_HEADER,
    (function* () {
      for (const row of rows) yield [row.input, row.inputPath, row.outputPath, row.status];
    })(),
  );
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
