/**
 * Magnitude spectrum of a real signal for the frequency-response plot: a plain radix-2 complex FFT, run once
 * per IR change on the main thread. (The engine's RealFFT is built for streaming in steps with a packed
 * order; a picture does not need that.) Allocates: main thread only.
 */

/** |X[k]| in dB for k = 0 … n/2, where n is the next power of two ≥ min(data.length, maxSize). */
export function magnitudeDb(data: Float32Array, maxSize = 1 << 17): Float64Array {
  let n = 1;
  while (n < Math.min(data.length, maxSize)) n <<= 1;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re.set(data.subarray(0, n));
  fft(re, im);
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) out[k] = 10 * Math.log10(re[k] * re[k] + im[k] * im[k] + 1e-30);
  return out;
}

/** In-place iterative radix-2 FFT (forward, unnormalized); n must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if ((n & (n - 1)) !== 0) throw new RangeError(`FFT size ${n} is not a power of two; expected 2^k`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}
