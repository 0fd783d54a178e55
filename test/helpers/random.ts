import { mulberry32 } from '../../src/ir/random.js';

/** The project's seeded PRNG (src/ir/random.ts), so every failure reproduces. */
export { mulberry32 };

/** Channels of uniform noise in [−1, 1). */
export function noise(channels: number, frames: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const ch = new Float32Array(frames);
    for (let i = 0; i < frames; i++) ch[i] = rand() * 2 - 1;
    out.push(ch);
  }
  return out;
}
