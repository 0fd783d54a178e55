/**
 * Cuts a measured IR from its direct sound on: a live measurement's IR starts with the converters' round-trip
 * latency, silence that would only delay the reverb. Allocates: main thread only.
 */

const PRE_ROLL = 0.002; // s kept before the direct sound's peak (band-limiting rings a little before it)
const PEAK = 0.9; // linear peak of the returned IR

/** `length` frames from just before the loudest sample (the direct sound), faded out, peak-normalized. */
export function fromDirectSound(ir: Float32Array, length: number, rate: number): Float32Array {
  let peakIndex = 0;
  for (let i = 0; i < ir.length; i++) if (Math.abs(ir[i]) > Math.abs(ir[peakIndex])) peakIndex = i;
  const start = Math.max(0, peakIndex - Math.round(PRE_ROLL * rate));
  const out = new Float32Array(length);
  const scale = PEAK / (Math.abs(ir[peakIndex]) || 1);
  const fade = Math.max(1, Math.round(0.05 * length)); // frames: fade-out over the last 5 %
  for (let i = 0; i < length && start + i < ir.length; i++) {
    out[i] = ir[start + i] * scale * Math.min(1, (length - i) / fade);
  }
  return out;
}
