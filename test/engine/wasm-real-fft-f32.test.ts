import { describe, expect, it } from 'vitest';
import { RealFFT } from '../../src/engine/real-fft.js';
import { SpectrumArena } from '../../src/engine/spectrum-arena.js';
import { createRealTransform } from '../../src/engine/real-transform.js';
import { WasmRealFFT } from '../../src/engine/wasm-real-fft.js';
import { WasmRealFFT32 } from '../../src/engine/wasm-real-fft-f32.js';
import { mulberry32 } from '../helpers/random.js';
import { errorDb } from '../helpers/signal.js';

/** Every size the float32 transform takes: complex sizes 8 … 4096, odd and even log2 (real frames 16 … 8192). */
const SIZES = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];

/** Naive real DFT (float64) at bin k of x, as [re, im]. */
function dftBin(x: ArrayLike<number>, k: number): [number, number] {
  const n = x.length;
  let re = 0;
  let im = 0;
  for (let t = 0; t < n; t++) {
    const a = (-2 * Math.PI * ((k * t) % n)) / n;
    re += x[t] * Math.cos(a);
    im += x[t] * Math.sin(a);
  }
  return [re, im];
}

/** A random signal in [−1, 1) in an arena view, and its float64 copy. */
function signal(arena: SpectrumArena, size: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const x = arena.allocF64(size);
  for (let i = 0; i < size; i++) x[i] = rand() * 2 - 1;
  return x;
}

/** Index of the first value whose bits differ (NaN never equals), or −1. */
function firstDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i]) || Number.isNaN(got[i])) return i;
  return got.length === want.length ? -1 : want.length;
}

