/**
 * Progress on stderr: one line rewritten in place on a terminal, a plain line every few seconds
 * otherwise (logs, CI). Counts and rates only: never a path or a value.
 */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 5000;

export class Progress {
  private readonly started = Date.now();
  private lastShown = this.started;
  private files = 0;
  private bytes = 0;
  private lineShown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totalFiles: number,
    private readonly totalBytes: number,
  ) {}

  /** One more input done (written, skipped or failed), of this many bytes. */
  advance(bytes: number): void {
    this.files++;
    this.bytes += bytes;
    const now = Date.now();
    const interval = this.stream.isTTY ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
    if (now - this.lastShown < interval && this.files < this.totalFiles) return;
    this.lastShown = now;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${this.line(now)}`);
      this.lineShown = true;
    } else if (this.files < this.totalFiles) {
      this.stream.write(`${this.line(now)}\n`);
    }
  }

  /** Ends the in-place line so that what follows starts on its own line. */
  done(): void {
    if (this.lineShown) this.stream.write('\n');
    this.lineShown = false;
  }

  /** Seconds since the run started. */
  elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  private line(now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.bytes / seconds;
    const remaining = this.totalBytes - this.bytes;
    const eta = rate > 0 && remaining > 0 ? ` ETA ${formatDuration(remaining / rate)}` : '';
    return (
      `${this.files}/${this.totalFiles} files, ` +
      `${formatMegabytes(this.bytes)}/${formatMegabytes(this.totalBytes)} MB, ` +
      `${formatMegabytes(rate)} MB/s${eta}`
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
