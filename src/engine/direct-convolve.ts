/**
 * The textbook definition, y[n] = Σ_k x[k]·h[n − k], in float64, with the ConvolverNode channel matrix: the
 * reference the fast paths are tested against. O(input · IR) per path: for tests and small cases only.
 * Allocates.
 */
import { channelPaths, outputChannelCount } from './channel-matrix.js';
import { validateImpulse } from './validate-impulse.js';
import { count } from './wording.js';

export function directConvolve(input: Float32Array[], impulse: Float32Array[]): Float64Array[] {
  const impulseChannels = validateImpulse(impulse);
  const inputChannels = checkInput(input);
  const n = input[0].length;
  const m = impulse[0].length;
  const outputs = outputChannelCount(inputChannels, impulseChannels);
  const out: Float64Array[] = [];
  for (let o = 0; o < outputs; o++) out.push(new Float64Array(n + m - 1));
  for (const path of channelPaths(inputChannels, impulseChannels)) {
    const x = input[path.input];
    const h = impulse[path.impulse];
    const y = out[path.output];
    for (let k = 0; k < n; k++) {
      const xk = x[k];
      if (xk === 0) continue;
      for (let j = 0; j < m; j++) y[k + j] += xk * h[j];
    }
  }
  return out;
}

/** Checks an offline input: 1 or 2 Float32Array channels of equal length ≥ 1, all finite. */
export function checkInput(input: unknown): 1 | 2 {
  if (!Array.isArray(input)) throw new TypeError(`input must be an array of Float32Array channels; got ${typeof input}`);
  if (input.length !== 1 && input.length !== 2) {
    throw new RangeError(`input has ${count(input.length, 'channel')}; expected 1 or 2`);
  }
  for (let c = 0; c < input.length; c++) {
    const x: unknown = input[c];
    if (!(x instanceof Float32Array)) throw new TypeError(`input channel ${c} is not a Float32Array`);
    if (x.length !== (input[0] as Float32Array).length) {
      throw new RangeError(`input channel ${c} has ${count(x.length, 'frame')}; expected ${(input[0] as Float32Array).length} like channel 0`);
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) throw new RangeError(`input channel ${c} frame ${i} is ${x[i]}; expected a finite number`);
    }
  }
  return input.length as 1 | 2;
}
