/**
 * Second-order IIR sections (RBJ Audio EQ Cookbook), run in place in float64 state. Butterworth filters of
 * order 4 are two sections with Q = 0.5412 and 1.3066.
 */
export type BiquadKind = 'lowpass' | 'highpass';

export const BUTTERWORTH_4_Q: readonly number[] = Object.freeze([0.541196100146197, 1.3065629648763766]);

/** Filters `data` in place through one section. Allocates nothing. */
export function biquad(data: Float32Array, kind: BiquadKind, corner: number, q: number, sampleRate: number): void {
  if (!(corner > 0 && corner < sampleRate / 2)) {
    throw new RangeError(`filter corner is ${corner} Hz; expected between 0 and ${sampleRate / 2} Hz (Nyquist)`);
  }
  const w = (2 * Math.PI * corner) / sampleRate;
  const alpha = Math.sin(w) / (2 * q);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const side = kind === 'lowpass' ? (1 - cos) / 2 : (1 + cos) / 2;
  const b0 = side / a0;
  const b1 = (kind === 'lowpass' ? 1 - cos : -(1 + cos)) / a0;
  const b2 = b0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1; x1 = x; y2 = y1; y1 = y;
    data[i] = y;
  }
}

/** Fourth-order Butterworth low- or high-pass, in place. */
export function butterworth4(data: Float32Array, kind: BiquadKind, corner: number, sampleRate: number): void {
  for (const q of BUTTERWORTH_4_Q) biquad(data, kind, corner, q, sampleRate);
}
