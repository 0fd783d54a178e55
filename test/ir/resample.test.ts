import { describe, expect, it } from 'vitest';
import { resample, resampledLength } from '../../src/ir/resample.js';

/** Least-squares fit of a·cos + b·sin at `freq` over frames [start, end); returns amplitude and residual RMS. */
function fitTone(x: Float32Array, freq: number, rate: number, start: number, end: number) {
  let cc = 0, ss = 0, cs = 0, xc = 0, xs = 0;
  const w = (2 * Math.PI * freq) / rate;
  for (let n = start; n < end; n++) {
    const c = Math.cos(w * n), s = Math.sin(w * n);
    cc += c * c; ss += s * s; cs += c * s; xc += x[n] * c; xs += x[n] * s;
  }
  const det = cc * ss - cs * cs;
  const a = (xc * ss - xs * cs) / det;
  const b = (xs * cc - xc * cs) / det;
  let residual = 0;
  for (let n = start; n < end; n++) {
    const r = x[n] - (a * Math.cos(w * n) + b * Math.sin(w * n));
    residual += r * r;
  }
  return { amplitude: Math.hypot(a, b), residualRms: Math.sqrt(residual / (end - start)) };
}

function tone(freq: number, rate: number, frames: number): Float32Array {
  const out = new Float32Array(frames);
  for (let n = 0; n < frames; n++) out[n] = Math.sin((2 * Math.PI * freq * n) / rate);
  return out;
}

const dB = (x: number) => 20 * Math.log10(x);
const FRAMES = 8192;
const EDGE = 600; // frames skipped at both ends: the kernel's reach past the signal's edges

// Rate pairs: the common case both ways, an integer ratio, and a large one.
const PAIRS: Array<[number, number]> = [
  [44100, 48000],
  [48000, 44100],
  [48000, 96000],
  [96000, 48000],
  [22050, 48000],
  [48000, 8000], // telephone rate: a large ratio, where the kernel table is thinnest
];

describe('resample frequency response', () => {
  for (const [from, to] of PAIRS) {
    const nyquist = Math.min(from, to) / 2;
    it(`${from} → ${to} Hz: flat within ±0.1 dB to 0.9 × ${nyquist} Hz, images/aliases ≥ 90 dB down`, () => {
      let worstRipple = 0;
      let worstSpurious = -Infinity;
      for (const fraction of [0.001, 0.05, 0.2, 0.45, 0.7, 0.85, 0.9]) {
        const freq = fraction * nyquist;
        const [out] = resample([tone(freq, from, FRAMES)], from, to);
        const fit = fitTone(out, freq, to, EDGE, out.length - EDGE);
        worstRipple = Math.max(worstRipple, Math.abs(dB(fit.amplitude)));
        worstSpurious = Math.max(worstSpurious, dB(fit.residualRms * Math.SQRT2));
      }
      expect(worstRipple).toBeLessThan(0.1);
      // Whatever is not the tone (images, aliases, interpolation error) relative to the tone's amplitude.
      expect(worstSpurious).toBeLessThan(-90);
    });
  }

  for (const [from, to] of PAIRS.filter(([f, t]) => f > t)) {
    it(`${from} → ${to} Hz: tones above the output Nyquist are ≥ 90 dB down`, () => {
      let worst = -Infinity;
      for (const fraction of [1.0, 1.02, 1.2, 1.6, 1.95]) {
        const freq = (fraction * to) / 2;
        if (freq >= from / 2) continue;
        const [out] = resample([tone(freq, from, FRAMES)], from, to);
        let energy = 0;
        for (let n = EDGE; n < out.length - EDGE; n++) energy += out[n] * out[n];
        worst = Math.max(worst, dB(Math.sqrt((2 * energy) / (out.length - 2 * EDGE))));
      }
      expect(worst).toBeLessThan(-90);
    });
  }
});

describe('resample', () => {
  it('keeps timing: an impulse at input time t lands at output time t', () => {
    const input = new Float32Array(1000);
    input[441] = 1; // 10 ms at 44.1 kHz
    const [out] = resample([input], 44100, 48000);
    let peak = 0;
    for (let n = 1; n < out.length; n++) if (Math.abs(out[n]) > Math.abs(out[peak])) peak = n;
    expect(peak).toBe(480); // 10 ms at 48 kHz
  });

  it('returns ⌈length × to / from⌉ frames per channel and copies on equal rates', () => {
    const a = new Float32Array(441).fill(0.5);
    const out = resample([a, a], 44100, 48000);
    expect(out.map((c) => c.length)).toEqual([480, 480]);
    expect(resampledLength(1, 44100, 48000)).toBe(2);
    const same = resample([a], 48000, 48000);
    expect(same[0]).not.toBe(a);
    expect(Array.from(same[0])).toEqual(Array.from(a));
  });

  it('rejects rates that are not positive finite numbers, naming the value', () => {
    expect(() => resample([new Float32Array(4)], 0, 48000)).toThrow(/fromRate is 0; expected/);
    expect(() => resample([new Float32Array(4)], 44100, NaN)).toThrow(/toRate is NaN; expected/);
  });
});
