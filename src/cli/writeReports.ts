/** report.json and report.csv for the output, and the mapping tables for --mapping. */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileMappingCsv } from '../core/report/mapping';
import type { ReportHeader } from '../core/report/report';
import { reportCsvBytes, reportJsonBytes } from '../core/report/reportBytes';
import { UsageError } from './args';
import { codeOf } from './fsErrors';
import { TEMP_SUFFIX, writeAll, type OutputSink } from './outputSink';
import type { RunResults } from './results';

const encoder = new TextEncoder();

/** Writes the reports into every sink given (the output directory, and the zip if any). */
export async function writeReports(
  sinks: readonly OutputSink[],
  header: ReportHeader,
  results: RunResults,
): Promise<void> {
  // One report's bytes at a time: they are 0.7 KB per input (73 MB for 100,000 inputs).
  const json = reportJsonBytes(header, results.rows);
  for (const sink of sinks) await sink.write('report.json', json);
  const csv = reportCsvBytes(results.rows);
  for (const sink of sinks) await sink.write('report.csv', csv);
}

/**
 * The mapping tables re-identify the data: readable by the user only, and never written over an
 * existing file. Each is written under a temporary name and renamed, so that a run killed
 * meanwhile leaves no table cut short under its name. One already holding exactly these bytes
 * is left as it is: a resumed run finds those its interrupted run wrote (resume.ts).
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
    const bytes = encoder.encode(text);
    const target = path.join(dir, name);
    const existing = await readIfThere(target);
    if (existing?.equals(bytes)) continue;
    if (existing) {
      throw new UsageError(
        `the mapping directory has ${name}, which is not this run's: it is left as it is; ` +
          'move it away and run the same command again with --resume',
      );
    }
    const temp = `${target}${TEMP_SUFFIX}`;
    // "w": a temporary file a killed run left is written over; mode 600 from the start.
    const handle = await open(temp, 'w', 0o600);
    try {
      await writeAll(handle, [bytes]);
    } finally {
      await handle.close();
    }
    // Checked again just before: "wx" cannot be had with a rename.
    if ((await readIfThere(target)) !== undefined) {
      await unlink(temp);
      throw new UsageError(`the mapping directory has ${name} already; it is left as it is`);
    }
    await rename(temp, target);
  }
}

/** The file's bytes, or undefined when there is none; any other error is thrown. */
async function readIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}
