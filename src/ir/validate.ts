/**
 * Validation of decoded impulse channels before anything else touches them: the engine and the worklet may then
 * assume finite samples, 1, 2 or 4 equal-length channels and a bounded length.
 */
import { count, describeValue } from '../engine/wording.js';
export interface ValidateOptions {
  /** Longest accepted IR, in frames. Default 2^23 frames (174 s at 48 kHz): beyond that, a mistake. */
  maxLength?: number;
}

export const DEFAULT_MAX_IMPULSE_LENGTH = 2 ** 23; // frames

/** The channel counts the ConvolverNode matrix defines: mono, stereo, true stereo (LL, LR, RL, RR). */
export const SUPPORTED_CHANNEL_COUNTS: readonly number[] = Object.freeze([1, 2, 4]);

/**
 * Throws a TypeError (wrong kind of value) or RangeError (right kind, wrong size or content) naming the
 * offending channel, index and value, and what was expected. Allocates nothing; O(channels × length).
 */
export function validateImpulseChannels(channels: readonly Float32Array[], options: ValidateOptions = {}): void {
  const maxLength = options.maxLength ?? DEFAULT_MAX_IMPULSE_LENGTH;
  if (!Array.isArray(channels)) {
    throw new TypeError(`impulse channels are ${describeValue(channels)}; expected an array of Float32Array`);
  }
  if (!SUPPORTED_CHANNEL_COUNTS.includes(channels.length)) {
    throw new RangeError(
      `impulse has ${count(channels.length, 'channel')}; expected 1 (mono), 2 (stereo) or 4 (true stereo)`,
    );
  }
  channels.forEach((data, c) => {
    if (!(data instanceof Float32Array)) {
      throw new TypeError(`impulse channel ${c} is ${describeValue(data)}; expected a Float32Array`);
    }
  });
  const length = channels[0].length;
  if (length === 0) throw new RangeError('impulse channel 0 has 0 frames; expected ≥ 1');
  for (let c = 1; c < channels.length; c++) {
    if (channels[c].length !== length) {
      throw new RangeError(
        `impulse channel ${c} has ${count(channels[c].length, 'frame')}; expected ${length} like channel 0`,
      );
    }
  }
  if (length > maxLength) {
    throw new RangeError(`impulse has ${count(length, 'frame')}; expected at most ${maxLength} (options.maxLength)`);
  }
  for (let c = 0; c < channels.length; c++) {
    const data = channels[c];
    for (let i = 0; i < length; i++) {
      const v = data[i];
      // v - v is NaN for both NaN and ±Infinity, and 0 for every finite value: one test per sample.
      if (v - v !== 0) {
        throw new RangeError(`impulse channel ${c} has ${v} at frame ${i}; expected finite samples`);
      }
    }
  }
}

