/**
 * The message protocol between ConvolverWorkletNode (main thread) and ConvolverProcessor (audio thread).
 * Plain data only: everything here survives structured clone, and the big arrays (IR spectra) travel in a
 * transfer list, never copied. Shared by both sides so a change to one is a compile error in the other.
 */
import type { PreparedImpulse } from '../src/engine/index.js';

/** The name both sides register and construct under. */
export const PROCESSOR_NAME = 'web-convolver';

/** Layout of the telemetry SharedArrayBuffer (Float64Array indices). */
export const TELEMETRY = Object.freeze({
  MEAN_LOAD: 0, // mean process() time / block budget over the last window
  PEAK_LOAD: 1, // largest process() time / block budget over the last window
  OVER_BUDGET: 2, // blocks over budget since construction
  WINDOWS: 3, // windows written so far: changes each time the other fields are fresh
  MAX_LOAD: 4, // largest process() time / block budget since construction
  LENGTH: 5,
});

/** Options passed once, in AudioWorkletNodeOptions.processorOptions, and available in the constructor. */
export interface ConvolverProcessorOptions {
  /** Engine block size = render quantum size in frames; the processor checks it against its output. */
  blockSize: number;
  /** Equal-power crossfade length for IR changes, seconds. */
  crossfadeTime: number;
  /**
   * Initial IR, prepared on the main thread; null = silence. Applies from the very first frame. May be a head
   * (see prepareImpulseHead) whose tail follows as 'impulse-part' messages with id `impulseId`.
   */
  impulse: PreparedImpulse | null;
  /** Id of `impulse`, echoed in an 'applied' acknowledgement from the constructor when > 0. */
  impulseId: number;
  /** How the processor folds 2 input channels to 1 (see DOWNMIX); the node sets it from channelCount. */
  downmix: Downmix;
  /** Telemetry target; absent when SharedArrayBuffer is unavailable (then 'telemetry' messages are posted). */
  telemetry?: SharedArrayBuffer;
  /** Compile the engine before the first block (see warm-up.ts): the node sets it on offline contexts. */
  warmUp?: boolean;
  /**
   * Copy a new IR's spectra into its engine a piece per block instead of in the message handler, so a long IR
   * never stalls a realtime audio thread (the swap starts once it is in). The node sets it on realtime
   * contexts; offline ones keep the IR applying from the very next frame.
   */
  deferLoad?: boolean;
  /**
   * Frames the OfflineAudioContext renders (its `length`): the processor finishes (process() returns false and
   * its engines are released) after the last of them, so a completed context holds nothing. Absent on realtime
   * contexts, where a processor must never finish before dispose(): Chromium would never call it again.
   */
  renderLength?: number;
  /**
   * The browser calls a processor that returned false again when its input becomes active (the spec's
   * processor lifetime; Firefox). Then an idle realtime node that has released its engine returns false, so it
   * costs the audio thread nothing until input returns. Absent where a false is final (Chromium).
   */
  revivable?: boolean;
}

/**
 * The node widens its input to 2 channels while the IR is stereo or true stereo (so that mono input gives
 * stereo output, as ConvolverNode does); when the user asked for 1 input channel the processor folds back.
 */
export const DOWNMIX = Object.freeze({ NONE: 0, SPEAKERS: 1, DISCRETE: 2 } as const);
export type Downmix = (typeof DOWNMIX)[keyof typeof DOWNMIX];

export type ToProcessor =
  | { type: 'impulse'; id: number; impulse: PreparedImpulse | null }
  /**
   * More partitions of IR `id` (sent as a head): level `level`, partitions first…, one spectra array per
   * channel, transferred. Dropped when the processor no longer holds that IR.
   */
  | { type: 'impulse-part'; id: number; level: number; first: number; spectra: Float32Array[] }
  | { type: 'config'; crossfadeTime?: number; downmix?: Downmix }
  | { type: 'dispose' }
  /** The answer to 'release-request': release the engines process() has retired (here, not in process()). */
  | { type: 'release' };

export type FromProcessor =
  | { type: 'applied'; id: number }
  /** The processor failed; with `id`, building the engine for IR `id` failed and the previous IR plays on. */
  | { type: 'error'; message: string; id?: number }
  /** Once per processor: an engine runs the JavaScript path because WebAssembly memory could not be had. */
  | { type: 'fallback'; message: string }
  /** process() has engines to release (replaced IRs, or an idle node's): answer with 'release'. */
  | { type: 'release-request' }
  /** An idle node released its engine and input has arrived: send the IR again (the node keeps it). */
  | { type: 'resend' }
  /**
   * process() has returned false for good and the engines are released: the node closes its port, so that the
   * entangled pair (whose listener holds the node, its buffer and its context) pins nothing any more.
   */
  | { type: 'finished' }
  /**
   * A realtime processor on a `revivable` browser went idle and returns false: not called again until input
   * returns. The node then holds itself only weakly through its port listener (so a dropped node is collected).
   */
  | { type: 'asleep' }
  /** Input has returned to a sleeping processor: the node holds itself through its listener again. */
  | { type: 'awake' }
  | { type: 'telemetry'; meanLoad: number; peakLoad: number; overBudget: number };
