// The room measurement's arithmetic, offline: a sweep through a known IR (delay, decaying echoes) plus noise
// 60 dB down, with a little harmonic distortion, deconvolves back to that IR.
import { describe, expect, it } from 'vitest';
import { deconvolve, exponentialSweep, type SweepOptions } from '../../demo/sweep-deconvolve.js';
import { mulberry32 } from '../../src/ir/index.js';

const RATE = 16000; // Hz: small, so the test is quick; the method does not depend on the rate
const OPTIONS: SweepOptions = { sweep: 1, tail: 0.25, low: 50, high: 7000, level: 0.25 };
const LATENCY = 700; // frames between playing and recording (the round trip through the audio hardware)

/** The true IR: a direct sound and echoes, band-limited only by what the sweep covers. */
function trueImpulse(): Float32Array {
  const h = new Float32Array(Math.round(OPTIONS.tail * RATE));
  h[0] = 1;
  h[400] = -0.5;
  h[1300] = 0.3;
  h[2900] = 0.15;
  return h;
}

function convolve(x: Float32Array, h: Float32Array, length: number): Float32Array {
  const y = new Float32Array(length);
  for (let k = 0; k < h.length; k++) {
    if (h[k] === 0) continue;
    for (let i = 0; i < x.length && i + k < length; i++) y[i + k] += h[k] * x[i];
  }
  return y;
}

describe('sweep deconvolution', () => {
  it('recovers a known IR from a delayed, slightly distorted, noisy recording', () => {
    const sweep = exponentialSweep(OPTIONS, RATE);
    const h = trueImpulse();
    const length = sweep.length + h.length + RATE / 2;
    const clean = convolve(sweep, h, length - LATENCY);
    const random = mulberry32(5);
    const recorded = new Float32Array(length);
    for (let i = 0; i < clean.length; i++) {
      const x = clean[i];
      recorded[i + LATENCY] = x + 0.05 * x * x; // 2nd-order distortion: lands at negative time, cut away
    }
    for (let i = 0; i < length; i++) recorded[i] += 0.25e-3 * (2 * random() - 1); // ~60 dB below the sweep
    const ir = deconvolve(recorded, sweep, OPTIONS, RATE);
    expect(ir.length).toBe(h.length);
    // The direct sound sits at the pre-roll (2 ms), each echo at its offset from it, with its relative sign and size.
    const direct = Math.round(0.002 * RATE);
    const at = (offset: number) => ir[direct + offset] / ir[direct];
    expect(Math.abs(ir[direct])).toBeCloseTo(0.9, 2);
    expect(at(400)).toBeCloseTo(-0.5, 1);
    expect(at(1300)).toBeCloseTo(0.3, 1);
    expect(at(2900)).toBeCloseTo(0.15, 1);
    // Elsewhere (away from the taps' band-limited ringing) the IR is quiet: the band edges leave small ripples.
    let residual = 0;
    for (let i = 0; i < ir.length * 0.9; i++) {
      const near = [0, 400, 1300, 2900].some((t) => Math.abs(i - direct - t) < 40);
      if (!near) residual = Math.max(residual, Math.abs(ir[i]));
    }
    expect(residual).toBeLessThan(0.05 * Math.abs(ir[direct]));
    expect(ir.every(Number.isFinite)).toBe(true);
  });
});
