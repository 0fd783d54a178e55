import { describe, expect, it } from 'vitest';
import { PartitionedConvolver, StreamingConvolver, convolve, directConvolve } from '../../src/engine/index.js';
import { mulberry32, noise } from '../helpers/random.js';
import { errorStats, fftConvolve64, streamBlocks } from '../helpers/signal.js';

const MAX_ERROR_DB = -100; // error energy below signal energy
const MAX_RELATIVE = 1e-5; // max abs error / peak

const IR_LENGTHS = [1, 2, 127, 128, 129, 1000, 48_000, 200_000];
const CONFIGS: Array<[1 | 2 | 4, 1 | 2]> = [
  [1, 1],
  [1, 2],
  [2, 1],
  [2, 2],
  [4, 1],
  [4, 2],
];

/** Input long enough to wrap every delay line of small plans, short enough for the float64 direct sum. */
function inputFrames(irLength: number): number {
  if (irLength <= 1000) return 5000;
  if (irLength <= 48_000) return 2500;
  return 1200;
}

describe('PartitionedConvolver against the float64 direct sum, streamed block by block', () => {
  for (const length of IR_LENGTHS) {
    for (const [irChannels, inChannels] of CONFIGS) {
      it(`IR ${length} frames × ${irChannels} ch, input ${inChannels} ch`, () => {
        const seed = length * 10 + irChannels * 3 + inChannels;
        const impulse = noise(irChannels, length, seed);
        const input = noise(inChannels, inputFrames(length), seed + 1);
        const reference = directConvolve(input, impulse);
        const conv = new PartitionedConvolver(impulse, { inputChannels: inChannels });
        expect(conv.outputChannels).toBe(irChannels === 1 && inChannels === 1 ? 1 : 2);
        const out = streamBlocks(conv, input, reference[0].length);
        const stats = errorStats(reference, out);
        expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
        expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
      });
    }
  }

  for (const blockSize of [32, 64, 256, 1024, 4096]) {
    it(`block size ${blockSize}, IR 30 000 frames true stereo`, () => {
      const impulse = noise(4, 30_000, blockSize);
      const input = noise(2, 9000, blockSize + 1);
      const conv = new PartitionedConvolver(impulse, { blockSize });
      const reference = directConvolve(input, impulse);
      const stats = errorStats(reference, streamBlocks(conv, input, reference[0].length));
      expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
      expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
    });
  }

  it('a long input through a long IR matches a float64 FFT convolution (every delay line wraps)', () => {
    const impulse = noise(2, 100_000, 5);
    const input = noise(2, 400_000, 6);
    const reference = fftConvolve64(input, impulse);
    const out = streamBlocks(new PartitionedConvolver(impulse), input, reference[0].length);
    const stats = errorStats(reference, out);
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
    expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
  });

  it('reset() forgets all input', () => {
    const impulse = noise(2, 20_000, 8);
    const input = noise(2, 3000, 9);
    const conv = new PartitionedConvolver(impulse);
    streamBlocks(conv, noise(2, 7000, 10), 7040); // leave state and a non-zero phase behind
    conv.reset();
    const reference = directConvolve(input, impulse);
    const stats = errorStats(reference, streamBlocks(conv, input, reference[0].length));
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
  });
});

describe('deferred loading (deferLoad)', () => {
  it('copies the impulse spectra piece by piece through load(), then convolves exactly', () => {
    const impulse = noise(2, 200_000, 31);
    const input = noise(2, 1500, 32);
    const reference = directConvolve(input, impulse);
    const conv = new PartitionedConvolver(impulse, { deferLoad: true });
    let calls = 0;
    while (!conv.load(65_536)) calls++;
    // 2 channels × ≈ 2 × 200 000 floats of spectra, 65 536 floats a call: several calls, not one
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(conv.load(65_536)).toBe(true);
    const stats = errorStats(reference, streamBlocks(conv, input, reference[0].length));
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
  });

  it('process() on a partly loaded engine finishes the copy first, so output is never wrong', () => {
    const impulse = noise(4, 60_000, 33);
    const input = noise(2, 2000, 34);
    const reference = directConvolve(input, impulse);
    const conv = new PartitionedConvolver(impulse, { deferLoad: true });
    conv.load(1); // one piece only
    const stats = errorStats(reference, streamBlocks(conv, input, reference[0].length));
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
    expect(conv.load(1)).toBe(true);
  });
});

