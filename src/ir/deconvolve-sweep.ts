/**
 * Recovers impulse responses from the recording of a sweep: convolve with the inverse sweep (the engine's
 * FFT convolution), then cut the linear IR at delay T and each harmonic's IR L·ln k before it.
 */
import { convolve } from '../engine/index.js';
import type { Sweep } from './sweep.js';
import { count } from '../engine/wording.js';

export interface DeconvolveOptions {
  /** Length of the linear IR to keep, frames. Default: the recording's length past the sweep. */
  length?: number;
  /** Frames kept before the linear IR's nominal start (band-limiting rings a little before it). Default 0. */
  preRoll?: number;
  /** Highest harmonic order whose IR is returned (2 = second harmonic …). Default 5. */
  harmonics?: number;
}

export interface DeconvolvedSweep {
  /** The linear impulse response, one array per recorded channel. */
  impulse: Float32Array[];
  /** harmonics[k − 2][channel]: the k-th harmonic distortion product's IR, as long as fits before order k − 1's. */
  harmonics: Float32Array[][];
}

export function deconvolveSweep(recording: Float32Array[], sweep: Sweep, options: DeconvolveOptions = {}): DeconvolvedSweep {
  const sweepLength = sweep.sweep.length;
  const recorded = recording[0]?.length ?? 0;
  if (recording.length === 0 || recorded < sweepLength) {
    throw new RangeError(`recording has ${count(recorded, 'frame')}; expected at least the sweep's ${sweepLength}`);
  }
  const length = options.length ?? recorded - sweepLength + 1;
  const preRoll = options.preRoll ?? 0;
  const maxOrder = options.harmonics ?? 5;
  const zero = sweepLength - 1; // where sweep ∗ inverse peaks: a system with no delay lands here
  const full = recording.map((channel) => convolve([channel], [sweep.inverse])[0]);
  const cut = (start: number, frames: number) =>
    full.map((y) => {
      const out = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        const j = start + i;
        if (j >= 0 && j < y.length) out[i] = y[j];
      }
      return out;
    });
  const impulse = cut(zero - preRoll, preRoll + length);
  const harmonics: Float32Array[][] = [];
  for (let k = 2; k <= maxOrder; k++) {
    const start = zero - Math.round(sweep.rate * Math.log(k) * sweep.sampleRate);
    const previous = zero - Math.round(sweep.rate * Math.log(k - 1) * sweep.sampleRate);
    harmonics.push(cut(start - preRoll, Math.min(preRoll + length, previous - start)));
  }
  return { impulse, harmonics };
}
