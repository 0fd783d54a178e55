/**
 * What the processor must know to let go of what it holds: when an offline rendering ends, when a realtime
 * node has been idle long enough to release its engine, and which engines process() has stopped using.
 *
 * Why: Chromium keeps an AudioWorkletNode and its processor alive until process() returns false — even after
 * its OfflineAudioContext has completed — and never calls it again afterwards. A node that never finishes pins
 * its engine (WebAssembly memory) and its per-block cost for the life of the page. So: offline, finish after
 * the last frame; realtime (where finishing would silence the node for good), idle cheaply and release the
 * engine after IDLE_RELEASE seconds without input connections. Where the browser calls a processor that returned
 * false again once its input is active (the spec's lifetime; Firefox: `revivable`), the idle node then also
 * returns false — it sleeps at no cost until input returns — instead of idling at an empty processor's cost.
 *
 * Releasing allocates (the scope memory's free list), so engines retired in process() wait here until the
 * main thread answers a 'release-request' with 'release', and are released in the message handler.
 * Allocates: constructor and releaseRetired(); the per-block methods are real-time safe.
 */
import type { PartitionedConvolver } from '../src/engine/index.js';

/** Seconds without input connections (tail decayed) after which a realtime node releases its engine. */
export const IDLE_RELEASE = 1; // s
/** Engines waiting for release; more (swaps faster than a message round trip) are left to the collector. */
const RETIRE_CAPACITY = 8;

export class ProcessorLifecycle {
  /** true on realtime contexts (no render length): never finish before dispose(). */
  readonly realtime: boolean;
  /** Realtime on a browser that revives a processor that returned false (Firefox): idle nodes may sleep. */
  readonly canSleep: boolean;
  /** Frames: a block starting here or later is an offline rendering's last; Infinity on realtime contexts. */
  readonly lastStart: number;
  private readonly blockSize: number; // frames
  private readonly idleLimit: number; // frames
  private readonly retired: (PartitionedConvolver | null)[] = new Array<PartitionedConvolver | null>(RETIRE_CAPACITY).fill(null);
  private retiredCount = 0;
  private requested = false; // a 'release-request' is on its way
  private idleFrames = 0; // frames since the input last had connections or the tail last rang

  constructor(blockSize: number, sampleRate: number, renderLength: number | undefined, revivable = false) {
    this.blockSize = blockSize;
    const frames = renderLength !== undefined && renderLength > 0 ? renderLength : Infinity;
    this.realtime = frames === Infinity;
    this.lastStart = frames - blockSize;
    this.canSleep = this.realtime && revivable;
    this.idleLimit = Math.ceil((IDLE_RELEASE * sampleRate) / blockSize) * blockSize;
  }

  /**
   * Whether the block starting at `frame` (the scope's currentFrame; −1 when unknown) is the last one of an
   * offline rendering. Real-time safe.
   */
  lastBlock(frame: number): boolean {
    return frame >= 0 && frame >= this.lastStart;
  }

  /**
   * Counts one idle block (no input connections, nothing ringing); true once the node has been idle for
   * IDLE_RELEASE on a realtime context, each block from then on. Real-time safe.
   */
  idleBlock(): boolean {
    this.idleFrames += this.blockSize;
    return this.realtime && this.idleFrames >= this.idleLimit;
  }

  /** Input is connected or the output rings: the idle time starts again. Real-time safe. */
  active(): void {
    this.idleFrames = 0;
  }

  /**
   * Takes an engine process() no longer uses; true when the caller should post a 'release-request' (the first
   * since the last release). Real-time safe.
   */
  retire(engine: PartitionedConvolver): boolean {
    if (this.retiredCount < RETIRE_CAPACITY) this.retired[this.retiredCount++] = engine;
    if (this.requested) return false;
    this.requested = true;
    return true;
  }

  /** Releases every retired engine. Allocates: message handler, or the very last process() call. */
  releaseRetired(): void {
    for (let i = 0; i < this.retiredCount; i++) {
      this.retired[i]?.release();
      this.retired[i] = null;
    }
    this.retiredCount = 0;
    this.requested = false;
  }
}
