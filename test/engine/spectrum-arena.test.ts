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
