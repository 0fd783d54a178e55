/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return, at most every 100 ms of wall
 * clock (so it costs nothing measurable). Shown only when asked or when stderr is a terminal.
 */
export interface ProgressSink {
  write(text: string): unknown;
}

const WIDTH = 30; // characters of bar
const REDRAW_INTERVAL = 100; // ms

export class ProgressBar {
  readonly #sink: ProgressSink;
  readonly #total: number;
  readonly #label: string;
  #last = -Infinity;
  #done = false;

  constructor(sink: ProgressSink, total: number, label: string) {
    this.#sink = sink;
    this.#total = Math.max(1, total);
    this.#label = label;
  }

  update(done: number): void {
    const now = Date.now();
    if (now - this.#last < REDRAW_INTERVAL) return;
    this.#last = now;
    this.#draw(done);
  }

  finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#draw(this.#total);
    this.#sink.write('\n');
  }

  /** Ends the bar's line where it stands (the render stopped early), so that what follows starts a new line. */
  abandon(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#last !== -Infinity) this.#sink.write('\n');
  }

  #draw(done: number): void {
    const fraction = Math.min(1, done / this.#total);
    const filled = Math.round(fraction * WIDTH);
    const percent = `${Math.floor(fraction * 100)}`.padStart(3);
    this.#sink.write(`\r${this.#label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${percent}%`);
  }
}
