// Level 0 in one WebAssembly call a block (block-level.ts) against the same engine running level 0 as a
// ConvolutionLevel (BlockLevel.enabled = false) and against float64 references: bit for bit where both sum in
// the same order, to float32 rounding where the level path groups partitions (partly mono delay lines).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockLevel } from '../../src/engine/block-level.js';
import {
  PartitionedConvolver,
  planPartitions,
  prepareImpulse,
  prepareImpulseHead,
  prepareImpulseParts,
  scopeMemoryStats,
  simdAvailable,
  type PreparedImpulse,
} from '../../src/engine/index.js';
import { noise } from '../helpers/random.js';
import { channelPattern, errorStats, fftConvolve64, heardInput, streamSwitching } from '../helpers/signal.js';

const B = 128; // frames
const MAX_ERROR_DB = -100; // error energy below signal energy

/** Two engines on the same prepared IR: level 0 in one call, and level 0 as a ConvolutionLevel. */
function pair(prepared: PreparedImpulse, options: ConstructorParameters<typeof PartitionedConvolver>[1] = {}): PartitionedConvolver[] {
  BlockLevel.enabled = false;
  const levelPath = new PartitionedConvolver(prepared, options);
  BlockLevel.enabled = true;
  return [new PartitionedConvolver(prepared, options), levelPath];
}

/** Whether the engine runs level 0 through the block kernel (a private field: what this file tests). */
function usesHead(engine: PartitionedConvolver): boolean {
  return (engine as unknown as { head: BlockLevel | null }).head !== null;
}


/**
 * `got` equals `want` bit for bit from frame `from` on, and to float32 rounding before: a 2-input engine starts
 * with every delay-line slot marked mono, so for its first P blocks (P: level 0's partitions) stereo input
 * leaves the ring partly mono, where the level path sums four partitions at a time and the kernel one by one.
 */
function expectBitIdentical(got: Float32Array[], want: Float32Array[], from = 0): void {
  expect(got.length).toBe(want.length);
  got.forEach((channel, c) => {
    const first = channel.findIndex((v, i) => i >= from && !Object.is(v, want[c][i]));
    expect(first, `channel ${c} first differs at frame ${first}`).toBe(-1);
  });
  if (from > 0) {
    const head = (x: Float32Array[]) => x.map((channel) => channel.subarray(0, from));
    expect(errorStats(head(want), head(got)).maxRelative).toBeLessThan(1e-6);
  }
}

/** Frames a 2-input engine's output may differ from the level path's in rounding (see expectBitIdentical). */
function partlyMono(engine: PartitionedConvolver): number {
  return engine.inputChannels === 2 ? engine.plan.levels[0].count * B : 0;
}

