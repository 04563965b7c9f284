/** report.json and report.csv for the output, and the mapping tables for --mapping. */
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { fileMappingCsv } from '../core/report/mapping';
import { reportCsv, reportJson, type ReportHeader } from '../core/report/report';
import { writeAll, type OutputSink } from './outputSink';
import type { RunResults } from './results';

const encoder = new TextEncoder();

/** Writes the reports into every sink given (the output directory, and the zip if any). */
export async function writeReports(
  sinks: readonly OutputSink[],
  header: ReportHeader,
  results: RunResults,
): Promise<void> {
  const json = encoder.encode(reportJson(header, results.rows));
  const csv = encoder.encode(reportCsv(results.rows));
  for (const sink of sinks) {
    await sink.write('report.json', [json]);
    await sink.write('report.csv', [csv]);
  }
}

/**
 * The mapping tables re-identify the data: readable by the user only, and never written over an
 * existing file (the safety checks refused that already; "wx" makes sure).
 */
export async function writeMappingFiles(dir: string, results: RunResults): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files: Array<[string, string]> = [['file_mapping.csv', fileMappingCsv(results.files)]];
  if (results.mapping) {
    files.unshift(
      ['uid_mapping.csv', results.mapping.uidCsv()],
      ['patid_mapping.csv', results.mapping.patientIdCsv()],
    );
  }
  for (const [name, text] of files) {
    const handle = await open(path.join(dir, name), 'wx', 0o600);
    try {
      await writeAll(handle, [encoder.encode(text)]);
    } finally {
      await handle.close();
    }
  }
}
