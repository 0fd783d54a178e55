/**
 * The public shape of ConvolverWorkletNode: its options (ConvolverNode's, plus ours), their defaults, the
 * instance interface and the load telemetry. The class itself is in convolver-worklet-node.ts.
 */
import type { AudioBufferLike } from './prepare-impulse-buffer.js';

export interface ConvolverWorkletNodeOptions {
  buffer?: AudioBuffer | AudioBufferLike | null;
  disableNormalization?: boolean;
  channelCount?: number;
  channelCountMode?: ChannelCountMode;
  channelInterpretation?: ChannelInterpretation;
  /** Initial `wet` gain. Default 1. */
  wet?: number;
  /** Initial `dry` gain. Default 0 (ConvolverNode's behaviour). */
  dry?: number;
  /** Equal-power crossfade between the old and the new IR, seconds. Default 0.05. */
  crossfadeTime?: number;
  /** Longest accepted IR, seconds. Default 60. */
  maxLength?: number;
  /** Resample buffers of another rate instead of the spec's NotSupportedError. Default false. */
  resample?: boolean;
}

export const DEFAULT_OPTIONS = Object.freeze({
  buffer: null,
  disableNormalization: false,
  channelCount: 2,
  channelCountMode: 'clamped-max' as ChannelCountMode,
  channelInterpretation: 'speakers' as ChannelInterpretation,
  wet: 1,
  dry: 0,
  crossfadeTime: 0.05,
  maxLength: 60,
  resample: false,
});

/**
 * The processor's load. On realtime contexts every block is timed; on an OfflineAudioContext (no deadline to
 * miss) one block in 3, and the figures are those of the timed blocks: the mean is still the mean over the
 * window, the peak and the over-budget count those of a third of the blocks.
 */
export interface ConvolverTelemetry {
  /** Mean process() time over the last ≤100 ms window, as a fraction of the block's real-time budget. */
  meanLoad: number;
  /** Slowest (timed) block of that window, same unit. */
  peakLoad: number;
  /** (Timed) blocks over budget since the node was created. */
  overBudget: number;
  /** Slowest window peak since the node was created. */
  maxLoad: number;
}

export interface ConvolverWorkletNode extends AudioWorkletNode {
  /**
   * The IR, as ConvolverNode's: an AudioBuffer (an AudioBuffer-like that was set is read back as an AudioBuffer
   * of the context's, made once when first read), so `native.buffer = reverb.buffer` type-checks and runs.
   */
  get buffer(): AudioBuffer | null;
  /** Any AudioBuffer-like (loadImpulse's result, another implementation's AudioBuffer) or null. */
  set buffer(value: AudioBuffer | AudioBufferLike | null);
  normalize: boolean;
  readonly wet: AudioParam;
  readonly dry: AudioParam;
  crossfadeTime: number;
  readonly maxLength: number;
  resample: boolean;
  /** Latest load figures, or null before the first 100 ms window. */
  readonly telemetry: ConvolverTelemetry | null;
  /**
   * true once the processor had to run the JavaScript engine because WebAssembly memory could not be had (the
   * page's address space is exhausted): same sound, slower. Also reported once by a 'convolverfallback' event
   * and a console warning.
   */
  readonly fallback: boolean;
  /**
   * Called with the processor's error text, before the 'convolvererror' event (whose `message` is the same):
   * the processor has gone silent, or (building the engine for a new IR failed) the previous IR plays on and
   * applied() rejects.
   */
  onconvolvererror: ((message: string) => void) | null;
  /**
   * Resolves once every buffer set so far has reached the processor; rejects with the processor's error when it
   * could not build an engine for the latest one.
   */
  applied(): Promise<void>;
  /**
   * Frees the node at once: the processor stops once its tail has rung out, releases its engine, and the node
   * disconnects. Without it, a node on an OfflineAudioContext is freed after the rendering's last frame, and an
   * unconnected node on a realtime context releases its engine after a second of idling (see docs/web.md). Setting `buffer`
   * afterwards throws.
   */
  dispose(): void;
}

export type ConvolverWorkletNodeConstructor = new (
  context: BaseAudioContext,
  options?: ConvolverWorkletNodeOptions,
) => ConvolverWorkletNode;

export type AudioWorkletNodeConstructor = new (
  context: BaseAudioContext,
  name: string,
  options?: AudioWorkletNodeOptions,
) => AudioWorkletNode;