describe('prefault()', () => {
  it('touches the state piece by piece before the first block, and changes no output', () => {
    const impulse = noise(2, 200_000, 35);
    const input = noise(2, 40 * 128, 36);
    // a deferred engine (built on an audio thread) is not prefaulted by its constructor: its owner does it in pieces
    const fresh = new PartitionedConvolver(impulse, { deferLoad: true });
    const faulted = new PartitionedConvolver(impulse, { deferLoad: true });
    let calls = 1;
    while (!faulted.prefault(1 << 20)) calls++;
    // ≈ 2 inputs × 2 × 200 000 floats of delay lines alone: several MiB, so several 1 MiB pieces
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(faulted.prefault(1 << 20)).toBe(true);
    const a = streamBlocks(fresh, input, input[0].length);
    const b = streamBlocks(faulted, input, input[0].length);
    for (let c = 0; c < 2; c++) expect(b[c]).toEqual(a[c]);
    // after the first block it writes nothing: the state is no longer zeros
    expect(faulted.prefault()).toBe(true);
    const c2 = streamBlocks(faulted, input, input[0].length);
    const d2 = streamBlocks(fresh, input, input[0].length);
    for (let c = 0; c < 2; c++) expect(c2[c]).toEqual(d2[c]);
  });

  it('an engine built without deferLoad comes prefaulted: its first blocks do not fault the state in', () => {
    const impulse = noise(2, 200_000, 35);
    const input = noise(2, 40 * 128, 36);
    const built = new PartitionedConvolver(impulse);
    expect(built.prefault(1)).toBe(true); // nothing left to touch, even with a 1-byte budget
    const deferred = new PartitionedConvolver(impulse, { deferLoad: true });
    expect(deferred.prefault(1)).toBe(false);
    const a = streamBlocks(built, input, input[0].length);
    const b = streamBlocks(deferred, input, input[0].length);
    for (let c = 0; c < 2; c++) expect(a[c]).toEqual(b[c]);
  });
});

describe('mono and stereo input to a 2-input engine', () => {
  // A worklet's input switches between mono and stereo as sources connect; a mono block is the speaker
  // up-mix (R = L), for which the engine skips input 1's FFT and reuses input 0's spectra.
  for (const irChannels of [1, 2, 4] as const) {
    it(`${irChannels}-channel IR: mono → stereo → mono → stereo matches R = L up-mix`, () => {
      const impulse = noise(irChannels, 40_000, irChannels);
      const B = 128;
      const segments = [157, 301, 96, 250]; // blocks: mono, stereo, mono, stereo (not chunk-aligned)
      const frames = segments.reduce((a, b) => a + b, 0) * B;
      const [left, right] = noise(2, frames, 77);
      let at = 0;
      const monoBlock: boolean[] = [];
      segments.forEach((blocks, i) => {
        for (let b = 0; b < blocks; b++) {
          const mono = i % 2 === 0;
          if (mono) right.set(left.subarray(at, at + B), at);
          monoBlock.push(mono);
          at += B;
        }
      });
      const reference = directConvolve([left, right], impulse);
      const conv = new PartitionedConvolver(impulse, { inputChannels: 2 });
      const total = reference[0].length;
      const out = [new Float32Array(total), new Float32Array(total)];
      const inL = new Float32Array(B);
      const inR = new Float32Array(B);
      const outB = [new Float32Array(B), new Float32Array(B)];
      for (let start = 0, b = 0; start < total; start += B, b++) {
        inL.fill(0);
        inR.fill(0);
        if (start < frames) {
          inL.set(left.subarray(start, start + B));
          inR.set(right.subarray(start, start + B));
        }
        conv.process(start < frames && monoBlock[b] ? [inL] : [inL, inR], outB);
        const n = Math.min(B, total - start);
        for (let c = 0; c < 2; c++) out[c].set(outB[c].subarray(0, n), start);
      }
      const stats = errorStats(reference, out);
      expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
      expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
    });
  }
});

