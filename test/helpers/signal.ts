/** Signal helpers for tests: streaming through the engine, error measures, a float64 FFT reference. */
import { PartitionedConvolver } from '../../src/engine/partitioned-convolver.js';
import { RealFFT } from '../../src/engine/real-fft.js';
import { channelPaths, outputChannelCount } from '../../src/engine/channel-matrix.js';

/** Streams `input` (then silence) block by block through `conv`, returning `frames` output frames. */
export function streamBlocks(conv: PartitionedConvolver, input: Float32Array[], frames: number): Float32Array[] {
  const B = conv.blockSize;
  const inB = input.map(() => new Float32Array(B));
  const outB = Array.from({ length: conv.outputChannels }, () => new Float32Array(B));
  const out = Array.from({ length: conv.outputChannels }, () => new Float32Array(frames));
  for (let start = 0; start < frames; start += B) {
    for (let c = 0; c < input.length; c++) {
      inB[c].fill(0);
      const src = input[c];
      if (start < src.length) inB[c].set(src.subarray(start, Math.min(src.length, start + B)));
    }
    conv.process(inB, outB);
    const n = Math.min(B, frames - start);
    for (let c = 0; c < out.length; c++) out[c].set(outB[c].subarray(0, n), start);
  }
  return out;
}

export interface ErrorStats {
  /** Error energy relative to signal energy, in dB (more negative is better). */
  readonly errorDb: number;
  /** Largest absolute error divided by the reference's peak. */
  readonly maxRelative: number;
}

export function errorStats(reference: ArrayLike<number>[], actual: ArrayLike<number>[]): ErrorStats {
  if (reference.length !== actual.length) throw new Error(`channels: ${actual.length} vs reference ${reference.length}`);
  let err = 0;
  let sig = 0;
  let maxErr = 0;
  let peak = 0;
  for (let c = 0; c < reference.length; c++) {
    const r = reference[c];
    const a = actual[c];
    if (r.length !== a.length) throw new Error(`channel ${c}: ${a.length} frames vs reference ${r.length}`);
    for (let i = 0; i < r.length; i++) {
      const e = a[i] - r[i];
      err += e * e;
      sig += r[i] * r[i];
      maxErr = Math.max(maxErr, Math.abs(e));
      peak = Math.max(peak, Math.abs(r[i]));
    }
  }
  return { errorDb: 10 * Math.log10(err / sig), maxRelative: maxErr / peak };
}

/**
 * Full linear convolution in float64 by one FFT of the whole signal (no partitions, no streaming): the
 * reference for cases too large for the direct sum. Same channel matrix as the engine.
 */
export function fftConvolve64(input: Float32Array[], impulse: Float32Array[]): Float64Array[] {
  const n = input[0].length;
  const m = impulse[0].length;
  const frames = n + m - 1;
  let size = 4;
  while (size < frames) size *= 2;
  const fft = new RealFFT(size);
  const spectrum = (x: Float32Array): Float64Array => {
    const buf = new Float64Array(size);
    buf.set(x);
    const s = new Float64Array(size);
    fft.forward(buf, s, 0);
    return s;
  };
  const inputs = (input.length === 1 ? 1 : 2) as 1 | 2;
  const outs = outputChannelCount(inputs, impulse.length);
  const acc = Array.from({ length: outs }, () => new Float64Array(size));
  const X = input.map(spectrum);
  const H = impulse.map(spectrum);
  for (const path of channelPaths(inputs, impulse.length as 1 | 2 | 4)) {
    const x = X[path.input];
    const h = H[path.impulse];
    const a = acc[path.output];
    a[0] += x[0] * h[0];
    a[1] += x[1] * h[1];
    for (let k = 2; k < size; k += 2) {
      a[k] += x[k] * h[k] - x[k + 1] * h[k + 1];
      a[k + 1] += x[k] * h[k + 1] + x[k + 1] * h[k];
    }
  }
  return acc.map((a) => {
    const t = new Float64Array(size);
    fft.inverse(a, t);
    const y = new Float64Array(frames);
    for (let j = 0; j < frames; j++) y[j] = t[j ^ 1] / (size / 2);
    return y;
  });
}

/** Largest absolute difference between `actual` and `expected` (missing expected frames count as 0). */
export function maxError(actual: Float32Array[], expected: Float64Array[]): number {
  let worst = 0;
  for (let c = 0; c < expected.length; c++) {
    for (let i = 0; i < actual[c].length; i++) worst = Math.max(worst, Math.abs(actual[c][i] - (expected[c][i] ?? 0)));
  }
  return worst;
}

/** Error energy of `got` against `want`, in dB below want's energy. */
export function errorDb(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let err = 0;
  let energy = 0;
  for (let i = 0; i < want.length; i++) {
    err += (got[i] - want[i]) ** 2;
    energy += want[i] ** 2;
  }
  return 10 * Math.log10(err / energy);
}

/**
 * Input widths for mono/stereo switching tests: runs of 1–maxRun blocks, seeded (a linear congruential generator),
 * repeating after `length` blocks; channels(b) is block b's width, 1 or 2, so that an engine's delay lines go all
 * mono, partly mono and all stereo.
 */
export function channelPattern(seed: number, length: number, maxRun: number): (block: number) => number {
  const pattern: number[] = [];
  while (pattern.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const run = 1 + (seed % maxRun);
    for (let i = 0; i < run; i++) pattern.push(pattern.length % 2 === 0 || seed % 3 === 0 ? 1 : 2);
  }
  return (b) => pattern[b % pattern.length];
}

/** What an engine hears of a stereo input whose mono blocks (channels(b) = 1) carry the left channel in both. */
export function heardInput(input: Float32Array[], frames: number, blockSize: number, channels: (block: number) => number): Float32Array[] {
  const heard = input.map((c) => c.slice());
  for (let b = 0; b * blockSize < frames; b++) {
    if (channels(b) === 1) heard[1].set(heard[0].subarray(b * blockSize, (b + 1) * blockSize), b * blockSize);
  }
  return heard;
}

/**
 * Streams `input` (then silence) block by block through `engine`; `channels(b)` gives how many input channels
 * block b passes (1: mono, the first channel), `outputs` how many output channels it asks for; before(b) runs first.
 */
export function streamSwitching(
  engine: PartitionedConvolver,
  input: Float32Array[],
  frames: number,
  channels: (block: number) => number = () => input.length,
  outputs: number = engine.outputChannels,
  before: (block: number) => void = () => {},
): Float32Array[] {
  const B = engine.blockSize;
  const out = Array.from({ length: outputs }, () => new Float32Array(frames));
  const inB = input.map(() => new Float32Array(B));
  const outB = Array.from({ length: outputs }, () => new Float32Array(B));
  for (let b = 0; b * B < frames; b++) {
    before(b);
    inB.forEach((block, c) => {
      block.fill(0);
      if (b * B < input[c].length) block.set(input[c].subarray(b * B, Math.min(input[c].length, (b + 1) * B)));
    });
    engine.process(inB.slice(0, channels(b)), outB);
    outB.forEach((block, c) => out[c].set(block.subarray(0, Math.min(B, frames - b * B)), b * B));
  }
  return out;
}
