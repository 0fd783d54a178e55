import { describe, expect, it } from 'vitest';
import { RealFFT } from '../../src/engine/real-fft.js';
import { mulberry32 } from '../helpers/random.js';

/** Naive DFT of a real signal at the given bins (0..n/2), as [re, im] pairs at [2k, 2k+1]. */
function naiveDft(x: Float64Array, bins: number[]): Float64Array {
  const n = x.length;
  const out = new Float64Array(n + 2);
  for (const k of bins) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      re += x[t] * Math.cos(a);
      im += x[t] * Math.sin(a);
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

describe('RealFFT', () => {
  // 16384 and 32768 real frames exercise the four-step path (L > 4096), the others the direct path.
  for (const size of [4, 8, 256, 4096, 8192, 16384, 32768]) {
    it(`matches the naive DFT and inverts exactly at size ${size}`, () => {
      const rand = mulberry32(size);
      const x = new Float64Array(size);
      for (let i = 0; i < size; i++) x[i] = rand() * 2 - 1;
      const fft = new RealFFT(size);
      const spec = new Float64Array(size);
      fft.forward(x, spec, 0);
      const L = size / 2;
      const checkBins = size <= 4096 ? L : 64; // the naive DFT is O(n²): spot-check the large sizes
      const bins = Array.from({ length: checkBins }, (_, k) => k).concat([L]);
      const ref = naiveDft(x, bins);
      let maxErr = 0;
      let peak = 0;
      for (let k = 1; k < checkBins; k++) {
        const at = 2 * fft.binIndex(k);
        maxErr = Math.max(maxErr, Math.abs(spec[at] - ref[2 * k]), Math.abs(spec[at + 1] - ref[2 * k + 1]));
        peak = Math.max(peak, Math.abs(ref[2 * k]));
      }
      maxErr = Math.max(maxErr, Math.abs(spec[0] - ref[0]), Math.abs(spec[1] - ref[2 * L]));
      expect(maxErr).toBeLessThan(1e-9 * Math.max(1, peak) * Math.log2(size));

      const out = new Float64Array(size);
      fft.inverse(spec, out);
      let invErr = 0;
      for (let j = 0; j < size; j++) invErr = Math.max(invErr, Math.abs(out[j ^ 1] / L - x[j]));
      expect(invErr).toBeLessThan(1e-12 * Math.log2(size));
    });
  }

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFFT(100)).toThrow(/real FFT size 100 .*power of two/);
    expect(() => new RealFFT(2)).toThrow(RangeError);
  });
});
