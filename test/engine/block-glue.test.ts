// The per-block glue kernels (simd-kernels.wat: flush, readout32; src/engine/block-glue.ts) against the JavaScript
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

  it('readout32: the swapped float32 result, written or added as JavaScript adds (float64 sum, rounded), bit for bit', () => {
    const rand = mulberry32(8);
    const result32 = arena.alloc(N);
    for (let round = 0; round < 20; round++) {
      // wide exponents, so that sums round and cancel
      for (let i = 0; i < N; i++) result32[i] = (rand() * 2 - 1) * 10 ** (rand() * 16 - 8);
      const start = Float32Array.from({ length: N }, () => (rand() * 2 - 1) * 10 ** (rand() * 16 - 8));
      const written = new Float32Array(N);
      const added = start.slice();
      for (let i = 0; i < N; i++) {
        written[i] = result32[i ^ 1];
        added[i] += result32[i ^ 1];
      }
      block.fill(7);
      glue.readout32(result32.byteOffset, block.byteOffset, N, 0);
      expect(new Uint32Array(block.slice().buffer)).toEqual(new Uint32Array(written.buffer));
      block.set(start);
      glue.readout32(result32.byteOffset, block.byteOffset, N, 1);
      expect(new Uint32Array(block.slice().buffer)).toEqual(new Uint32Array(added.buffer));
    }
  });
});
