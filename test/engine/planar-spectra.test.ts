// Planar spectra (groups of four bins, re then im) and macring4p (ConvolutionLevel.planarUpTo) against the same
// engines with every level packed (macring4): the same output to float32 rounding (the products are summed in
// another order), and the float64 convolution, for every path of the channel matrix, mono and stereo input,
// mono/stereo switches (partly mono delay lines: a planar level takes input-1 paths a partition a call) and
// IRs loaded in parts.
import { afterEach, describe, expect, it } from 'vitest';
import { ConvolutionLevel } from '../../src/engine/convolution-level.js';
import {
  PartitionedConvolver,
  planPartitions,
  prepareImpulse,
  prepareImpulseHead,
  prepareImpulseParts,
  simdAvailable,
  type PreparedImpulse,
} from '../../src/engine/index.js';
import { noise } from '../helpers/random.js';
import { channelPattern, errorStats, fftConvolve64, heardInput, streamSwitching } from '../helpers/signal.js';

const B = 128; // frames
const DEFAULT_PLANAR = ConvolutionLevel.planarUpTo;
const ALL = 65536; // frames: every level planar

type Options = ConstructorParameters<typeof PartitionedConvolver>[1];

/** An engine whose levels are planar up to `upTo` frames. */
function build(prepared: PreparedImpulse, upTo: number, options: Options = {}): PartitionedConvolver {
  ConvolutionLevel.planarUpTo = upTo;
  try {
    return new PartitionedConvolver(prepared, options);
  } finally {
    ConvolutionLevel.planarUpTo = DEFAULT_PLANAR;
  }
}

/** Which of the engine's levels are planar (a private field: what this file tests). */
function planarLevels(engine: PartitionedConvolver): boolean[] {
  return (engine as unknown as { levels: ConvolutionLevel[] }).levels.map((level) => level.planar);
}


/** The first frame where `got` and `want` differ in any bit, or -1. */
function firstDifference(got: Float32Array[], want: Float32Array[]): number {
  let first = -1;
  got.forEach((channel, c) => {
    const i = channel.findIndex((v, k) => !Object.is(v, want[c][k]));
    if (i >= 0 && (first < 0 || i < first)) first = i;
  });
  return first;
}

