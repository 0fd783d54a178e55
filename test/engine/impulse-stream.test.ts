// An IR played from its head while its tail streams in (prepareImpulseHead + ImpulseTail + supply()): exact
// when the tail is in time, the head alone (then everything) when it is late, and never garbage.
import { describe, expect, it } from 'vitest';
import {
  HEAD_FRAMES,
  ImpulseTail,
  PartitionedConvolver,
  headFloats,
  headPartitions,
  planPartitions,
  preparedTransferables,
  prepareImpulse,
  prepareImpulseHead,
  RealFFT,
  simdAvailable,
  tailOrigin,
  type ImpulsePart,
} from '../../src/engine/index.js';
import { noise } from '../helpers/random.js';
import { errorStats, fftConvolve64 } from '../helpers/signal.js';

const B = 128; // frames
const MAX_ERROR_DB = -100; // error energy below signal energy

/** Streams input through `engine` block by block; before block b, calls `before(b)`. */
function run(engine: PartitionedConvolver, input: Float32Array[], frames: number, before: (block: number) => void) {
  const out = [new Float32Array(frames), new Float32Array(frames)];
  const inB = input.map(() => new Float32Array(B));
  const outB = [new Float32Array(B), new Float32Array(B)];
  for (let b = 0; b * B < frames; b++) {
    before(b);
    inB.forEach((block, c) => {
      block.fill(0);
      if (b * B < input[c].length) block.set(input[c].subarray(b * B, Math.min(input[c].length, (b + 1) * B)));
    });
    engine.process(inB, outB);
    for (let c = 0; c < 2; c++) out[c].set(outB[c].subarray(0, Math.min(B, frames - b * B)), b * B);
  }
  return out;
}

function allParts(tail: ImpulseTail): ImpulsePart[] {
  const parts: ImpulsePart[] = [];
  for (let part = tail.next(); part !== null; part = tail.next()) parts.push(part);
  return parts;
}

describe('IR head and streamed tail', () => {
  const length = 200_000; // frames: levels 128, 512, 4096 — most of the 4096 level is tail
  const impulse = noise(2, length, 41);
  // the timings below are a 4096-frame level's (the planner, with float32 transforms at every size, would pick 8192)
  const plan = planPartitions(length, { blockSize: B, maxPartitionSize: 4096 });

  it('the head holds the partitions starting before HEAD_FRAMES; the tail the rest, in due order, once each', () => {
    const head = prepareImpulseHead(impulse, { blockSize: B, plan });
    const counts = headPartitions(plan, HEAD_FRAMES);
    plan.levels.forEach((level, l) => {
      expect(head.spectra[2 * l].length).toBe(counts[l] * 2 * level.size);
      expect(level.offset + counts[l] * level.size).toBeGreaterThanOrEqual(Math.min(HEAD_FRAMES, level.offset + level.count * level.size));
    });
    const origin = tailOrigin(plan);
    expect(origin).toBeGreaterThanOrEqual(HEAD_FRAMES);
    const tail = new ImpulseTail(impulse.map((c) => c.subarray(origin)), plan, 1, HEAD_FRAMES, origin);
    const total = tail.remaining;
    const parts = allParts(tail);
    expect(tail.remaining).toBe(0);
    expect(parts.reduce((n, p) => n + p.spectra[0].length / (2 * plan.levels[p.level].size), 0)).toBe(total);
    expect(parts[0].spectra[0].length).toBe(2 * plan.levels[parts[0].level].size); // the first part is one partition
    // same spectra as preparing the whole IR at once
    const full = prepareImpulse(impulse, { blockSize: B, plan });
    for (const part of parts) {
      const S2 = 2 * plan.levels[part.level].size;
      const expected = full.spectra[2 * part.level + 1].subarray(part.first * S2, part.first * S2 + part.spectra[1].length);
      expect(part.spectra[1]).toEqual(expected);
    }
  });

  it('a tail supplied as its partitions fall due (deferred copy, a piece per block) gives the exact output', () => {
    const input = noise(2, 1500, 42);
    const frames = 40_000;
    const engine = new PartitionedConvolver(prepareImpulseHead(impulse, { blockSize: B, plan }), {
      deferLoad: true,
      loadPerBlock: 65_536,
    });
    expect(engine.missingPartitions).toBeGreaterThan(0);
    const parts = allParts(new ImpulseTail(impulse, plan, 1));
    let next = 0;
    const out = run(engine, input, frames, (block) => {
      // one part per block from block 5 on: the due dates are far later
      if (block >= 5 && next < parts.length) {
        const part = parts[next++];
        engine.supply(part.level, part.first, part.spectra);
      }
    });
    expect(engine.missingPartitions).toBe(0);
    const reference = fftConvolve64(input, impulse).map((c) => c.subarray(0, frames));
    expect(errorStats(reference, out).errorDb).toBeLessThan(MAX_ERROR_DB);
  });

  it('a late tail: the head alone plays until it arrives, then every later chunk is exact', () => {
    const input = noise(2, 60_000, 43);
    const frames = 80_000;
    const arrival = 400; // block: the 4096 level's partition 4 was due from ≈ block 159 on, later ones before 400 too
    const engine = new PartitionedConvolver(prepareImpulseHead(impulse, { blockSize: B, plan }), { deferLoad: true });
    const parts = allParts(new ImpulseTail(impulse, plan, 1));
    const out = run(engine, input, frames, (block) => {
      if (block === 40) engine.supply(parts[0].level, parts[0].first, parts[0].spectra); // one on time…
      if (block === arrival) for (const part of parts.slice(1)) engine.supply(part.level, part.first, part.spectra); // …the rest late
    });
    expect(out.every((c) => c.every(Number.isFinite))).toBe(true);
    const origin = tailOrigin(plan);
    const headOnly = impulse.map((c) => c.map((v, i) => (i < origin ? v : 0)));
    const headRef = fftConvolve64(input, headOnly);
    // before any tail partition is due, output = head convolution
    const early = (3 + 1) * 4096 - B; // job 3 of the 4096 level: first tail partition
    expect(errorStats(headRef.map((c) => c.subarray(0, early)), out.map((c) => c.subarray(0, early))).errorDb).toBeLessThan(MAX_ERROR_DB);
    // well after arrival (every job since computed with all partitions): output = the full convolution
    const from = arrival * B + 3 * 4096;
    const fullRef = fftConvolve64(input, impulse);
    expect(errorStats(fullRef.map((c) => c.subarray(from, frames)), out.map((c) => c.subarray(from, frames))).errorDb).toBeLessThan(
      MAX_ERROR_DB,
    );
    // in between, the missing partitions' share is absent (not garbage): closer to head + the one on time
    const mid = [4 * 4096 + 2048, arrival * B];
    const midHead = errorStats(headRef.map((c) => c.subarray(mid[0], mid[1])), out.map((c) => c.subarray(mid[0], mid[1])));
    const midFull = errorStats(fullRef.map((c) => c.subarray(mid[0], mid[1])), out.map((c) => c.subarray(mid[0], mid[1])));
    expect(midHead.errorDb).toBeLessThan(midFull.errorDb);
  });

  it('rejects parts out of order or of the wrong shape, naming what it expected', () => {
    const engine = new PartitionedConvolver(prepareImpulseHead(impulse, { blockSize: B, plan }));
    const parts = allParts(new ImpulseTail(impulse, plan, 1));
    expect(() => engine.supply(parts[1].level, parts[1].first, parts[1].spectra)).toThrow(/expected partition/);
    expect(() => engine.supply(9, 0, parts[0].spectra)).toThrow(RangeError);
    expect(() => engine.supply(parts[0].level, parts[0].first, [parts[0].spectra[0]])).toThrow(/expected 2 of/);
    engine.supply(parts[0].level, parts[0].first, parts[0].spectra);
    expect(engine.missingPartitions).toBe(parts.slice(1).reduce((n, p) => n + p.spectra[0].length / (2 * plan.levels[p.level].size), 0));
  });
});

