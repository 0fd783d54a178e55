import { describe, expect, it } from 'vitest';
import { RealFFT } from '../../src/engine/real-fft.js';
import { SpectrumArena } from '../../src/engine/spectrum-arena.js';
import { createRealTransform } from '../../src/engine/real-transform.js';
import { WasmRealFFT } from '../../src/engine/wasm-real-fft.js';
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

  // The WebAssembly transform (direct sizes in a SIMD arena) against the JavaScript one: same packed spectra in
  // the same order, same swapped unnormalized inverse.
  // Sizes cover radix-4 passes alone (L = 4, 256, 4096) and with the closing radix-2 pass (L = 2, 8, 128, 1024
  // in steps), whole and spread over steps.
  for (const size of [4, 8, 16, 256, 512, 2048, 8192]) {
    it(`WebAssembly mode matches the JavaScript transform at size ${size}`, () => {
      const arena = new SpectrumArena(32 * size);
      expect(arena.fft).not.toBeNull();
      const wasm = createRealTransform(size, arena, false); // the float64 kernel (test/engine/wasm-real-fft-f32.test.ts: float32)
      expect(wasm).toBeInstanceOf(WasmRealFFT);
      const js = new RealFFT(size);
      const rand = mulberry32(size + 1);
      const x = arena.allocF64(size);
      for (let i = 0; i < size; i++) x[i] = rand() * 2 - 1;
      const xCopy = Float64Array.from(x);
      const specWasm = arena.alloc(size);
      const specJs = new Float32Array(size);
      wasm.forward(x, specWasm, 0);
      js.forward(xCopy, specJs, 0);
      expect(Array.from(x)).toEqual(Array.from(xCopy)); // the input is not written
      let specErr = 0;
      let peak = 0;
      for (let i = 0; i < size; i++) {
        specErr = Math.max(specErr, Math.abs(specWasm[i] - specJs[i]));
        peak = Math.max(peak, Math.abs(specJs[i]));
      }
      expect(specErr).toBeLessThan(1e-6 * peak);
      const outWasm = arena.allocF64(size);
      const outJs = new Float64Array(size);
      wasm.inverse(specWasm, outWasm);
      js.inverse(specJs, outJs);
      let invErr = 0;
      for (let j = 0; j < size; j++) invErr = Math.max(invErr, Math.abs(outWasm[j] - outJs[j]) / (size / 2));
      expect(invErr).toBeLessThan(1e-6);
      // and the round trip returns the input (float32 spectra: to float32 precision)
      for (let j = 0; j < size; j++) expect(Math.abs(outWasm[j ^ 1] / (size / 2) - xCopy[j])).toBeLessThan(1e-5);
    });
  }
});
