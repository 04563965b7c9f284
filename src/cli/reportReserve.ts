/**
 * Room for the report on a disk that fills up: a run that stops because its output disk is
 * full must still say, in report.json and report.csv, which inputs it did. So the run keeps a
 * file of zeros the size its reports will need in the output directory, and deletes it just
 * before writing them, stopped or not. Zeros are written, not allocated: FAT and exFAT (USB
 * disks) have no sparse files nor fallocate.
 */
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_SUFFIX, freedForTests, writeAll } from './outputSink';

/** Ends with TEMP_SUFFIX: a resumed run removes it with other temporary files. */
export const RESERVE_FILE = `dicomanon-report-space${TEMP_SUFFIX}`;
/** Report bytes per input, JSON and CSV together, with room to spare (about 600 measured). */
const BYTES_PER_INPUT = 1024;
const MAX_RESERVE = 128 * 1024 * 1024;
const BLOCK = new Uint8Array(1024 * 1024);

export class ReportReserve {
  private constructor(
    private readonly file: string,
    private readonly bytes: number,
  ) {}

  static async create(dir: string, inputs: number): Promise<ReportReserve> {
    const file = path.join(dir, RESERVE_FILE);
    const bytes = Math.min(MAX_RESERVE, 64 * 1024 + inputs * BYTES_PER_INPUT);
    let left = bytes;
    const handle = await open(file, 'w');
    try {
      while (left > 0) {
        const block = BLOCK.subarray(0, Math.min(left, BLOCK.length));
        await writeAll(handle, [block]);
        left -= block.length;
      }
    } finally {
      await handle.close();
    }
    return new ReportReserve(file, bytes);
  }

  /** Gives the room back, for the reports to take. */
  async release(): Promise<void> {
    await rm(this.file, { force: true });
    freedForTests(this.bytes);
  }
}
