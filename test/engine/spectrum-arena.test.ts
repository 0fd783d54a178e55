import { describe, expect, it } from 'vitest';
import { PartitionedConvolver, SpectrumArena, directConvolve, simdAvailable } from '../../src/engine/index.js';
import { MAC_KERNEL_WASM } from '../../src/engine/mac-kernel-wasm.js';
import { assembleMacKernel } from '../../scripts/build-wasm.js';
import { mulberry32, noise } from '../helpers/random.js';
import { errorStats, streamBlocks } from '../helpers/signal.js';

describe('SpectrumArena and the SIMD multiply-accumulate', () => {
  it('the committed kernel bytes are mac-kernel.wat assembled (run `npm run wasm` after editing the .wat)', async () => {
    expect(Array.from(await assembleMacKernel())).toEqual(MAC_KERNEL_WASM);
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
