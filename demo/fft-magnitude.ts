/** Magnitude spectrum of a real signal, for the frequency-response plot. Allocates: main thread only. */
import { fft, nextPowerOfTwo } from './fft.js';

/** |X[k]| in dB for k = 0 … n/2, where n is the next power of two ≥ min(data.length, maxSize). */
export function magnitudeDb(data: Float32Array, maxSize = 1 << 17): Float64Array {
  const n = nextPowerOfTwo(Math.min(data.length, maxSize));
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re.set(data.subarray(0, n));
  fft(re, im);
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) out[k] = 10 * Math.log10(re[k] * re[k] + im[k] * im[k] + 1e-30);
  return out;
}
