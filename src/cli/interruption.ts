/**
 * Ctrl-C and `kill` during a long render: instead of Node's default (exit at once, leaving a partial file),
 * SIGINT and SIGTERM are recorded and the render stops at its next chunk boundary, removes its temporary
 * output and exits with the shell's code for the signal (128 + its number: 130 for SIGINT, 143 for SIGTERM).
 * Node only.
 */
import { CliError } from './cli-args.js';

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const; // POSIX signal numbers
type Handled = keyof typeof SIGNALS;
const SIGNAL_EXIT_BASE = 128; // shells report death by signal n as exit code 128 + n

export class Interruption {
  #received: Handled | undefined;
  readonly #handlers = new Map<Handled, () => void>();

  /** Starts listening: Node's default exit on these signals is replaced until dispose(). Allocates. */
  constructor() {
    for (const name of Object.keys(SIGNALS) as Handled[]) {
      const handler = () => { this.#received ??= name; };
      this.#handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  /** The first signal received, if any. */
  get received(): Handled | undefined {
    return this.#received;
  }

  /** Throws a CliError with exit code 128 + the signal's number when a signal has arrived. */
  check(what: string): void {
    if (this.#received === undefined) return;
    throw new CliError(`interrupted by ${this.#received}; ${what}`, SIGNAL_EXIT_BASE + SIGNALS[this.#received]);
  }

  /** Gives the signals back to Node's defaults (or to other listeners). */
  dispose(): void {
    for (const [name, handler] of this.#handlers) process.off(name, handler);
    this.#handlers.clear();
  }
}