describe.skipIf(!simdAvailable())('planar spectra (macring4p)', () => {
  afterEach(() => {
    ConvolutionLevel.planarUpTo = DEFAULT_PLANAR;
  });

  it('every level up to planarUpTo of 6 partitions or more is planar where SIMD runs, and none without', () => {
    const prepared = prepareImpulse(noise(2, 12_000, 3), { blockSize: B });
    expect(prepared.plan.levels.map((l) => l.size)).toEqual([128, 1024]);
    expect(planarLevels(build(prepared, DEFAULT_PLANAR))).toEqual([128, 1024].map((size) => size <= DEFAULT_PLANAR));
    expect(planarLevels(build(prepared, 128))).toEqual([true, false]);
    expect(planarLevels(build(prepared, ALL))).toEqual([true, true]);
    expect(planarLevels(build(prepared, 0))).toEqual([false, false]);
    expect(planarLevels(build(prepared, ALL, { simd: false }))).toEqual([false, false]);
    // under 6 partitions the conversions cost about what the MAC saves: packed
    const short = prepareImpulse(noise(2, 5 * B, 4), { blockSize: B });
    expect(short.plan.levels.map((l) => `${l.size}×${l.count}`)).toEqual(['128×5']);
    expect(planarLevels(build(short, ALL))).toEqual([false]);
  });

  const cases: [string, number, number, number][] = [
    // name, IR channels, IR frames, input channels
    ['stereo IR of 12 000 frames, stereo input', 2, 12_000, 2],
    ['stereo IR of 7000 frames, mono input (one channel given)', 2, 7000, 1],
    ['true-stereo IR of 6000 frames, stereo input', 4, 6000, 2],
    ['mono IR of 7000 frames, mono input (1-input engine)', 1, 7000, 1],
    ['mono IR of 7000 frames, stereo input', 1, 7000, 2],
    ['stereo IR of 2000 frames (level 0 alone, 16 partitions), stereo input', 2, 2000, 2],
  ];
  for (const [name, irChannels, irFrames, inputs] of cases) {
    it(`${name}: every level planar, level 0 alone, none: the same output to float32 rounding, and the float64 convolution`, () => {
      const impulse = noise(irChannels, irFrames, irFrames + irChannels);
      const input = noise(inputs, 9000, 7);
      const frames = input[0].length + irFrames - 1; // the whole tail
      const prepared = prepareImpulse(impulse, { blockSize: B });
      const options: Options = inputs === 1 && irChannels === 1 ? { inputChannels: 1 } : {};
      const [all, head, none] = [ALL, B, 0].map((upTo) => build(prepared, upTo, options));
      const many = prepared.plan.levels.map((l) => l.count >= 6); // fewer partitions stay packed
      expect(many.some((m) => m)).toBe(true);
      expect(planarLevels(all)).toEqual(many);
      expect(planarLevels(head)).toEqual(many.map((m, l) => m && l === 0));
      expect(planarLevels(none).some((s) => s)).toBe(false);
      const want = streamSwitching(none, input, frames);
      const heard = inputs === 1 && irChannels !== 1 ? [input[0], input[0]] : input;
      const reference = fftConvolve64(heard, impulse).map((c) => c.subarray(0, frames));
      for (const engine of [all, head]) {
        const got = streamSwitching(engine, input, frames);
        expect(got.length).toBe(want.length);
        // another order of sums: some rounding shows where a level is planar; none where none is
        expect(firstDifference(got, want) >= 0).toBe(planarLevels(engine).some((p) => p));
        expect(errorStats(want, got).maxRelative).toBeLessThan(1e-6);
        expect(errorStats(reference, got).errorDb).toBeLessThan(-100);
      }
    });
  }

  it('mono/stereo switches at random blocks (delay lines all mono, partly mono, all stereo): the float64 up-mix convolution, and packed levels to float32 rounding', () => {
    for (const irChannels of [1, 2, 4]) {
      const impulse = noise(irChannels, 7000, 40 + irChannels); // 128×6 512×13: both planar
      const input = noise(2, 20_000, 41);
      // mono runs of 1–20 blocks between stereo runs, so delay lines are all mono, partly mono and all stereo
      const channels = channelPattern(9, 300, 20);
      const heard = heardInput(input, 20_000, B, channels);
      const prepared = prepareImpulse(impulse, { blockSize: B });
      const engine = build(prepared, ALL);
      expect(planarLevels(engine)).toEqual([true, true]);
      const got = streamSwitching(engine, input, 20_000, channels);
      const reference = fftConvolve64(heard, impulse).map((c) => c.subarray(0, 20_000));
      expect(errorStats(reference, got).errorDb).toBeLessThan(-100);
      expect(errorStats(streamSwitching(build(prepared, 0), input, 20_000, channels), got).maxRelative).toBeLessThan(1e-6);
    }
  });

  it('a partly loaded IR (head first, the tail supplied late and copied a piece per block): planar and packed levels alike, to float32 rounding', () => {
    const impulse = noise(2, 12_000, 51);
    const plan = planPartitions(12_000, { blockSize: B }); // 128×14 1024×10
    const head = () => prepareImpulseHead(impulse, { blockSize: B, plan, frames: 3 * B }); // level 0's partitions 0–2
    const arrival = 30; // block
    const input = noise(2, 9000, 52);
    const outs = [ALL, 0].map((upTo) => {
      const engine = build(head(), upTo, { deferLoad: true, loadPerBlock: 3000 });
      expect(planarLevels(engine).every((s) => s === upTo > 0)).toBe(true);
      expect(engine.load(Infinity)).toBe(true);
      const tail = plan.levels.map((level, l) => prepareImpulseParts(impulse, plan, l, l === 0 ? 3 : 0, level.count, 1));
      const out = streamSwitching(engine, input, 20_999, () => 2, engine.outputChannels, (b) => {
        if (b === arrival) tail.forEach((spectra, l) => engine.supply(l, l === 0 ? 3 : 0, spectra));
      });
      expect(engine.missingPartitions).toBe(0);
      return out;
    });
    expect(errorStats(outs[1], outs[0]).maxRelative).toBeLessThan(1e-6);
    // before the tail: the head alone (partitions 0–2); well after it: the whole IR
    const early = impulse.map((c) => c.map((v, i) => (i < 3 * B ? v : 0)));
    const before = fftConvolve64(input, early).map((c) => c.subarray(0, arrival * B));
    expect(errorStats(before, outs[0].map((c) => c.subarray(0, arrival * B))).errorDb).toBeLessThan(-100);
    // the copy (3000 floats a block) is through by block ≈ 47; level 1's first job after it (chunk 6) is heard
    // from frame 6·1024 + 2·1024 − 2·128 = 7936
    const from = 8192;
    const after = fftConvolve64(input, impulse).map((c) => c.subarray(from, 20_999));
    expect(errorStats(after, outs[0].map((c) => c.subarray(from, 20_999))).errorDb).toBeLessThan(-100);
  });
});