describe('WasmRealFFT32 (float32x4 kernels)', () => {
  for (const size of SIZES) {
    it(`forward matches a naive DFT and the float64 kernel, inverse returns the input, at ${size} frames`, () => {
      const L = size / 2;
      const arena = new SpectrumArena(48 * size);
      const fft = new WasmRealFFT32(size, arena);
      const ref = new WasmRealFFT(size, arena);
      const x = signal(arena, size, size);
      const xCopy = Float64Array.from(x);
      // the spectrum lands at an offset inside a larger view, as a delay-line slot does: guards on both sides
      const spectra = arena.alloc(3 * size).fill(7);
      const spectrum = arena.alloc(size);
      fft.forward(x, spectra, size);
      ref.forward(x, spectrum, 0);
      expect(Array.from(x)).toEqual(Array.from(xCopy)); // the input is not written
      for (let i = 0; i < size; i++) expect(spectra[i]).toBe(7);
      for (let i = 2 * size; i < 3 * size; i++) expect(spectra[i]).toBe(7);
      const got = spectra.subarray(size, 2 * size);
      let peak = 0;
      let maxErr = 0;
      for (let i = 0; i < size; i++) {
        peak = Math.max(peak, Math.abs(spectrum[i]));
        maxErr = Math.max(maxErr, Math.abs(got[i] - spectrum[i]));
      }
      expect(maxErr).toBeLessThan(1e-6 * peak);
      expect(errorDb(got, spectrum)).toBeLessThan(-130);
      // a naive DFT at every bin for small sizes, spot checks (both ends, the middle, odd and even) for large
      const bins = L <= 256 ? Array.from({ length: L }, (_, k) => k) : [0, 1, 2, 3, L / 2 - 1, L / 2, L / 2 + 1, L - 2, L - 1];
      for (const k of bins) {
        const [re, im] = dftBin(xCopy, k);
        if (k === 0) {
          expect(Math.abs(got[0] - re)).toBeLessThan(1e-6 * peak);
          expect(Math.abs(got[1] - dftBin(xCopy, L)[0])).toBeLessThan(1e-6 * peak); // Nyquist
        } else {
          expect(Math.abs(got[2 * k] - re)).toBeLessThan(1e-6 * peak);
          expect(Math.abs(got[2 * k + 1] - im)).toBeLessThan(1e-6 * peak);
        }
      }
      // inverse: against the float64 kernel's, and back to the input (unnormalized, swapped)
      const out = arena.allocF64(size + 4).fill(7);
      const outRef = arena.allocF64(size);
      fft.inverse(got, out);
      ref.inverse(got, outRef);
      for (let i = size; i < size + 4; i++) expect(out[i]).toBe(7);
      let invErr = 0;
      let roundTrip = 0;
      for (let j = 0; j < size; j++) {
        invErr = Math.max(invErr, Math.abs(out[j] - outRef[j]) / L);
        roundTrip = Math.max(roundTrip, Math.abs(out[j ^ 1] / L - xCopy[j]));
      }
      expect(invErr).toBeLessThan(1e-6);
      expect(roundTrip).toBeLessThan(2e-6);
      expect(errorDb(out.subarray(0, size), outRef)).toBeLessThan(-125);
    });
  }

  for (const size of [2048, 4096, 8192]) {
    it(`spread over steps, with another transform between them, gives the whole transform's result at ${size} frames`, () => {
      const arena = new SpectrumArena(48 * size);
      const fft = new WasmRealFFT32(size, arena);
      const other = new WasmRealFFT32(size, arena);
      expect(fft.forwardSteps).toBeGreaterThan(1);
      expect(fft.inverseSteps).toBe(fft.forwardSteps);
      const x = signal(arena, size, size + 3);
      const y = signal(arena, size, size + 4);
      const whole = arena.alloc(size);
      const stepped = arena.alloc(size);
      const otherSpectrum = arena.alloc(size);
      const otherOut = arena.allocF64(size);
      fft.forward(x, whole, 0);
      for (let s = 0; s < fft.forwardSteps; s++) {
        fft.forwardStep(s, x, stepped, 0);
        other.forwardStep(s, y, otherSpectrum, 0); // interleaved, as two channels' steps are in one block
      }
      expect(Array.from(stepped)).toEqual(Array.from(whole));
      const wholeOut = arena.allocF64(size);
      const steppedOut = arena.allocF64(size);
      fft.inverse(whole, wholeOut);
      for (let s = 0; s < fft.inverseSteps; s++) {
        fft.inverseStep(s, whole, steppedOut);
        other.inverseStep(s, otherSpectrum, otherOut);
      }
      expect(Array.from(steppedOut)).toEqual(Array.from(wholeOut));
      // the step costs add up to the whole transform's, each step a share
      let total = 0;
      for (let s = 0; s < fft.forwardSteps; s++) {
        expect(fft.stepCost(s)).toBeGreaterThan(0);
        total += fft.stepCost(s);
      }
      expect(total).toBeGreaterThan(0);
    });
  }

  // passes cut into parts (cfft4part, rpost4part, rpre4part) must give the whole passes' floats, bit for bit
  for (const size of [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768]) {
    it(`cut into parts of every size, gives the whole passes' results bit for bit at ${size} frames`, () => {
      const L = size / 2;
      const arena = new SpectrumArena(128 * size); // floats: a transform takes ≈ 3.5 · size
      const whole = new WasmRealFFT32(size, arena, 1 << 20); // every pass in one step
      expect(whole.forwardSteps).toBe(1);
      const x = signal(arena, size, size + 7);
      const want = arena.alloc(size);
      whole.forward(x, want, 0);
      const wantOut = arena.allocF64(size);
      whole.inverse(want, wantOut);
      const got = arena.alloc(size);
      const gotOut = arena.allocF64(size);
      const y = signal(arena, size, size + 8);
      const other = arena.alloc(size);
      for (let stepBins = 16; stepBins <= L; stepBins *= 2) {
        const fft = new WasmRealFFT32(size, arena, stepBins);
        if (stepBins < L) expect(fft.forwardSteps).toBeGreaterThan(whole.forwardSteps);
        got.fill(NaN);
        // interleaved with the whole transform of another signal, as two channels' steps share a block
        const every = Math.max(1, fft.forwardSteps >> 3); // a few times, not between every one of thousands
        for (let s = 0; s < fft.forwardSteps; s++) {
          fft.forwardStep(s, x, got, 0);
          if (s % every === 0) whole.forward(y, other, 0);
        }
        expect(firstDifference(got, want), `forward, steps of ${stepBins} points`).toBe(-1);
        gotOut.fill(NaN);
        for (let s = 0; s < fft.inverseSteps; s++) {
          fft.inverseStep(s, want, gotOut);
          if (s % every === 0) whole.inverse(other, y);
        }
        expect(firstDifference(gotOut, wantOut), `inverse, steps of ${stepBins} points`).toBe(-1);
        // the steps' costs share out the whole transform's
        let forwardCost = 0;
        let inverseCost = 0;
        for (let s = 0; s < fft.forwardSteps; s++) forwardCost += fft.stepCost(s, false);
        for (let s = 0; s < fft.inverseSteps; s++) inverseCost += fft.stepCost(s, true);
        expect(forwardCost).toBeCloseTo(whole.stepCost(0, false), 6);
        expect(inverseCost).toBeCloseTo(whole.stepCost(0, true), 6);
      }
    });
  }

  // the engine's levels keep float32 windows and results (float32Time): the float64 buffers held the same float32
  // values, which the first pass demoted on loading and the last pass promoted on storing
  for (const size of [16, 64, 256, 2048, 8192]) {
    it(`reads and writes float32 time-domain buffers as the float64 ones (or the second half alone), bit for bit, whole and in parts, at ${size} frames`, () => {
      const arena = new SpectrumArena(64 * size);
      const x64 = signal(arena, size, size + 11);
      const x32 = arena.alloc(size);
      x32.set(x64);
      x64.set(x32); // float32 values in both
      for (const stepBins of [16, 1 << 20]) {
        const fft = new WasmRealFFT32(size, arena, stepBins);
        expect(fft.float32Time).toBe(true);
        const want = arena.alloc(size);
        const got = arena.alloc(size).fill(NaN);
        fft.forward(x64, want, 0);
        for (let s = 0; s < fft.forwardSteps; s++) fft.forwardStep(s, x32, got, 0);
        expect(firstDifference(got, want), `forward, steps of ${stepBins} points`).toBe(-1);
        const out64 = arena.allocF64(size);
        const out32 = arena.alloc(size + 4).fill(7);
        fft.inverse(want, out64);
        for (let s = 0; s < fft.inverseSteps; s++) fft.inverseStep(s, want, out32);
        expect(firstDifference(out32.subarray(0, size), Float32Array.from(out64)), `inverse, steps of ${stepBins} points`).toBe(-1);
        expect(Array.from(out64, (v) => Math.fround(v))).toEqual(Array.from(out64)); // float32 values in float64
        for (let i = size; i < size + 4; i++) expect(out32[i]).toBe(7); // nothing written past the result
        // a float32 out of half the size gets the second half alone (what a level reads)
        const half = arena.alloc(size / 2 + 4).fill(7);
        for (let s = 0; s < fft.inverseSteps; s++) fft.inverseStep(s, want, half.subarray(0, size / 2));
        expect(firstDifference(half.subarray(0, size / 2), out32.subarray(size / 2, size)), `second half, steps of ${stepBins} points`).toBe(-1);
        for (let i = size / 2; i < size / 2 + 4; i++) expect(half[i]).toBe(7);
      }
    });
  }

  // above 4096 points the JavaScript transform is four-step (transposed inside): its spectra must still be in
  // the natural order of the WebAssembly ones, since an IR's spectra prepared by one are read by the other
  for (const size of [16384, 32768]) {
    it(`gives the JavaScript four-step transform's natural-order spectra, and inverts its spectra, at ${size} frames`, () => {
      const arena = new SpectrumArena(48 * size);
      const fft = new WasmRealFFT32(size, arena);
      const js = new RealFFT(size);
      const x = signal(arena, size, size + 5);
      const got = arena.alloc(size);
      const want = new Float32Array(size);
      fft.forward(x, got, 0);
      js.forward(Float64Array.from(x), want, 0);
      let peak = 0;
      let maxErr = 0;
      for (let i = 0; i < size; i++) {
        peak = Math.max(peak, Math.abs(want[i]));
        maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
      }
      expect(maxErr).toBeLessThan(1e-6 * peak);
      for (const k of [1, 5, size / 4 + 3, size / 2 - 1]) {
        const [re, im] = dftBin(x, k);
        expect(Math.abs(want[2 * k] - re)).toBeLessThan(1e-6 * peak);
        expect(Math.abs(want[2 * k + 1] - im)).toBeLessThan(1e-6 * peak);
      }
      const out = arena.allocF64(size);
      const outJs = new Float64Array(size);
      const wantInArena = arena.alloc(size); // the kernels read only their arena
      wantInArena.set(want);
      fft.inverse(wantInArena, out);
      js.inverse(want, outJs);
      expect(errorDb(out, outJs)).toBeLessThan(-125);
    });
  }

  it('is what the engine gets for its per-block transforms; the float64 kernel when asked, and below 16 frames', () => {
    const arena = new SpectrumArena(48 * 256);
    expect(createRealTransform(256, arena)).toBeInstanceOf(WasmRealFFT32);
    expect(createRealTransform(16, arena)).toBeInstanceOf(WasmRealFFT32);
    expect(createRealTransform(8, arena)).toBeInstanceOf(WasmRealFFT);
    expect(createRealTransform(256, arena, false)).toBeInstanceOf(WasmRealFFT);
    // only the float32 kernel takes float32 time-domain buffers
    expect(createRealTransform(256, arena).float32Time).toBe(true);
    expect(createRealTransform(256, arena, false).float32Time).toBe(false);
    expect(createRealTransform(256).float32Time).toBe(false);
  });

  it('rejects sizes it does not run, naming them', () => {
    const arena = new SpectrumArena(1024);
    expect(() => new WasmRealFFT32(8, arena)).toThrow(/float32 real FFT size 8 .*power of two ≥ 16/);
    expect(() => new WasmRealFFT32(100, arena)).toThrow(RangeError);
    expect(() => new WasmRealFFT32(256, new SpectrumArena(1024, false))).toThrow(TypeError);
    expect(() => new WasmRealFFT32(256, new SpectrumArena(1024), 24)).toThrow(/stepBins 24 .*power of two ≥ 16/);
  });
});
