/**
 * Progress on stderr: one line rewritten in place on a terminal, a plain line every few seconds
 * otherwise (logs, CI). Counts and rates only: never a path or a value. The counting is the
 * page's (core/run/progress.ts); the rate shown is the run's average, which a log reads best.
 */
import { ProgressTracker } from '../core/run/progress';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 5000;

export class Progress {
  private readonly tracker: ProgressTracker;
  private lastShown: number;
  private lineShown = false;
  /** Frames Clean Pixel Data searched and blacked out text in, when it is on. */
  private framesSearched = 0;
  private framesCleaned = 0;

  constructor(
    private readonly stream: ProgressStream,
    totalFiles: number,
    totalBytes: number,
  ) {
    this.tracker = new ProgressTracker(totalFiles, totalBytes, Date.now);
    this.lastShown = Date.now();
  }

  /**
   * One more input done (written, skipped or failed), of this many bytes, and the frames Clean
   * Pixel Data searched and cleaned in it.
   */
  advance(bytes: number, frames?: { readonly searched: number; readonly cleaned: number }): void {
    this.tracker.advance(bytes);
    if (frames) {
      this.framesSearched += frames.searched;
      this.framesCleaned += frames.cleaned;
    }
    const { filesDone, filesTotal } = this.tracker.snapshot();
    const now = Date.now();
    const interval = this.stream.isTTY ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
    if (now - this.lastShown < interval && filesDone < filesTotal) return;
    this.lastShown = now;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${this.line()}`);
      this.lineShown = true;
    } else if (filesDone < filesTotal) {
      this.stream.write(`${this.line()}\n`);
    }
  }

  /** Ends the in-place line so that what follows starts on its own line. */
  done(): void {
    if (this.lineShown) this.stream.write('\n');
    this.lineShown = false;
  }

  /** Seconds since the run started. */
  elapsedSeconds(): number {
    return this.tracker.elapsedMs() / 1000;
  }

  private line(): string {
    const { filesDone, filesTotal, bytesDone, bytesTotal } = this.tracker.snapshot();
    const rate = bytesDone / Math.max(this.elapsedSeconds(), 0.001);
    const remaining = bytesTotal - bytesDone;
    const eta = rate > 0 && remaining > 0 ? ` ETA ${formatDuration(remaining / rate)}` : '';
    const frames =
      this.framesSearched > 0
        ? `, ${this.framesSearched} frames searched for text, ${this.framesCleaned} cleaned`
        : '';
    return (
      `${filesDone}/${filesTotal} files, ` +
      `${formatMegabytes(bytesDone)}/${formatMegabytes(bytesTotal)} MB, ` +
      `${formatMegabytes(rate)} MB/s${frames}${eta}`
    );
  }
}

export const formatMegabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);

export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
