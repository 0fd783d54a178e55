/** Seeded test signals for the bench sections: the same numbers on every run, so runs compare. */
import { mulberry32 } from '../src/ir/random.js';

/**
 * `channels` channels of white noise in [−1, 1), seeded; with `decayFrames`, shaped by e^(−i / decayFrames)
 * (an exponentially decaying IR). Allocates.
 */
export function noise(channels: number, frames: number, seed: number, decayFrames = 0): Float32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: channels }, () => {
    const data = new Float32Array(frames);
    for (let i = 0; i < frames; i++) data[i] = (2 * random() - 1) * (decayFrames ? Math.exp(-i / decayFrames) : 1);
    return data;
  });
}
