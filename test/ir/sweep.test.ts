import { describe, expect, it } from 'vitest';
import { convolve } from '../../src/engine/index.js';
import { createSweep } from '../../src/ir/sweep.js';
import { deconvolveSweep } from '../../src/ir/deconvolve-sweep.js';
import { synthesizeRoom } from '../../src/ir/synth-room.js';
import { butterworth4 } from '../../src/ir/biquad.js';
import { gaussian, mulberry32 } from '../../src/ir/random.js';
import { resample } from '../../src/ir/resample.js';

const RATE = 48000; // Hz
const IR_LENGTH = 12000; // frames: 0.25 s

/** A known system: a small room, band-limited to 50 Hz – 16 kHz (inside the sweep's 20 Hz – 21.6 kHz). */
function knownImpulse(channels: 1 | 2): Float32Array[] {
  const room = synthesizeRoom({ size: [4, 3.5, 2.6], absorption: 0.5, source: [1, 1.5, 1.2], listener: [3, 2, 1.5], channels, duration: IR_LENGTH / RATE, seed: 8 });
  return Array.from({ length: channels }, (_, c) => {
    const h = room.getChannelData(c).slice();
    butterworth4(h, 'highpass', 50, RATE);
    butterworth4(h, 'lowpass', 16000, RATE);
    return h;
  });
}

function energy(x: Float32Array, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return sum;
}

/** Plays the sweep through `system` and adds Gaussian noise `snr` dB below the recorded signal's power. */
function record(sweep: Float32Array, system: Float32Array[], snr: number, seed: number, shape = (x: number) => x): Float32Array[] {
  let driven = sweep;
  if (shape(0.5) !== 0.5) {
    // Distort at twice the rate so harmonics above 24 kHz are filtered out instead of aliasing (as a real
    // converter's anti-alias filter does); a loudspeaker does not reproduce the added DC.
    const [up] = resample([sweep], RATE, 2 * RATE);
    driven = resample([up.map(shape)], 2 * RATE, RATE)[0].subarray(0, sweep.length);
    butterworth4(driven, 'highpass', 10, RATE);
  }
  const padded = new Float32Array(driven.length + IR_LENGTH);
  padded.set(driven);
  return system.map((h) => {
    const [y] = convolve([padded], [h]);
    const recorded = y.subarray(0, padded.length).slice();
    const noiseRms = Math.sqrt(energy(recorded) / recorded.length) * 10 ** (-snr / 20);
    const normal = gaussian(mulberry32(seed));
    for (let i = 0; i < recorded.length; i++) recorded[i] += noiseRms * normal();
    return recorded;
  });
}

function errorDb(actual: Float32Array, expected: Float32Array): number {
  let error = 0;
  for (let i = 0; i < expected.length; i++) error += (actual[i] - expected[i]) ** 2;
  return 10 * Math.log10(error / energy(expected));
}

describe('exponential sine sweep (Farina) round trip', () => {
  const sweep = createSweep({ sampleRate: RATE, duration: 3, startFrequency: 20, endFrequency: 21600 });

  it('sweep ∗ inverse is a unit impulse at delay T (band-limited)', () => {
    const [y] = convolve([sweep.sweep], [sweep.inverse]);
    let peak = 0;
    for (let i = 0; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[peak])) peak = i;
    expect(peak).toBe(sweep.sweep.length - 1);
    expect(y[peak]).toBeGreaterThan(0.85); // band-limited to 20 Hz – 21.6 kHz of 24 kHz: 0.9 ideally
    expect(y[peak]).toBeLessThan(1);
  });

  for (const channels of [1, 2] as const) {
    it(`recovers a known ${channels}-channel IR from a recording with noise 60 dB down, error ≥ 40 dB below`, () => {
      const system = knownImpulse(channels);
      const recording = record(sweep.sweep, system, 60, 17 + channels);
      const { impulse } = deconvolveSweep(recording, sweep, { length: IR_LENGTH });
      for (let c = 0; c < channels; c++) {
        const error = errorDb(impulse[c], system[c]);
        console.log(`sweep round trip, ${channels} ch, channel ${c}: error ${error.toFixed(1)} dB`);
        expect(error).toBeLessThan(-40);
      }
    });
  }

  it('separates harmonic distortion: a quadratic loudspeaker leaves the linear IR intact', () => {
    const system = knownImpulse(1);
    const recording = record(sweep.sweep, system, 60, 5, (x) => x + 0.2 * x * x); // 2nd harmonic at −20 dB re 0.5
    const { impulse, harmonics } = deconvolveSweep(recording, sweep, { length: IR_LENGTH, harmonics: 3 });
    // The loudspeaker's DC-blocking high-pass is part of the linear path: expect it in the IR too.
    const expected = system[0].slice();
    butterworth4(expected, 'highpass', 10, RATE);
    const error = errorDb(impulse[0], expected);
    console.log(`sweep round trip with 2nd-harmonic distortion: linear IR error ${error.toFixed(1)} dB`);
    expect(error).toBeLessThan(-40);
    // The second harmonic's IR carries the distortion: far more energy than the third's, and than noise.
    const second = energy(harmonics[0][0]);
    const third = energy(harmonics[1][0]);
    expect(10 * Math.log10(second / energy(impulse[0]))).toBeGreaterThan(-40);
    expect(second / third).toBeGreaterThan(100);
  });

  it('rejects a recording shorter than the sweep, and impossible sweeps', () => {
    expect(() => deconvolveSweep([new Float32Array(10)], sweep)).toThrow(/recording has 10 frames; expected at least the sweep's 144000/);
    expect(() => createSweep({ sampleRate: RATE, startFrequency: 100, endFrequency: 30000 })).toThrow(/expected 0 < start < end ≤ 24000 Hz/);
  });
});
