import { describe, expect, it } from 'vitest';
import { PartitionedConvolver, SpectrumArena, directConvolve, simdAvailable } from '../../src/engine/index.js';
import { SIMD_KERNELS_WASM } from '../../src/engine/simd-kernels-wasm.js';
import { assembleSimdKernels } from '../../scripts/build-wasm.js';
import { mulberry32, noise } from '../helpers/random.js';
import { errorStats, streamBlocks } from '../helpers/signal.js';

describe('SpectrumArena and the SIMD multiply-accumulate', () => {
  it('the committed kernel bytes are simd-kernels.wat assembled (run `npm run wasm` after editing the .wat)', async () => {
    expect(Array.from(await assembleSimdKernels())).toEqual(SIMD_KERNELS_WASM);
  });

  it('Node has WebAssembly SIMD, so the engine runs the kernel here', () => {
    expect(simdAvailable()).toBe(true);
    expect(new SpectrumArena(16).simd).toBe(true);
    expect(new SpectrumArena(16, false).simd).toBe(false);
  });

  it('the kernel and the JavaScript loop agree to float32 rounding', () => {
    const floats = 4096;
    const results = [true, false].map((simd) => {
      const arena = new SpectrumArena(3 * floats, simd);
      const [acc, x, h] = [arena.alloc(floats), arena.alloc(floats), arena.alloc(floats)];
      const r = mulberry32(9);
      for (let i = 0; i < floats; i++) {
        acc[i] = r() - 0.5;
        x[i] = r() - 0.5;
        h[i] = r() - 0.5;
      }
      arena.mac(acc, 8, x, 4, h, 0, floats - 16); // offsets: every view and start a multiple of 4 floats
      return Float64Array.from(acc);
    });
    let maxErr = 0;
    for (let i = 0; i < floats; i++) maxErr = Math.max(maxErr, Math.abs(results[0][i] - results[1][i]));
    expect(maxErr).toBeLessThan(1e-6);
    expect(results[0][0]).toBe(results[1][0]); // before the range: untouched in both
  });

  it('the four-partition kernel equals four single passes, in both implementations', () => {
    const floats = 1024;
    for (const simd of [true, false]) {
      const arena = new SpectrumArena(16 * floats, simd);
      const fdl = arena.alloc(6 * floats);
      const h = arena.alloc(4 * floats);
      const one = arena.alloc(floats);
      const four = arena.alloc(floats);
      const r = mulberry32(simd ? 1 : 2);
      for (const a of [fdl, h]) for (let i = 0; i < a.length; i++) a[i] = r() - 0.5;
      const offsets = Int32Array.from([5, 0, 3, 1], (slot) => slot * floats + 4);
      for (let j = 0; j < 4; j++) arena.mac(one, 4, fdl, offsets[j], h, j * floats + 4, floats - 8);
      arena.mac4(four, 4, [fdl, fdl, fdl, fdl], offsets, h, 4, floats, floats - 8);
      let maxErr = 0;
      for (let i = 0; i < floats; i++) maxErr = Math.max(maxErr, Math.abs(one[i] - four[i]));
      expect(maxErr).toBeLessThan(1e-6);
      expect(four.some((v) => v !== 0)).toBe(true);
    }
  });

  it('the ring kernel by fours (macring4) sums a float64 reference over its bin slice: 1–9 partitions, wrapped slots, packed bin 0', () => {
    const S2 = 64; // floats of a packed spectrum (32 bins)
    const slots = 7;
    const arena = new SpectrumArena(30 * S2);
    const x = arena.alloc(slots * S2);
    const h = arena.alloc(9 * S2);
    const acc = arena.alloc(S2);
    const r = mulberry32(4);
    for (const a of [x, h]) for (let i = 0; i < a.length; i++) a[i] = r() - 0.5;
    const kernels = arena.fft!;
    let worst = 0;
    for (let count = 1; count <= 9; count++) {
      for (const [from, to] of [[0, S2], [0, 16], [16, 48], [32, S2]]) {
        const s0 = (count * 3) % slots;
        const start = Float64Array.from({ length: S2 }, () => r() - 0.5);
        acc.set(start);
        const want = ringMacReference(start, x, h, { S2, slots, s0, count, from, to });
        // counts above `slots` go round the ring more than once (an engine never asks for that; the index must still wrap)
        kernels.macring4(acc.byteOffset, x.byteOffset, 4 * S2, slots, s0, h.byteOffset, 4 * S2, count, from, to);
        for (let i = 0; i < S2; i++) {
          if (i < from || i >= to) expect(acc[i], `float ${i} outside [${from}, ${to})`).toBe(Math.fround(start[i]));
          else worst = Math.max(worst, Math.abs(acc[i] - want[i]));
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
    expect(worst).toBeGreaterThan(0); // float32 sums: some rounding shows, so the comparison ran
  });

  it('planar spectra (toplanar, fromplanar: exact round trip) give macring4p the float64 sums: 1–9 partitions, wrapped slots, bin slices, packed bin 0', () => {
    const S2 = 64; // floats of a packed spectrum (32 bins)
    const slots = 7;
    const arena = new SpectrumArena(40 * S2);
    const x = arena.alloc(slots * S2);
    const h = arena.alloc(9 * S2);
    const xp = arena.alloc(slots * S2);
    const hp = arena.alloc(9 * S2);
    const acc = arena.alloc(S2);
    const r = mulberry32(14);
    for (const a of [x, h]) for (let i = 0; i < a.length; i++) a[i] = r() - 0.5;
    const kernels = arena.fft!;
    xp.set(x);
    hp.set(h);
    kernels.toplanar(xp.byteOffset, xp.length / 8);
    kernels.toplanar(hp.byteOffset, hp.length / 8);
    // groups of four bins, re then im; the packed bin 0 (DC, Nyquist) in lane 0
    expect(Array.from(hp.subarray(8, 16))).toEqual([h[8], h[10], h[12], h[14], h[9], h[11], h[13], h[15]]);
    expect(Array.from(hp.subarray(0, 8))).toEqual([h[0], h[2], h[4], h[6], h[1], h[3], h[5], h[7]]);
    const back = arena.alloc(9 * S2);
    back.set(hp);
    kernels.fromplanar(back.byteOffset, back.length / 8);
    expect(back.every((v, i) => Object.is(v, h[i]))).toBe(true);
    let worst = 0;
    for (let count = 1; count <= 9; count++) {
      for (const [from, to] of [[0, S2], [0, 16], [16, 48], [32, S2]]) {
        const s0 = (count * 3) % slots;
        const start = Float64Array.from({ length: S2 }, () => r() - 0.5);
        acc.set(start);
        kernels.toplanar(acc.byteOffset, S2 / 8);
        const want = ringMacReference(start, x, h, { S2, slots, s0, count, from, to });
        kernels.macring4p(acc.byteOffset, xp.byteOffset, 4 * S2, slots, s0, hp.byteOffset, 4 * S2, count, from, to);
        kernels.fromplanar(acc.byteOffset, S2 / 8);
        for (let i = 0; i < S2; i++) {
          if (i < from || i >= to) expect(acc[i], `float ${i} outside [${from}, ${to})`).toBe(Math.fround(start[i]));
          else worst = Math.max(worst, Math.abs(acc[i] - want[i]));
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
    expect(worst).toBeGreaterThan(0); // float32 sums: some rounding shows, so the comparison ran
  });

  it('alloc refuses more than the arena holds, naming the sizes', () => {
    const arena = new SpectrumArena(100, false);
    expect(() => arena.alloc(1e6)).toThrow(/spectrum arena has \d+ bytes left; 4000000 requested/);
  });

  for (const [irChannels, inChannels] of [
    [2, 2],
    [4, 1],
    [1, 1],
  ] as const) {
    it(`the JavaScript fallback (simd: false) matches the direct sum: IR ${irChannels} ch, input ${inChannels} ch`, () => {
      const impulse = noise(irChannels, 30_000, irChannels * 7);
      const input = noise(inChannels, 3000, 5);
      const reference = directConvolve(input, impulse);
      const conv = new PartitionedConvolver(impulse, { inputChannels: inChannels, simd: false });
      const stats = errorStats(reference, streamBlocks(conv, input, reference[0].length));
      expect(stats.errorDb).toBeLessThan(-100);
      expect(stats.maxRelative).toBeLessThan(1e-5);
    });
  }
});

/**
 * The ring MAC in float64 over packed spectra: start + Σ over count partitions of X[slot s0 − p (mod slots)] ·
 * H[p], floats [from, to); bin 0 packs DC and Nyquist, each real.
 */
function ringMacReference(
  start: Float64Array,
  x: Float32Array,
  h: Float32Array,
  { S2, slots, s0, count, from, to }: { S2: number; slots: number; s0: number; count: number; from: number; to: number },
): Float64Array {
  const want = Float64Array.from(start);
  for (let p = 0; p < count; p++) {
    const xo = ((((s0 - p) % slots) + slots) % slots) * S2;
    const ho = p * S2;
    for (let k = from; k < to; k += 2) {
      const [xr, xi, hr, hi] = [x[xo + k], x[xo + k + 1], h[ho + k], h[ho + k + 1]];
      if (k === 0) {
        want[0] += xr * hr; // DC and Nyquist, real
        want[1] += xi * hi;
      } else {
        want[k] += xr * hr - xi * hi;
        want[k + 1] += xr * hi + xi * hr;
      }
    }
  }
  return want;
}