describe('mono in, mono IR → mono out without options (the spec matrix)', () => {
  for (const length of [1, 512, 4800, 48_000]) {
    it(`new PartitionedConvolver([ir]) takes [monoIn] → [monoOut], IR ${length} frames`, () => {
      const impulse = noise(1, length, 500 + length);
      const input = noise(1, 6000, 501 + length);
      const reference = directConvolve(input, impulse);
      const conv = new PartitionedConvolver(impulse);
      expect(conv.inputChannels).toBe(2); // the default keeps both widths possible…
      const B = conv.blockSize;
      const total = reference[0].length;
      const out = new Float32Array(total);
      const inB = new Float32Array(B);
      const outB = [new Float32Array(B)]; // …and mono input with a mono IR may have one output
      for (let start = 0; start < total; start += B) {
        inB.fill(0);
        if (start < input[0].length) inB.set(input[0].subarray(start, Math.min(input[0].length, start + B)));
        conv.process([inB], outB);
        out.set(outB[0].subarray(0, Math.min(B, total - start)), start);
      }
      const stats = errorStats(reference, [out]);
      expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
      expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
    });
  }

  it('the same engine then takes stereo input into two outputs (L ⊛ h, R ⊛ h), and mono again', () => {
    const impulse = noise(1, 20_000, 510);
    const B = 128;
    const blocks = 500; // mono 0–149 (one output), stereo 150–349, mono 350+ (two outputs, equal)
    const [left, right] = noise(2, blocks * B, 511);
    for (let b = 0; b < blocks; b++) if (b < 150 || b >= 350) right.set(left.subarray(b * B, (b + 1) * B), b * B);
    const reference = directConvolve([left, right], impulse);
    const conv = new PartitionedConvolver(impulse);
    const out = [new Float32Array(blocks * B), new Float32Array(blocks * B)];
    const outB = [new Float32Array(B), new Float32Array(B)];
    for (let b = 0; b < blocks; b++) {
      const l = left.subarray(b * B, (b + 1) * B);
      const r = right.subarray(b * B, (b + 1) * B);
      if (b < 150) {
        conv.process([l], [outB[0]]);
        outB[1].set(outB[0]);
      } else {
        conv.process(b < 350 ? [l, r] : [l], outB);
      }
      out[0].set(outB[0], b * B);
      out[1].set(outB[1], b * B);
    }
    const stats = errorStats(reference.map((c) => c.subarray(0, blocks * B)), out);
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
    expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
  });

  it('one output channel for stereo input, or for a stereo IR, is still an error', () => {
    const b = () => new Float32Array(128);
    expect(() => new PartitionedConvolver(noise(1, 100, 1)).process([b(), b()], [b()])).toThrow(/output has 1 channel; expected 2/);
    expect(() => new PartitionedConvolver(noise(2, 100, 1)).process([b()], [b()])).toThrow(/output has 1 channel; expected 2/);
  });
});

describe('convolve and StreamingConvolver (offline)', () => {
  for (const [irLength, inLength] of [
    [1, 1],
    [3, 2],
    [1000, 1],
    [5000, 300],
    [20_000, 7000],
    [70_000, 1500],
  ]) {
    it(`convolve: IR ${irLength}, input ${inLength} frames, whole tail`, () => {
      const impulse = noise(2, irLength, irLength);
      const input = noise(2, inLength, inLength + 7);
      const reference = directConvolve(input, impulse);
      const out = convolve(input, impulse);
      expect(out[0].length).toBe(inLength + irLength - 1);
      const stats = errorStats(reference, out);
      expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
      expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
    });
  }

  it('random-length chunks give the same result as one call', () => {
    const rand = mulberry32(42);
    const impulse = noise(4, 12_345, 1);
    const input = noise(2, 30_000, 2);
    const reference = directConvolve(input, impulse);
    const stream = new StreamingConvolver(impulse, { blockSize: 512 });
    const parts: Float32Array[][] = [];
    for (let at = 0; at < input[0].length; ) {
      const n = Math.min(input[0].length - at, 1 + Math.floor(rand() * 3000));
      parts.push(stream.push(input.map((c) => c.subarray(at, at + n))));
      at += n;
    }
    parts.push(stream.finish());
    const out = [0, 1].map((c) => {
      const y = new Float32Array(parts.reduce((s, p) => s + p[c].length, 0));
      let at = 0;
      for (const p of parts) {
        y.set(p[c], at);
        at += p[c].length;
      }
      return y;
    });
    const stats = errorStats(reference, out);
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
    expect(stats.maxRelative).toBeLessThan(MAX_RELATIVE);
  });

  it('mono input with a mono IR gives mono output; a stereo IR gives stereo', () => {
    expect(convolve(noise(1, 10, 1), noise(1, 5, 2))).toHaveLength(1);
    expect(convolve(noise(1, 10, 1), noise(2, 5, 2))).toHaveLength(2);
    expect(convolve(noise(2, 10, 1), noise(1, 5, 2))).toHaveLength(2);
  });

  it('rejects use after finish()', () => {
    const s = new StreamingConvolver(noise(1, 10, 1));
    s.finish();
    expect(() => s.push(noise(1, 10, 2))).toThrow(/after finish/);
  });
});

