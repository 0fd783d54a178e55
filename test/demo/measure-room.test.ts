// The room measurement's arithmetic, offline: src/ir's sweep through a known IR (echoes) after a round-trip
// latency, with noise 60 dB down and a little 2nd-order distortion, deconvolved by src/ir and cut from the
// direct sound by the demo, gives back that IR.
import { describe, expect, it } from 'vitest';
import { createSweep, deconvolveSweep, mulberry32 } from '../../src/ir/index.js';
import { fromDirectSound } from '../../demo/direct-sound.js';

const RATE = 16000; // Hz: small, so the test is quick; the method does not depend on the rate
const TAIL = 4000; // frames of IR kept
const LATENCY = 700; // frames between playing and recording (the round trip through the audio hardware)
const TAPS: readonly [number, number][] = [[0, 1], [400, -0.5], [1300, 0.3], [2900, 0.15]]; // [frame, gain]

describe('room measurement (offline)', () => {
  it('recovers a known IR from a delayed, slightly distorted, noisy recording, starting at the direct sound', () => {
    const sweep = createSweep({ sampleRate: RATE, startFrequency: 50, endFrequency: 7000, duration: 1, amplitude: 0.25 });
    const extra = TAIL + RATE / 2;
    const recorded = new Float32Array(sweep.sweep.length + extra);
    for (const [at, gain] of TAPS) {
      for (let i = 0; i < sweep.sweep.length; i++) {
        const n = LATENCY + at + i;
        if (n < recorded.length) recorded[n] += gain * sweep.sweep[i];
      }
    }
    const random = mulberry32(5);
    for (let i = 0; i < recorded.length; i++) {
      const x = recorded[i];
      recorded[i] = x + 0.05 * x * x + 0.25e-3 * (2 * random() - 1); // distortion; noise ~60 dB below the sweep
    }
    const { impulse } = deconvolveSweep([recorded], sweep, { length: extra });
    const ir = fromDirectSound(impulse[0], TAIL, RATE);
    expect(ir.length).toBe(TAIL);
    const direct = Math.round(0.002 * RATE); // the kept pre-roll
    expect(Math.abs(ir[direct])).toBeCloseTo(0.9, 2);
    for (const [at, gain] of TAPS) expect(ir[direct + at] / ir[direct], `tap at ${at}`).toBeCloseTo(gain, 1);
    let residual = 0; // away from the taps' band-limited ringing, and before the fade-out
    for (let i = 0; i < TAIL * 0.9; i++) {
      if (!TAPS.some(([at]) => Math.abs(i - direct - at) < 40)) residual = Math.max(residual, Math.abs(ir[i]));
    }
    expect(residual).toBeLessThan(0.05 * Math.abs(ir[direct]));
  });
});
