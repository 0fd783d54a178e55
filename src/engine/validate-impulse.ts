/** Validation of impulse responses and of process() buffers, with messages that name what is wrong. */
import { count, describeValue } from './wording.js';

export { describeValue }; // moved to wording.ts; re-exported for importers of this file

export type ImpulseChannels = 1 | 2 | 4;

/**
 * Checks an impulse response given as channels of samples: 1, 2 or 4 channels, all of the same length ≥ 1,
 * every sample finite. Returns the channel count. Allocates nothing; O(length).
 */
export function validateImpulse(impulse: unknown): ImpulseChannels {
  if (!Array.isArray(impulse)) {
    throw new TypeError(`impulse must be an array of Float32Array channels; got ${describeValue(impulse)}`);
  }
  const channels = impulse.length;
  if (channels !== 1 && channels !== 2 && channels !== 4) {
    throw new RangeError(`impulse has ${count(channels, 'channel')}; expected 1, 2 or 4`);
  }
  let length = -1;
  for (let c = 0; c < channels; c++) {
    const data: unknown = impulse[c];
    if (!(data instanceof Float32Array)) {
      throw new TypeError(`impulse channel ${c} is ${describeValue(data)}; expected a Float32Array`);
    }
    if (data.length === 0) throw new RangeError(`impulse channel ${c} has 0 frames; expected ≥ 1`);
    if (length >= 0 && data.length !== length) {
      throw new RangeError(`impulse channel ${c} has ${count(data.length, 'frame')}; expected ${length} like channel 0`);
    }
    length = data.length;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new RangeError(`impulse channel ${c} frame ${i} is ${data[i]}; expected a finite number`);
      }
    }
  }
  return channels as ImpulseChannels;
}

/** Checks caller-owned block buffers: `count` channels, each a Float32Array of `frames`. */
export function validateBlock(
  what: 'input' | 'output',
  buffers: unknown,
  minCount: number,
  maxCount: number,
  frames: number,
): void {
  if (!Array.isArray(buffers)) throw new TypeError(`${what} must be an array of Float32Array; got ${describeValue(buffers)}`);
  if (buffers.length < minCount || buffers.length > maxCount) {
    const expected = minCount === maxCount ? `${minCount}` : `${minCount} to ${maxCount}`;
    throw new RangeError(`${what} has ${count(buffers.length, 'channel')}; expected ${expected}`);
  }
  for (let c = 0; c < buffers.length; c++) {
    const data: unknown = buffers[c];
    if (!(data instanceof Float32Array)) throw new TypeError(`${what} channel ${c} is ${describeValue(data)}; expected a Float32Array`);
    if (data.length !== frames) throw new RangeError(`${what} channel ${c} has ${count(data.length, 'frame')}; expected ${frames}`);
  }
}

