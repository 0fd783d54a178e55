/**
 * Main-thread half of a `buffer` assignment: checks an AudioBuffer the way the spec's ConvolverNode does (and a
 * little more) and computes its normalization (checkImpulseBuffer, synchronous: errors are thrown by the
 * setter), then partitions + transforms it into a PreparedImpulse whose spectra can be transferred to the
 * processor (here, or in a Worker: see impulse-preparer.ts). Throws before anything changes, so the node keeps
 * its previous IR.
 *
 * Allocates: main thread only (or a Worker, for the prepareImpulse part).
 */
import { normalizationScaleOf, prepareImpulse, sumOfSquares, type PreparedImpulse } from '../engine/index.js';
import { resample } from '../ir/resample.js';
import { count } from '../engine/wording.js';
import { setterPhase } from './setter-trace.js';

/** What the setter reads from an AudioBuffer; AudioBuffers of every implementation (and test doubles) fit. */
export interface AudioBufferLike {
  readonly numberOfChannels: number;
  readonly length: number;
  readonly sampleRate: number;
  getChannelData(channel: number): Float32Array;
}

export interface PrepareBufferOptions {
  /** The context's rate, Hz. */
  sampleRate: number;
  /** Apply the spec's calculateNormalizationScale. */
  normalize: boolean;
  /** Longest accepted IR, seconds (at the context's rate). */
  maxLength: number;
  /** Frames per engine block: the context's render quantum. */
  blockSize: number;
  /** Resample a buffer of another rate instead of throwing the spec's NotSupportedError. */
  resample: boolean;
}

const SUPPORTED_CHANNELS = [1, 2, 4];

/** A checked IR, ready to be partitioned and transformed (here or in a Worker). */
export interface CheckedImpulse {
  /** At the context's rate. Views of the AudioBuffer's data when no resampling was needed: never transfer them. */
  channels: Float32Array[];
  /** Normalization gain (1 when off). */
  scale: number;
  blockSize: number;
  /**
   * The buffer's channel data was detached (transferred away): the spec's "acquire the content" fails, and the
   * convolver outputs silence. `channels` is then empty.
   */
  detached?: true;
}

/**
 * The synchronous part of a `buffer` assignment: every check (the spec's NotSupportedErrors, finite samples,
 * maxLength), the spec's normalization scale, and resampling. Throws before anything changes.
 */
export function checkImpulseBuffer(buffer: AudioBufferLike, options: PrepareBufferOptions): CheckedImpulse {
  if (buffer === null || typeof buffer !== 'object' || typeof buffer.getChannelData !== 'function') {
    throw new TypeError(`buffer is ${describe(buffer)}; expected an AudioBuffer or null`);
  }
  const channelCount = buffer.numberOfChannels;
  if (!SUPPORTED_CHANNELS.includes(channelCount)) {
    throw notSupported(`buffer has ${count(channelCount, 'channel')}; expected 1, 2 or 4`);
  }
  if (buffer.length === 0) throw new RangeError('buffer has 0 frames; expected ≥ 1');
  const rateMatches = buffer.sampleRate === options.sampleRate;
  if (!rateMatches && !options.resample) {
    throw notSupported(
      `buffer sample rate is ${buffer.sampleRate} Hz; expected the context's ${options.sampleRate} Hz ` +
        '(or the option resample: true)',
    );
  }
  const maxFrames = Math.round(options.maxLength * options.sampleRate);
  const lengthAtContextRate = Math.ceil((buffer.length * options.sampleRate) / buffer.sampleRate);
  if (lengthAtContextRate > maxFrames) {
    throw new RangeError(
      `buffer is ${(buffer.length / buffer.sampleRate).toFixed(3)} s long; expected at most maxLength = ${options.maxLength} s`,
    );
  }
  let channels: Float32Array[] = [];
  for (let c = 0; c < channelCount; c++) channels.push(buffer.getChannelData(c));
  // A transferred-away ArrayBuffer leaves a 0-length view behind: the spec's "acquire the content" fails.
  if (channels.some((data) => data.length !== buffer.length)) return { channels: [], scale: 1, blockSize: options.blockSize, detached: true };
  setterPhase('read');
  // One pass for both the finite check and the normalization (the setter's only work that grows with the IR):
  // a non-finite sample makes the sum non-finite, and only then are the samples scanned for the culprit.
  const power = sumOfSquares(channels, buffer.length);
  if (!Number.isFinite(power)) checkFinite(channels);
  setterPhase('sum');
  // The spec computes the scale on the buffer as given, before any resampling: keep that.
  const scale = options.normalize ? normalizationScaleOf(power, channelCount, buffer.length, buffer.sampleRate) : 1;
  if (!rateMatches) channels = resample(channels, buffer.sampleRate, options.sampleRate);
  return { channels, scale, blockSize: options.blockSize };
}

/** Checks and prepares on the calling thread. */
export function prepareImpulseBuffer(buffer: AudioBufferLike, options: PrepareBufferOptions): PreparedImpulse {
  const checked = checkImpulseBuffer(buffer, options);
  if (checked.detached) throw new TypeError("buffer's channel data is detached (transferred away); expected its samples");
  return prepareImpulse(checked.channels, { blockSize: checked.blockSize, scale: checked.scale });
}

/** Spec errors are DOMExceptions named NotSupportedError, so `instanceof DOMException` and `.name` both work. */
export function notSupported(message: string): DOMException {
  return new DOMException(message, 'NotSupportedError');
}

function checkFinite(channels: Float32Array[]): void {
  for (let c = 0; c < channels.length; c++) {
    const data = channels[c];
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      // v - v is NaN for NaN and ±Infinity, 0 for every finite value.
      if (v - v !== 0) throw new RangeError(`buffer channel ${c} has ${v} at frame ${i}; expected finite samples`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object without getChannelData (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}