describe('the partition transform of prepareImpulse and its heads and tails', () => {
  it('gives the JavaScript transform’s spectra to float32 rounding (WebAssembly where the scope has it)', () => {
    expect(simdAvailable()).toBe(true); // Node ≥ 16.4 has WebAssembly SIMD: the WebAssembly path is the one tested
    const impulse = noise(2, 60_000, 21);
    const scale = 0.7;
    const prepared = prepareImpulse(impulse, { blockSize: B, scale });
    const plan = prepared.plan;
    expect(plan.levels.some((level) => level.size === 4096)).toBe(true); // the largest direct size is covered
    let worst = 0;
    plan.levels.forEach((level, l) => {
      const fft = new RealFFT(2 * level.size);
      const frame = new Float64Array(2 * level.size);
      const expected = new Float32Array(2 * level.size);
      for (let c = 0; c < 2; c++) {
        const spectra = prepared.spectra[l * 2 + c];
        for (let p = 0; p < level.count; p++) {
          frame.fill(0);
          const start = level.offset + p * level.size;
          for (let i = start; i < Math.min(plan.length, start + level.size); i++) frame[i - start] = (impulse[c][i] * scale) / level.size;
          fft.forward(frame, expected, 0);
          for (let k = 0; k < expected.length; k++) {
            const got = spectra[p * 2 * level.size + k];
            worst = Math.max(worst, Math.abs(got - expected[k]) / (Math.abs(expected[k]) + 1e-6));
          }
        }
      }
    });
    expect(worst).toBeLessThan(1e-4);
  });

  it('a head written into given memory: the same spectra, views of that one buffer (transferred once); too small throws', () => {
    const ir = noise(2, 3 * 48_000, 61);
    const plan = planPartitions(ir[0].length, { blockSize: B });
    const floats = headFloats(plan, 2);
    // the head: every partition that starts in its first 16 384 frames, 2S floats each, per channel
    let perChannel = 0;
    for (const level of plan.levels) {
      for (let p = 0; p < level.count; p++) if (level.offset + p * level.size < 16_384) perChannel += 2 * level.size;
    }
    expect(perChannel).toBeGreaterThan(2 * 128);
    expect(floats).toBe(2 * perChannel);
    const fresh = prepareImpulseHead(ir, { plan, scale: 0.5 });
    const into = new Float32Array(floats + 100).fill(7); // stale values and room to spare
    const given = prepareImpulseHead(ir, { plan, scale: 0.5, into });
    expect(given.spectra.map((s) => s.length)).toEqual(fresh.spectra.map((s) => s.length));
    given.spectra.forEach((s, i) => {
      expect(s.buffer).toBe(into.buffer);
      expect(s).toEqual(fresh.spectra[i]);
    });
    expect(preparedTransferables(given)).toEqual([into.buffer]);
    expect(preparedTransferables(fresh)).toHaveLength(1); // a new head's spectra share one buffer too
    expect(() => prepareImpulseHead(ir, { plan, into: new Float32Array(floats - 1) })).toThrow(RangeError);
  });
});
