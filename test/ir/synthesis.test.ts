import { describe, expect, it } from 'vitest';
import { synthesizeExponentialDecay } from '../../src/ir/synth-exponential.js';
import { synthesizeNoiseReverb } from '../../src/ir/synth-noise-reverb.js';
import { butterworth4 } from '../../src/ir/biquad.js';
import { roomRt60, synthesizeRoom } from '../../src/ir/synth-room.js';
import { analyzeImpulse, estimateRt60 } from '../../src/ir/analyze-impulse.js';
import { channelsOf } from '../../src/ir/impulse-buffer.js';

const relativeError = (measured: number, expected: number) => Math.abs(measured - expected) / expected;

function correlation(a: Float32Array, b: Float32Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
}

/** A 4th-order low-pass (two cascaded one-poles twice), for measuring the decay of the low band only. */
function lowPass(data: Float32Array, corner: number, rate: number): Float32Array {
  const out = data.slice();
  const pole = Math.exp((-2 * Math.PI * corner) / rate);
  for (let pass = 0; pass < 4; pass++) {
    let y = 0;
    for (let i = 0; i < out.length; i++) out[i] = y = (1 - pole) * out[i] + pole * y;
  }
  return out;
}

describe('exponential decay g(t) = e^{−t/τ}', () => {
  it('samples e^{−n/(τ fs)} and has RT60 = τ ln 1000 (Schroeder, within 1 %)', () => {
    const ir = synthesizeExponentialDecay({ tau: 0.05, sampleRate: 48000 });
    const g = ir.getChannelData(0);
    expect(g[0]).toBe(1);
    expect(g[2400]).toBeCloseTo(Math.exp(-1), 6);
    const { rt60, method } = analyzeImpulse(ir);
    expect(method).toBe('T30');
    expect(relativeError(rt60, 0.05 * Math.log(1000))).toBeLessThan(0.01);
  });

  it("'dc' scale gives unit DC gain; 4 channels are true stereo without cross paths", () => {
    const dc = synthesizeExponentialDecay({ rt60: 0.5, scale: 'dc', sampleRate: 8000 }).getChannelData(0);
    expect(dc.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 2);
    const four = synthesizeExponentialDecay({ channels: 4 });
    expect(channelsOf(four).map((c) => c[0])).toEqual([1, 0, 0, 1]);
    expect(() => synthesizeExponentialDecay({ tau: -1 })).toThrow(/tau is -1; expected a number of s > 0/);
  });
});

describe('noise reverb', () => {
  for (const rt60 of [0.3, 1, 2.5]) {
    for (const channels of [1, 2, 4] as const) {
      it(`RT60 ${rt60} s, ${channels} channel(s), no damping: measured within 10 %`, () => {
        const ir = synthesizeNoiseReverb({ rt60, channels, hfRatio: 1, seed: 3 });
        const { rt60: measured } = estimateRt60(channelsOf(ir), ir.sampleRate);
        expect(relativeError(measured, rt60)).toBeLessThan(0.1);
      });
    }
  }

  it('damping: the low band keeps the requested RT60, the high band decays hfRatio times faster', () => {
    const ir = synthesizeNoiseReverb({ rt60: 2, hfRatio: 0.4, dampingFrequency: 2000, channels: 1, seed: 9 });
    const data = ir.getChannelData(0);
    const low = estimateRt60([lowPass(data, 300, ir.sampleRate)], ir.sampleRate).rt60;
    const highBand = data.slice();
    butterworth4(highBand, 'highpass', 8000, ir.sampleRate);
    const high = estimateRt60([highBand], ir.sampleRate).rt60;
    expect(relativeError(low, 2)).toBeLessThan(0.1);
    expect(relativeError(high, 0.8)).toBeLessThan(0.1);
  });

  it('pre-delay is silent, decorrelation sets the channel correlation, seeds reproduce', () => {
    const ir = synthesizeNoiseReverb({ rt60: 1, preDelay: 0.025, seed: 5 });
    expect(ir.getChannelData(0).subarray(0, 1200).every((x) => x === 0)).toBe(true);
    expect(Math.abs(ir.getChannelData(0)[1250])).toBeGreaterThan(0);
    expect(analyzeImpulse(ir).preDelay).toBeGreaterThanOrEqual(0.025);
    expect(Math.abs(correlation(ir.getChannelData(0), ir.getChannelData(1)))).toBeLessThan(0.05);
    const half = synthesizeNoiseReverb({ rt60: 1, decorrelation: 0.5, seed: 5 });
    expect(correlation(half.getChannelData(0), half.getChannelData(1))).toBeCloseTo(0.5, 1);
    expect(synthesizeNoiseReverb({ rt60: 1, preDelay: 0.025, seed: 5 }).getChannelData(1)).toEqual(ir.getChannelData(1));
    expect(synthesizeNoiseReverb({ rt60: 1, preDelay: 0.025, seed: 6 }).getChannelData(1)).not.toEqual(ir.getChannelData(1));
    expect(() => synthesizeNoiseReverb({ channels: 3 as 2 })).toThrow(/channels is 3; expected 1, 2 or 4/);
  });
});

