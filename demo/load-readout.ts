/**
 * The worst-block and over-budget figures of the load panel, counted from the end of a warm-up. The first blocks
 * after Start and after each IR change are cold (the JIT has not compiled the engine yet, fresh memory is touched),
 * and one of them routinely exceeds the budget: the node's own counters include it, so a page that just started
 * would show "1 block over budget" in red for a glitch no one heard. This keeps a baseline of the counters at the
 * end of the warm-up and the worst window peak after it. Allocates: main thread only.
 */
import type { ConvolverTelemetry } from '../src/web/index.js';

const WARM_UP = 1; // s of audio after Start or an IR change before blocks count

export interface LoadFigures {
  /** Null while warming up. */
  worst: number | null;
  /** Blocks over budget since the warm-up ended; null while warming up. */
  over: number | null;
}

export class LoadReadout {
  #warmUntil: number; // s, context time
  #impulse: unknown = undefined; // the IR the current count belongs to
  #baseline = 0; // the node's overBudget counter when the warm-up ended
  #worst = 0; // fraction of the budget

  constructor(now: number) {
    this.#warmUntil = now + WARM_UP;
  }

  /** Call on every telemetry read with the context's time and the node's current `buffer`. */
  update(telemetry: ConvolverTelemetry, now: number, impulse: unknown): LoadFigures {
    if (impulse !== this.#impulse) {
      this.#impulse = impulse;
      this.#warmUntil = Math.max(this.#warmUntil, now + WARM_UP);
    }
    if (now < this.#warmUntil) {
      this.#baseline = telemetry.overBudget;
      this.#worst = 0;
      return { worst: null, over: null };
    }
    this.#worst = Math.max(this.#worst, telemetry.peakLoad);
    return { worst: this.#worst, over: Math.max(0, telemetry.overBudget - this.#baseline) };
  }
}
