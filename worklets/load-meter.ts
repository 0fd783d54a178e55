import { TELEMETRY } from './protocol.js';

/**
 * Blocks per timed block on offline contexts. A clock read costs 60–85 ns in Chromium's worklet (its clock is
 * Date.now(); bench/per-block-probe.ts, clock20), two a block ≈ 5 % of what our processor adds above a bare
 * worklet on a 512-tap IR; an offline rendering has no deadline to miss, so a sample of its blocks says as much.
 * Odd, so the sample never locks onto the engine's level cycles (powers of two of blocks): over 3 cycles it
 * meets every phase of a cycle once, and the sampled mean favours none.
 */
export const OFFLINE_STRIDE = 3;

/**
 * Measures process() time against the block's real-time budget and publishes mean, peak and over-budget count
 * at most every 100 ms of audio. It times every `stride`-th block (1 on realtime contexts: every block, so every
 * block over budget is counted; OFFLINE_STRIDE on offline ones): mean, peak and over-budget count are then those
 * of the timed blocks. With a SharedArrayBuffer it writes in place (no allocation on the audio thread); without
 * one it posts a 3-number message every window, the one allocation the processor makes, at ≤ 10 Hz.
 * Real-time safe apart from that fallback message.
 */
export class LoadMeter {
  private readonly shared: Float64Array | null;
  // where a muted meter publishes instead: of the shared one's kind, read by no one, so the rehearsal runs the very
  // code the real blocks run (code that never ran has no type feedback: V8 threw process() away at the first window)
  private readonly mutedShared: Float64Array | null;
  private readonly post: (meanLoad: number, peakLoad: number, overBudget: number) => void;
  private readonly budgetMs: number; // ms of audio per block
  private readonly windowBlocks: number; // blocks per publication window
  private readonly stride: number; // blocks per timed block
  private untimed = 0; // blocks to pass before the next timed one
  private sum = 0; // ms, timed blocks of this window
  private peak = 0; // ms, this window
  private blocks = 0; // this window's, timed or not
  private samples = 0; // this window's timed blocks
  private overBudget = 0;
  private windows = 0;
  private maxLoad = 0; // all-time peak, fraction of the budget
  // where count() publishes, set by mute() (the processor's rehearsal): no branch on muting there, whose untaken
  // side would have no feedback
  private target: Float64Array | null;
  private poster: (meanLoad: number, peakLoad: number, overBudget: number) => void;

  constructor(
    blockSize: number,
    sampleRate: number,
    shared: SharedArrayBuffer | undefined,
    post: (meanLoad: number, peakLoad: number, overBudget: number) => void,
    stride = 1,
  ) {
    const WINDOW_SECONDS = 0.1; // the "at most every 100 ms"
    if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`load meter stride is ${stride}; expected a whole number ≥ 1`);
    this.budgetMs = (1000 * blockSize) / sampleRate;
    this.windowBlocks = Math.max(1, Math.ceil((WINDOW_SECONDS * sampleRate) / blockSize));
    this.stride = stride;
    this.shared = shared !== undefined ? new Float64Array(shared, 0, TELEMETRY.LENGTH) : null;
    this.mutedShared = shared !== undefined ? new Float64Array(new SharedArrayBuffer(TELEMETRY.LENGTH * 8)) : null;
    this.target = this.shared;
    this.poster = post;
    this.post = post;
  }

  /**
   * Counts a block; true when the caller is to time it and hand the time to record() (every stride-th block).
   * Real-time safe (see class doc for the no-SAB fallback).
   */
  timed(): boolean {
    if (this.untimed === 0) {
      this.untimed = this.stride - 1;
      return true;
    }
    this.untimed--;
    this.count();
    return false;
  }

  /** Records a timed block that took `elapsedMs`. Real-time safe (see class doc for the no-SAB fallback). */
  record(elapsedMs: number): void {
    this.sum += elapsedMs;
    this.samples++;
    if (elapsedMs > this.peak) this.peak = elapsedMs;
    if (elapsedMs > this.budgetMs) this.overBudget++;
    this.count();
  }

  /**
   * While muted (the processor's rehearsal, warm-up.ts) the meter runs as usual but publishes nowhere anyone
   * reads; unmuted, it starts afresh, as if it had never counted. One meter throughout, not a silent one replaced
   * after the rehearsal: code optimized during the rehearsal depends on the processor's field holding this one.
   * Real-time safe.
   */
  mute(muted: boolean): void {
    if (!muted) {
      // only what the rehearsal changed: a first write to a field after V8 optimized on its never having
      // changed throws that code away ("dependent field type constness changed")
      if (this.untimed !== 0) this.untimed = 0;
      if (this.sum !== 0) this.sum = 0;
      if (this.peak !== 0) this.peak = 0;
      if (this.blocks !== 0) this.blocks = 0;
      if (this.samples !== 0) this.samples = 0;
      if (this.overBudget !== 0) this.overBudget = 0;
      if (this.windows !== 0) this.windows = 0;
      if (this.maxLoad !== 0) this.maxLoad = 0;
    }
    this.target = muted ? this.mutedShared : this.shared;
    this.poster = muted ? postNothing : this.post;
  }

  /** One more block of the window; publishes at its end. */
  private count(): void {
    if (++this.blocks < this.windowBlocks) return;
    const meanLoad = this.samples > 0 ? this.sum / this.samples / this.budgetMs : 0;
    const peakLoad = this.peak / this.budgetMs;
    this.windows++;
    if (peakLoad > this.maxLoad) this.maxLoad = peakLoad;
    const shared = this.target;
    if (shared !== null) {
      shared[TELEMETRY.MAX_LOAD] = this.maxLoad;
      shared[TELEMETRY.MEAN_LOAD] = meanLoad;
      shared[TELEMETRY.PEAK_LOAD] = peakLoad;
      shared[TELEMETRY.OVER_BUDGET] = this.overBudget;
      shared[TELEMETRY.WINDOWS] = this.windows;
    } else {
      this.poster(meanLoad, peakLoad, this.overBudget);
    }
    this.sum = 0;
    this.peak = 0;
    this.blocks = 0;
    this.samples = 0;
  }
}

/** A muted meter's publication without shared memory. */
function postNothing(): void {}
