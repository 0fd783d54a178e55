// The per-block glue kernels (simd-kernels.wat: flush, readout; src/engine/block-glue.ts) against the JavaScript
// loops they replace: the same float32 results bit for bit, tiny values flushed to +0, non-finite values reported.
import { describe, expect, it } from 'vitest';
import { SpectrumArena } from '../../src/engine/index.js';
import { mulberry32 } from '../../src/ir/random.js';

const FLUSH_BELOW = 1e-30;
const N = 256; // floats

/** Values that probe the edges: tiny around ±1e-30 (both sides of float32(1e-30)), ±0, large, and plain. */
function edgeValues(seed: number): Float32Array {
  const rand = mulberry32(seed);
  const out = new Float32Array(N);
  const tiny = Math.fround(1e-30);
  const edges = [0, -0, tiny, -tiny, tiny * (1 + 2 ** -23), tiny * (1 - 2 ** -24), 1e-31, -1e-31, 1e-29, 3e38, -3e38, 1e-45];
  for (let i = 0; i < N; i++) out[i] = i < edges.length ? edges[i] : (rand() * 2 - 1) * 10 ** Math.floor(rand() * 76 - 40) // up to 1e35: finite in float32;
  return out;
}

describe.skipIf(new SpectrumArena(16).glue === null)('WebAssembly glue kernels', () => {
  const arena = new SpectrumArena(16 * N);
  const glue = arena.glue!;
  const block = arena.alloc(N);
  const result = arena.allocF64(N);

  it('flush: the JavaScript flush bit for bit (tiny → +0) and 1 while every value is finite', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const values = edgeValues(seed);
      const expected = values.map((v) => (v < FLUSH_BELOW && v > -FLUSH_BELOW ? 0 : v));
      block.set(values);
      expect(glue.flush(block.byteOffset, N)).toBe(1);
      expect(new Uint32Array(block.slice().buffer)).toEqual(new Uint32Array(expected.buffer));
    }
  });

  it('flush: 0 when a value is NaN or ±Infinity, wherever it is', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 3, 127, N - 1]) {
        block.set(edgeValues(at + 1));
        block[at] = bad;
        expect(glue.flush(block.byteOffset, N)).toBe(0);
      }
    }
  });

  it('readout: float32 of the swapped float64 result, written or added in float64, bit for bit', () => {
    const rand = mulberry32(7);
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < N; i++) result[i] = (rand() * 2 - 1) * 10 ** (rand() * 8 - 4);
      const start = Float32Array.from({ length: N }, () => rand() * 2 - 1);
      const written = new Float32Array(N);
      const added = start.slice();
      for (let i = 0; i < N; i += 2) {
        written[i] = result[i + 1];
        written[i + 1] = result[i];
        added[i] += result[i + 1];
        added[i + 1] += result[i];
      }
      block.fill(7);
      glue.readout(result.byteOffset, block.byteOffset, N, 0);
      expect(new Uint32Array(block.slice().buffer)).toEqual(new Uint32Array(written.buffer));
      block.set(start);
      glue.readout(result.byteOffset, block.byteOffset, N, 1);
      expect(new Uint32Array(block.slice().buffer)).toEqual(new Uint32Array(added.buffer));
    }
  });

  it('readout32: readout of the same values kept in float32, bit for bit (float32 sums are the float64 sums rounded)', () => {
    const rand = mulberry32(8);
    const result32 = arena.alloc(N);
    const want = arena.alloc(N);
    for (let round = 0; round < 20; round++) {
      // wide exponents, so that sums round and cancel; every value float32
      for (let i = 0; i < N; i++) result32[i] = (rand() * 2 - 1) * 10 ** (rand() * 16 - 8);
      result.set(result32);
      const start = Float32Array.from({ length: N }, () => (rand() * 2 - 1) * 10 ** (rand() * 16 - 8));
      for (const add of [0, 1]) {
        want.set(start);
        glue.readout(result.byteOffset, want.byteOffset, N, add);
        block.set(start);
        glue.readout32(result32.byteOffset, block.byteOffset, N, add);
        expect(new Uint32Array(block.slice().buffer)).toEqual(new Uint32Array(want.slice().buffer));
      }
    }
  });
});
