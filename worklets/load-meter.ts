import { TELEMETRY } from './protocol.js';

/**
 * Measures process() time against the block's real-time budget and publishes mean, peak and over-budget count
 * at most every 100 ms of audio. With a SharedArrayBuffer it writes in place (no allocation on the audio thread);
 * without one it posts a 3-number message every window, the one allocation the processor makes, at ≤ 10 Hz.
 * Real-time safe apart from that fallback message.
 */
export class LoadMeter {
  private readonly shared: Float64Array | null;
  private readonly post: (meanLoad: number, peakLoad: number, overBudget: number) => void;
  private readonly budgetMs: number; // ms of audio per block
  private readonly windowBlocks: number; // blocks per publication window
  private sum = 0; // ms, this window
  private peak = 0; // ms, this window
  private blocks = 0;
  private overBudget = 0;
  private windows = 0;
  private maxLoad = 0; // all-time peak, fraction of the budget

  constructor(
    blockSize: number,
    sampleRate: number,
    shared: SharedArrayBuffer | undefined,
    post: (meanLoad: number, peakLoad: number, overBudget: number) => void,
  ) {
    const WINDOW_SECONDS = 0.1; // the "at most every 100 ms"
    this.budgetMs = (1000 * blockSize) / sampleRate;
    this.windowBlocks = Math.max(1, Math.ceil((WINDOW_SECONDS * sampleRate) / blockSize));
    this.shared = shared !== undefined ? new Float64Array(shared, 0, TELEMETRY.LENGTH) : null;
    this.post = post;
  }

  /** Records one block that took `elapsedMs`. Real-time safe (see class doc for the no-SAB fallback). */
  record(elapsedMs: number): void {
    this.sum += elapsedMs;
    if (elapsedMs > this.peak) this.peak = elapsedMs;
    if (elapsedMs > this.budgetMs) this.overBudget++;
    if (++this.blocks < this.windowBlocks) return;
    const meanLoad = this.sum / this.blocks / this.budgetMs;
    const peakLoad = this.peak / this.budgetMs;
    this.windows++;
    if (peakLoad > this.maxLoad) this.maxLoad = peakLoad;
    if (this.shared !== null) {
      this.shared[TELEMETRY.MAX_LOAD] = this.maxLoad;
      this.shared[TELEMETRY.MEAN_LOAD] = meanLoad;
      this.shared[TELEMETRY.PEAK_LOAD] = peakLoad;
      this.shared[TELEMETRY.OVER_BUDGET] = this.overBudget;
      this.shared[TELEMETRY.WINDOWS] = this.windows;
    } else {
      this.post(meanLoad, peakLoad, this.overBudget);
    }
    this.sum = 0;
    this.peak = 0;
    this.blocks = 0;
  }
}
