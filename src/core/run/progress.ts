/**
 * A run's progress, counted the same way for the page's progress bar and the CLI's stderr
 * line: files and bytes done, throughput over the last few seconds (so that it follows a
 * change of pace, say from small files to large ones), and the time left at that pace. Pure;
 * the clock is injected for tests.
 */

export interface RunProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  readonly throughput: number;
  /** Seconds, or undefined while unknown. */
  readonly secondsLeft: number | undefined;
}

/** Throughput is measured over this much recent time. */
const WINDOW_MS = 5000;
/** No estimate before this much of the run has been seen: the first files say little. */
const MIN_ELAPSED_MS = 2000;

export class ProgressTracker {
  private filesDone = 0;
  private bytesDone = 0;
  private readonly started: number;
  /** (time, bytes done) samples, oldest first, spanning a little more than the window. */
  private readonly samples: Array<{ time: number; bytes: number }> = [];

  constructor(
    private readonly filesTotal: number,
    private readonly bytesTotal: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.samples.push({ time: this.started, bytes: 0 });
  }

  /** One more input done (whatever became of it), of this many bytes. */
  advance(bytes: number): void {
    this.filesDone++;
    this.bytesDone += bytes;
    const time = this.now();
    this.samples.push({ time, bytes: this.bytesDone });
    // Keep one sample older than the window, so the window is always fully covered.
    while (this.samples.length > 2 && this.samples[1]!.time <= time - WINDOW_MS) {
      this.samples.shift();
    }
  }

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return this.now() - this.started;
  }

  snapshot(): RunProgress {
    const time = this.now();
    const throughput = this.throughput(time);
    const remaining = Math.max(0, this.bytesTotal - this.bytesDone);
    const known = time - this.started >= MIN_ELAPSED_MS && throughput > 0;
    return {
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      throughput,
      secondsLeft: remaining === 0 ? 0 : known ? remaining / throughput : undefined,
    };
  }

  /**
   * Bytes per second since the last sample at least a window old (or since the start): over at
   * least the window, and over longer when nothing finished for a while, so a stall shows.
   */
  private throughput(time: number): number {
    let base = this.samples[0]!;
    for (const sample of this.samples) {
      if (sample.time > time - WINDOW_MS) break;
      base = sample;
    }
    const seconds = (time - base.time) / 1000;
    return seconds > 0 ? (this.bytesDone - base.bytes) / seconds : 0;
  }
}
