// The progress line shown on a terminal while files are read. Rendering is a pure function; the Progress
// object prints only when its stream is a TTY, so nothing of it reaches a pipe or a file.

/** What the progress line shows. */
export interface ProgressState {
  readonly label: string;
  readonly rows: number;
  readonly bytes: number;
  /** Size of the file, when known. */
  readonly totalBytes?: number | undefined;
  readonly elapsedMs: number;
}

function group(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds >= 3600) {
    const h = Math.floor(seconds / 3600);
    return `${h}h${String(Math.round((seconds - h * 3600) / 60)).padStart(2, '0')}m`;
  }
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.ceil(seconds - m * 60)).padStart(2, '0')}s`;
}

/**
 * One progress line: rows read, rows per second, and when the size is known a bar, the percentage and the time
 * left (extrapolated from the bytes read so far). A width that is unknown or not positive (some terminals and
 * emulators report 0 columns) counts as 80, so the line is never cut to nothing.
 */
export function renderProgress(state: ProgressState, width = 80): string {
  if (!(width > 0)) width = 80;
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.rows / seconds : 0;
  let line = `${state.label}  ${group(state.rows)} rows  ${group(rate)} rows/s`;
  if (state.totalBytes !== undefined && state.totalBytes > 0) {
    const done = Math.min(1, state.bytes / state.totalBytes);
    const left = done > 0 ? (seconds * (1 - done)) / done : Number.POSITIVE_INFINITY;
    const barWidth = Math.max(10, Math.min(30, width - line.length - 20));
    const filled = Math.round(done * barWidth);
    line = `${state.label}  [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${Math.floor(done * 100)}%  ${group(state.rows)} rows  ${group(rate)} rows/s  ${duration(left)} left`;
  }
  return line.length > width ? line.slice(0, width) : line;
}

/** A progress line on a terminal; silent when the stream is not a TTY. */
export class Progress {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  #last = 0;
  #start = Date.now();
  #state: Omit<ProgressState, 'elapsedMs'> = { label: '', rows: 0, bytes: 0 };

  constructor(stream: NodeJS.WriteStream, enabled = stream.isTTY === true) {
    this.#stream = stream;
    this.#enabled = enabled;
  }

  /** Starts a new file. */
  start(label: string, totalBytes?: number): void {
    this.#start = Date.now();
    this.#state = { label, rows: 0, bytes: 0, totalBytes };
  }

  /** Updates the counts; redraws at most every 100 ms. */
  update(rows: number, bytes?: number): void {
    this.#state = { ...this.#state, rows, bytes: bytes ?? this.#state.bytes };
    const now = Date.now();
    if (!this.#enabled || now - this.#last < 100) return;
    this.#last = now;
    const line = renderProgress({ ...this.#state, elapsedMs: now - this.#start }, this.#stream.columns);
    this.#stream.write(`\r${line}\u001b[K`);
  }

  /** Clears the line. */
  done(): void {
    if (this.#enabled) this.#stream.write('\r\u001b[K');
  }
}
