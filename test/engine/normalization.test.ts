// The normalization sum the `buffer` setter runs over every sample (finite check and the spec's scale in one
// pass): against a compensated reference sum, for every length modulo the four running sums, and non-finite
// samples anywhere.
import { describe, expect, it } from 'vitest';
import { calculateNormalizationScale, normalizationScaleOf, sumOfSquares } from '../../src/engine/normalization.js';
import { noise } from '../helpers/random.js';

/** Σ x² with Neumaier's compensation: exact to a few ulps, whatever the order. */
function referenceSum(channels: Float32Array[], length: number): number {
  let sum = 0;
  let compensation = 0;
  for (const data of channels) {
    for (let i = 0; i < length; i++) {
      const term = data[i] * data[i];
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
  }
  return sum + compensation;
}

describe('sumOfSquares', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 127, 48_001])('%i frames of 2 channels: the reference sum to 1e-15', (frames) => {
    const channels = noise(2, frames, 41 + frames);
    const expected = referenceSum(channels, frames);
    expect(Math.abs(sumOfSquares(channels, frames) / expected - 1)).toBeLessThan(1e-15 * Math.max(1, Math.log2(frames)));
  });

  it('reads only the first `length` frames', () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, 100);
    expect(sumOfSquares([data], 5)).toBe(55);
    expect(sumOfSquares([data], 0)).toBe(0);
  });

  it('is not finite when any sample is not, wherever it is (each of the four sums, and the remainder)', () => {
    for (let at = 0; at < 9; at++) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const data = new Float32Array(9).fill(0.5);
        data[at] = bad;
        expect(Number.isFinite(sumOfSquares([new Float32Array(9), data], 9)), `${bad} at frame ${at}`).toBe(false);
      }
    }
  });

  it('gives the spec scale calculateNormalizationScale computes', () => {
    const channels = noise(4, 1000, 7);
    const buffer = { numberOfChannels: 4, length: 1000, sampleRate: 48000, getChannelData: (c: number) => channels[c] };
    const scale = normalizationScaleOf(referenceSum(channels, 1000), 4, 1000, 48000);
    expect(Math.abs(calculateNormalizationScale(buffer) / scale - 1)).toBeLessThan(1e-14);
  });
});