describe.skipIf(!simdAvailable())('level 0 in one WebAssembly call (BlockLevel)', () => {
  afterEach(() => {
    BlockLevel.enabled = true;
  });

  const frames = 6000;
  const cases: [string, number, number, number][] = [
    // name, IR channels, IR frames, input channels
    ['stereo IR of 512 frames (level 0 only), stereo input', 2, 512, 2],
    ['stereo IR of 4800 frames (levels 128, 512), stereo input', 2, 4800, 2],
    ['stereo IR of 2000 frames (level 0 alone, 16 partitions: planar), stereo input', 2, 2000, 2],
    ['stereo IR of 12 000 frames (levels 128, 1024, planar), mono input', 2, 12_000, 1],
    ['true-stereo IR of 1000 frames, stereo input', 4, 1000, 2],
    ['mono IR of 700 frames, mono input (1-input engine)', 1, 700, 1],
    ['mono IR of 700 frames, stereo input', 1, 700, 2],
    ['IR shorter than one partition (50 frames), stereo', 2, 50, 2],
  ];
  for (const [name, irChannels, irFrames, inputs] of cases) {
    it(`${name}: bit for bit the level path's output, and the float64 convolution`, () => {
      const impulse = noise(irChannels, irFrames, irFrames + irChannels);
      const input = noise(inputs, 5000, 7);
      const reference = fftConvolve64(input, impulse).map((c) => c.subarray(0, frames));
      const [head, levelPath] = pair(prepareImpulse(impulse, { blockSize: B }), { inputChannels: inputs as 1 | 2 });
      expect(usesHead(head)).toBe(true);
      expect(usesHead(levelPath)).toBe(false);
      const got = streamSwitching(head, input, reference[0].length);
      expectBitIdentical(got, streamSwitching(levelPath, input, reference[0].length), partlyMono(head));
      expect(errorStats(reference, got).errorDb).toBeLessThan(MAX_ERROR_DB);
    });
  }

  it('mono input to a 2-input engine: one output (mono IR) or two, bit for bit the level path', () => {
    for (const [irChannels, outputs] of [
      [1, 1],
      [1, 2],
      [2, 2],
      [4, 2],
    ]) {
      const impulse = noise(irChannels, 900, 11 + irChannels);
      const input = noise(1, 4000, 12);
      const [head, levelPath] = pair(prepareImpulse(impulse, { blockSize: B }));
      const got = streamSwitching(head, input, 4000, () => 1, outputs);
      expectBitIdentical(got, streamSwitching(levelPath, input, 4000, () => 1, outputs));
      const reference = fftConvolve64([input[0], input[0]], impulse).map((c) => c.subarray(0, 4000));
      expect(errorStats(reference.slice(0, outputs), got).errorDb).toBeLessThan(MAX_ERROR_DB);
    }
  });

  it('mono/stereo switches at random blocks match the float64 up-mix convolution (and the level path to float32 rounding)', () => {
    for (const irChannels of [1, 2, 4]) {
      const impulse = noise(irChannels, 700, 20 + irChannels);
      const input = noise(2, 12_000, 21);
      // mono runs of 1–12 blocks between stereo runs, so delay lines are all mono, partly mono and all stereo
      const channels = channelPattern(5, 200, 12);
      const heard = heardInput(input, 12_000, B, channels);
      const [head, levelPath] = pair(prepareImpulse(impulse, { blockSize: B }));
      const got = streamSwitching(head, input, 12_000, channels, 2);
      const reference = fftConvolve64(heard, impulse).map((c) => c.subarray(0, 12_000));
      expect(errorStats(reference, got).errorDb).toBeLessThan(MAX_ERROR_DB);
      const stats = errorStats(streamSwitching(levelPath, input, 12_000, channels, 2), got);
      expect(stats.maxRelative).toBeLessThan(1e-6);
    }
  });

  it('level-0 partitions missing while the tail streams in contribute nothing until they are in (as the level path)', () => {
    const impulse = noise(2, 512, 31);
    const plan = planPartitions(512, { blockSize: B }); // 128×4
    expect(plan.levels.map((l) => l.size)).toEqual([B]);
    const headOnly = () => prepareImpulseHead(impulse, { blockSize: B, plan, frames: 2 * B }); // partitions 0, 1
    const rest = prepareImpulseParts(impulse, plan, 0, 2, 4, 1);
    const arrival = 20; // block
    const supply = (engine: PartitionedConvolver) => (b: number) => {
      if (b === arrival) engine.supply(0, 2, rest.map((c) => c.slice()));
    };
    const input = noise(2, 8000, 32);
    const outs = [true, false].map((enabled) => {
      BlockLevel.enabled = enabled;
      const engine = new PartitionedConvolver(headOnly(), { deferLoad: true, loadPerBlock: 4 * B });
      BlockLevel.enabled = true;
      expect(usesHead(engine)).toBe(enabled);
      expect(engine.load(Infinity)).toBe(true);
      expect(engine.missingPartitions).toBe(2);
      const out = streamSwitching(engine, input, 8000, () => 2, 2, supply(engine));
      expect(engine.missingPartitions).toBe(0);
      return out;
    });
    expectBitIdentical(outs[0], outs[1], 4 * B);
    const early = impulse.map((c) => c.map((v, i) => (i < 2 * B ? v : 0)));
    const before = fftConvolve64(input, early).map((c) => c.subarray(0, arrival * B));
    expect(errorStats(before, outs[0].map((c) => c.subarray(0, arrival * B))).errorDb).toBeLessThan(MAX_ERROR_DB);
    const after = fftConvolve64(input, impulse).map((c) => c.subarray((arrival + 4) * B, 8000));
    expect(errorStats(after, outs[0].map((c) => c.subarray((arrival + 4) * B, 8000))).errorDb).toBeLessThan(MAX_ERROR_DB);
  });

  it("reset() forgets all input: the next blocks equal a fresh engine's bit for bit, mono state included", () => {
    const impulse = noise(1, 900, 41);
    const prepared = prepareImpulse(impulse, { blockSize: B });
    const input = noise(2, 3000, 42);
    const used = new PartitionedConvolver(prepared);
    streamSwitching(used, input, 2000, (b) => (b % 3 === 0 ? 1 : 2)); // leaves stereo slots behind
    used.reset();
    const fresh = new PartitionedConvolver(prepared);
    expectBitIdentical(streamSwitching(used, input, 3000, () => 1, 1), streamSwitching(fresh, input, 3000, () => 1, 1));
  });

  it('keeps running bit for bit when the scope memory grows under it (its addresses stay, its views are remade)', () => {
    const impulse = noise(2, 2000, 51);
    const input = noise(2, 6000, 52);
    const [head, levelPath] = pair(prepareImpulse(impulse, { blockSize: B }));
    const split = 3000;
    const first = [streamSwitching(head, input, split), streamSwitching(levelPath, input, split)];
    const grows = scopeMemoryStats().grows;
    // engines for a 10 s IR's worth of memory: more than the memory has free
    const big = Array.from({ length: 3 }, (_, i) => new PartitionedConvolver(noise(2, 200_000, 60 + i)));
    expect(scopeMemoryStats().grows).toBeGreaterThan(grows);
    const rest = input.map((c) => c.subarray(split));
    expectBitIdentical(streamSwitching(head, rest, 3000), streamSwitching(levelPath, rest, 3000));
    expectBitIdentical(first[0], first[1], partlyMono(head));
    head.reset();
    levelPath.reset();
    expectBitIdentical(streamSwitching(head, input, 3000), streamSwitching(levelPath, input, 3000), partlyMono(head));
    for (const engine of [...big, head, levelPath]) engine.release();
  });

  it('flushes tiny input, and reports non-finite output block by block, as the level path does (alone and with more levels)', () => {
    for (const irFrames of [512, 4800]) {
      const input = noise(2, 40 * B, 81);
      // values around the flush threshold (1e-30) and float32 denormals, then NaN and Infinity in later blocks
      for (let i = 0; i < 4 * B; i++) input[i % 2][B + i] = (i % 3 === 0 ? 1e-31 : i % 3 === 1 ? 2e-30 : 1e-40) * (i % 4 < 2 ? 1 : -1);
      input[0][10 * B + 5] = NaN;
      input[1][25 * B + 100] = -Infinity;
      const [head, levelPath] = pair(prepareImpulse(noise(2, irFrames, 82), { blockSize: B }));
      const outs = [head, levelPath].map((engine) => {
        const finite: boolean[] = [];
        const out = [new Float32Array(40 * B), new Float32Array(40 * B)];
        const block = [new Float32Array(B), new Float32Array(B)];
        for (let b = 0; b < 40; b++) {
          const inB = input.map((c) => c.subarray(b * B, (b + 1) * B)).slice(0, b % 5 === 4 ? 1 : 2);
          finite.push(engine.process(inB, block));
          block.forEach((c, o) => out[o].set(c, b * B));
        }
        return { finite, out };
      });
      expect(outs[0].finite).toEqual(outs[1].finite);
      expect(outs[0].finite.slice(0, 10).every((f) => f)).toBe(true);
      expect(outs[0].finite[10]).toBe(false);
      expectBitIdentical(outs[0].out, outs[1].out, 10 * B); // from the NaN on, both are NaN alike
      const fresh = streamSwitching(new PartitionedConvolver(prepareImpulse(noise(2, irFrames, 82), { blockSize: B })), [input[0].subarray(0, 8 * B), input[1].subarray(0, 8 * B)], 8 * B);
      expect(fresh.every((c) => c.every((v) => v === 0 || Math.abs(v) >= 1e-30))).toBe(true);
    }
  });

  it('level 0 under the kernel keeps no windows, results or transform of its own: the engine takes less memory', () => {
    const prepared = prepareImpulse(noise(2, 4800, 73), { blockSize: B });
    const held = (build: () => PartitionedConvolver) => {
      const before = scopeMemoryStats().allocated;
      const engine = build();
      const bytes = scopeMemoryStats().allocated - before;
      engine.release();
      return bytes;
    };
    const withKernel = held(() => new PartitionedConvolver(prepared));
    BlockLevel.enabled = false;
    const levelPath = held(() => new PartitionedConvolver(prepared));
    // level 0's float32 windows (2 × 4 blocks), results (2 × 2 × 2 blocks) and transform (≈ 4 blocks and tables)
    // outweigh the kernel's own windows, scratch and tables (≈ 8 blocks and tables): ≈ 3 KiB less at 128 frames
    expect(withKernel).toBeLessThan(levelPath - 2048);
  });

  it('when no kernel can stand in after all, level 0 is built again with its own state: the level path bit for bit', () => {
    const impulse = noise(2, 4800, 74);
    const prepared = prepareImpulse(impulse, { blockSize: B });
    const input = noise(2, 6000, 75);
    const refused = vi.spyOn(BlockLevel, 'create').mockReturnValue(null);
    let engine: PartitionedConvolver;
    try {
      engine = new PartitionedConvolver(prepared);
    } finally {
      refused.mockRestore();
    }
    expect(usesHead(engine)).toBe(false);
    const [, levelPath] = pair(prepared);
    const got = streamSwitching(engine, input, 6000);
    expectBitIdentical(got, streamSwitching(levelPath, input, 6000));
    const reference = fftConvolve64(input, impulse).map((c) => c.subarray(0, 6000));
    expect(errorStats(reference, got).errorDb).toBeLessThan(MAX_ERROR_DB);
  });

  it('release(): the engine outputs silence and gives its memory back', () => {
    const engine = new PartitionedConvolver(noise(2, 512, 71));
    const blocks = scopeMemoryStats().blocks;
    engine.release();
    expect(scopeMemoryStats().blocks).toBeLessThan(blocks);
    const out = [new Float32Array(B).fill(1), new Float32Array(B).fill(1)];
    engine.process(noise(2, B, 72), out);
    expect(out.every((c) => c.every((v) => v === 0))).toBe(true);
  });
});