describe('textbook examples', () => {
  it('two fair dice convolve to the distribution of their sum', () => {
    const die = new Float32Array(7); // index = face value; face 0 has probability 0
    for (let face = 1; face <= 6; face++) die[face] = 1 / 6;
    const [sum] = convolve([die], [die]);
    expect(sum).toHaveLength(13);
    expect(sum[7]).toBeCloseTo(6 / 36, 7);
    expect(sum[4]).toBeCloseTo(3 / 36, 7);
    expect(sum[2]).toBeCloseTo(1 / 36, 7);
    expect(sum[12]).toBeCloseTo(1 / 36, 7);
    expect(sum[0]).toBeCloseTo(0, 7);
    expect(sum[1]).toBeCloseTo(0, 7);
    for (let s = 2; s <= 12; s++) expect(sum[s]).toBeCloseTo((6 - Math.abs(s - 7)) / 36, 7);
    expect(sum.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('a unit impulse through the system g(t) = e^(−t/τ) returns g', () => {
    const tau = 2400; // frames (50 ms at 48 kHz)
    const g = new Float32Array(48_000).map((_, t) => Math.exp(-t / tau));
    const impulse = new Float32Array(256);
    impulse[0] = 1;
    const conv = new PartitionedConvolver([g], { inputChannels: 1 });
    const [y] = streamBlocks(conv, [impulse], 48_000);
    let maxErr = 0;
    for (let t = 0; t < y.length; t++) maxErr = Math.max(maxErr, Math.abs(y[t] - g[t]));
    expect(maxErr).toBeLessThan(1e-6);
  });

  it('the output at time T equals Σ_t f(t)·g(T − t)', () => {
    const rand = mulberry32(3);
    const f = new Float32Array(3000).map(() => rand() - 0.5);
    const g = new Float32Array(5000).map((_, t) => Math.exp(-t / 800) * (rand() - 0.5));
    const [y] = streamBlocks(new PartitionedConvolver([g], { inputChannels: 1 }), [f], 7999);
    for (const T of [0, 1, 127, 128, 2999, 4000, 7998]) {
      let sum = 0;
      for (let t = Math.max(0, T - g.length + 1); t <= Math.min(T, f.length - 1); t++) sum += f[t] * g[T - t];
      expect(y[T]).toBeCloseTo(sum, 5);
    }
  });
});

describe('zero added latency', () => {
  it('a unit-impulse IR returns the input unchanged', () => {
    const input = noise(2, 5000, 1);
    const out = streamBlocks(new PartitionedConvolver([new Float32Array([1])]), input, 5000);
    for (let c = 0; c < 2; c++) for (let i = 0; i < 5000; i++) expect(Math.abs(out[c][i] - input[c][i])).toBeLessThan(1e-6);
  });

  for (const d of [1, 127, 128, 129, 1000, 5000, 33_333]) {
    it(`an impulse delayed by ${d} frames delays the input by exactly ${d} frames`, () => {
      const ir = new Float32Array(d + 1);
      ir[d] = 1;
      const input = noise(1, 3000, d);
      const [y] = streamBlocks(new PartitionedConvolver([ir], { inputChannels: 1 }), input, d + 3000);
      let maxBefore = 0;
      for (let i = 0; i < d; i++) maxBefore = Math.max(maxBefore, Math.abs(y[i]));
      expect(maxBefore).toBeLessThan(1e-6);
      let maxErr = 0;
      for (let i = 0; i < 3000; i++) maxErr = Math.max(maxErr, Math.abs(y[d + i] - input[0][i]));
      expect(maxErr).toBeLessThan(1e-6);
    });
  }

  it('output frame n depends only on input frames ≤ n', () => {
    const impulse = noise(2, 10_000, 4);
    const a = noise(2, 4000, 5);
    const b = a.map((c) => c.slice());
    const n = 1000; // the two inputs agree up to frame n and differ after it
    for (let c = 0; c < 2; c++) for (let i = n + 1; i < 4000; i++) b[c][i] = -a[c][i];
    const ya = streamBlocks(new PartitionedConvolver(impulse), a, 4000);
    const yb = streamBlocks(new PartitionedConvolver(impulse), b, 4000);
    // frames of one block share FFTs, so "does not depend" means: equal up to float rounding (1e-6 of the
    // output's peak), while a real dependence shows at once
    for (let c = 0; c < 2; c++) {
      const peak = ya[c].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      let before = 0;
      for (let i = 0; i <= n; i++) before = Math.max(before, Math.abs(yb[c][i] - ya[c][i]));
      expect(before).toBeLessThan(1e-6 * peak);
      expect(Math.abs(yb[c][n + 1] - ya[c][n + 1])).toBeGreaterThan(1e-3 * peak);
    }
  });
});