describe('shoebox room (image sources + diffuse tail)', () => {
  const rooms = [
    { name: 'small room', size: [4, 3.5, 2.6] as const, absorption: 0.35, source: [1, 1.5, 1.2] as const, listener: [3, 2, 1.5] as const },
    { name: 'large hall', size: [30, 20, 12] as const, absorption: 0.2, source: [5, 10, 2] as const, listener: [20, 9, 2] as const },
  ];
  for (const room of rooms) {
    for (const channels of [1, 2, 4] as const) {
      it(`${room.name}, ${channels} channel(s): RT60 within 10 % of Eyring's`, () => {
        const ir = synthesizeRoom({ ...room, channels, seed: 2 });
        const expected = roomRt60(room.size, room.absorption);
        const measured = estimateRt60(channelsOf(ir), ir.sampleRate).rt60;
        expect(relativeError(measured, expected)).toBeLessThan(0.1);
      });
    }
  }

  it('the direct sound arrives at distance / c with amplitude 1 / distance', () => {
    const ir = synthesizeRoom({ size: [10, 10, 10], source: [2, 5, 5], listener: [5.43, 5, 5], channels: 1, absorption: 0.5 });
    const distance = 3.43; // m: 10 ms at 343 m/s, 480 frames at 48 kHz
    const data = ir.getChannelData(0);
    let peak = 0;
    for (let i = 0; i < 2000; i++) if (Math.abs(data[i]) > Math.abs(data[peak])) peak = i;
    expect(peak).toBe(480);
    expect(data[480]).toBeCloseTo(1 / distance, 3);
    expect(analyzeImpulse(ir).preDelay).toBeCloseTo(0.01, 4);
  });

  it('rejects a listener outside the room and bad absorption', () => {
    expect(() => synthesizeRoom({ size: [4, 4, 3], listener: [5, 1, 1], channels: 1 })).toThrow(/listener\[0\] is 5 m; expected 0 to 4 m/);
    expect(() => synthesizeRoom({ absorption: [0.1, 0.2] })).toThrow(/absorption has 2 values; expected 1 or 6/);
  });
});

describe('band-pass ("telephone") filter', () => {
  it('passes 1 kHz within 0.5 dB and attenuates 60 Hz and 10 kHz by ≥ 40 dB', async () => {
    const { synthesizeBandpass } = await import('../../src/ir/synth-bandpass.js');
    const h = synthesizeBandpass({ duration: 0.02 }).getChannelData(0);
    const gainDb = (freq: number) => {
      let re = 0, im = 0;
      for (let n = 0; n < h.length; n++) { re += h[n] * Math.cos((2 * Math.PI * freq * n) / 48000); im -= h[n] * Math.sin((2 * Math.PI * freq * n) / 48000); }
      return 20 * Math.log10(Math.hypot(re, im));
    };
    expect(Math.abs(gainDb(1000))).toBeLessThan(0.5);
    expect(gainDb(60)).toBeLessThan(-40);
    expect(gainDb(10000)).toBeLessThan(-40);
  });
});
