// The processor's rehearsal (worklets/warm-up.ts): when it stops (a fake clock stands for the JIT's speed-up),
// what it hands process() (the browser's shapes, the same arrays every block), and that a rehearsed processor
// has no trace of it: no messages, no telemetry, exact output, and one rehearsal per realm.
import './worklet-globals.js';
import { describe, expect, it } from 'vitest';
import { directConvolve, PartitionedConvolver, planPartitions, prepareImpulse } from '../../src/engine/index.js';
import { ConvolverProcessor } from '../../worklets/convolver-processor.js';
import { TELEMETRY } from '../../worklets/protocol.js';
import {
  aloneRehearsalImpulse,
  claimPlanWarmUp,
  lastRehearsal,
  planRehearsalImpulse,
  realmNeedsWarmUp,
  rehearse,
} from '../../worklets/warm-up.js';
import { noise } from '../helpers/random.js';
import { maxError } from '../helpers/signal.js';
import type { FakePort } from './worklet-globals.js';

const B = 128; // frames

/** A clock that advances `cost(call)` ms at each process() call of the rehearsal. */
function fakeTime(cost: (call: number) => number) {
  let now = 0;
  let calls = 0;
  const process = () => {
    now += cost(calls++);
    return true;
  };
  return { process, clock: () => now, calls: () => calls };
}

describe('rehearse()', () => {
  it('stops after two batches in a row at least twice as fast as the first (the optimized code is in)', () => {
    // 40 µs a block for 4000 blocks, then 10 µs: batches of 512 → the 9th and 10th are fast
    const time = fakeTime((call) => (call < 4000 ? 0.04 : 0.01));
    expect(rehearse(time.process, B, time.clock)).toBe(10 * 512);
    expect(time.calls()).toBe(10 * 512);
  });

  it('stops within a batch of 400 ms when the blocks never get faster', () => {
    const time = fakeTime(() => 0.04);
    const blocks = rehearse(time.process, B, time.clock);
    expect(blocks * 0.04).toBeGreaterThanOrEqual(400);
    expect(blocks * 0.04).toBeLessThan(400 + 512 * 0.04 + 1e-9);
  });

  it('records how it ended: blocks, ms, settled or stopped by its bound, first and last batch', () => {
    const settles = fakeTime((call) => (call < 4000 ? 0.04 : 0.01));
    rehearse(settles.process, B, settles.clock);
    expect({ ...lastRehearsal() }).toEqual({
      blocks: 10 * 512,
      ms: expect.closeTo(4000 * 0.04 + (10 * 512 - 4000) * 0.01, 6),
      settled: true,
      firstBatchMs: expect.closeTo(512 * 0.04, 6),
      lastBatchMs: expect.closeTo(512 * 0.01, 6),
    });
    const never = fakeTime(() => 0.04);
    const blocks = rehearse(never.process, B, never.clock);
    expect(lastRehearsal().settled).toBe(false);
    expect(lastRehearsal().blocks).toBe(blocks);
    expect(lastRehearsal().ms).toBeCloseTo(blocks * 0.04, 6);
  });

  it('runs at least six batches even when fast from the start', () => {
    const time = fakeTime(() => 0.001);
    expect(rehearse(time.process, B, time.clock)).toBe(7 * 512);
  });

  it('hands process() frozen arrays, the same ones every block, stereo, mono and up-mixed mono, with wet and dry', () => {
    const seen = { inputs: new Set<unknown>(), outputs: new Set<unknown>(), widths: new Set<number>(), frozen: true, wet: new Set<number>(), upmixed: 0 };
    let now = 0;
    rehearse(
      (inputs, outputs, parameters) => {
        now += 0.04;
        seen.inputs.add(inputs);
        seen.outputs.add(outputs);
        seen.widths.add(inputs[0].length);
        if (inputs[0].length === 2 && inputs[0][0].every((v, i) => v === inputs[0][1][i])) seen.upmixed++;
        seen.wet.add(parameters.wet.length);
        seen.frozen &&= Object.isFrozen(inputs) && Object.isFrozen(inputs[0]) && Object.isFrozen(outputs[0]) && Object.isFrozen(parameters);
        expect(parameters.dry[0]).toBe(0);
        expect(outputs[0].map((channel) => channel.length)).toEqual([B, B]);
        return true;
      },
      B,
      () => now,
    );
    expect(seen.frozen).toBe(true);
    expect(seen.inputs.size).toBe(2); // the stereo and the mono arrays, nothing made per block
    expect(seen.outputs.size).toBe(1);
    expect([...seen.widths].sort()).toEqual([1, 2]);
    expect(seen.upmixed).toBeGreaterThan(0); // L = R: the processor's mono path for up-mixed sources
    expect([...seen.wet].sort((a, b) => a - b)).toEqual([1, B]); // constant and automated
  });

  it('calls select(block) before each block, in order, so the processor can switch engines', () => {
    const time = fakeTime(() => 0.001);
    const selected: number[] = [];
    const blocks = rehearse(
      () => {
        selected.push(-1); // the block itself, after its select
        return time.process();
      },
      B,
      time.clock,
      (block) => selected.push(block),
    );
    expect(selected.length).toBe(2 * blocks);
    for (let block = 0; block < blocks; block++) expect(selected.slice(2 * block, 2 * block + 2)).toEqual([block, -1]);
  });

  it('rehearses the path of level 0 alone too: a second IR of one level of one-block partitions', () => {
    expect(aloneRehearsalImpulse(B).plan.levels.map((level) => level.size)).toEqual([B]);
  });

  it("rehearses on the IR's plan: its partition sizes, its counts up to 16, its width", () => {
    const short = planPartitions(12_000, { blockSize: B });
    const rehearsal = planRehearsalImpulse(short, 2, B);
    const shape = (levels: readonly { size: number; count: number }[]) => levels.map((level) => `${level.size}×${level.count}`);
    expect(shape(rehearsal.plan.levels)).toEqual(shape(short.levels)); // 128×14 1024×10
    const long = planPartitions(480_000, { blockSize: B });
    expect(Math.max(...long.levels.map((level) => level.count))).toBeGreaterThan(16);
    expect(shape(planRehearsalImpulse(long, 2, B).plan.levels)).toEqual(shape(long.levels.map((level) => ({ size: level.size, count: Math.min(level.count, 16) }))));
    expect(planRehearsalImpulse(short, 1, B).channels).toBe(1);
    expect(planRehearsalImpulse(short, 4, B).channels).toBe(4);
  });

  it('rehearses with an IR that convolves exactly (a three-level plan)', () => {
    const plan = { blockSize: B, length: 0, levels: [{ size: B, offset: 0, count: 6 }, { size: 4 * B, offset: 0, count: 14 }, { size: 32 * B, offset: 0, count: 4 }] };
    const impulse = planRehearsalImpulse(plan, 2, B);
    expect(impulse.channels).toBe(2);
    expect(impulse.plan.levels.map((level) => level.size)).toEqual([B, 4 * B, 32 * B]);
    const engine = new PartitionedConvolver(impulse, { blockSize: B });
    const frames = impulse.length + 2 * B;
    const input = noise(2, 300, 21).map((channel) => {
      const padded = new Float32Array(frames);
      padded.set(channel);
      return padded;
    });
    const output = [new Float32Array(frames), new Float32Array(frames)];
    const out = [new Float32Array(B), new Float32Array(B)];
    for (let start = 0; start + B <= frames; start += B) {
      engine.process(input.map((channel) => channel.subarray(start, start + B)), out);
      out.forEach((channel, c) => output[c].set(channel, start));
    }
    const ir = impulseOf(impulse.length, 2);
    // the direct sum runs past `frames` (maxError reads only the output's length)
    expect(maxError(output, directConvolve(input.map((channel) => channel.subarray(0, 300)), ir))).toBeLessThan(1e-4);
    engine.release();
  });
});

/** The rehearsal's IR in the time domain, as planRehearsalImpulse() builds it. */
function impulseOf(frames: number, channels: number): Float32Array[] {
  const impulse = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    const decay = Math.exp(-i / 4000);
    for (let c = 0; c < channels; c++) impulse[c][i] = Math.sin(i * (0.41 - 0.12 * c) + c) * decay;
  }
  return impulse;
}

describe('a processor that rehearsed', () => {
  /** Streams `input` through `processor` in blocks, with constant wet and dry as Chromium hands them. */
  function render(processor: ConvolverProcessor, input: Float32Array[], frames: number): Float32Array[] {
    const result = [new Float32Array(frames), new Float32Array(frames)];
    const block = [new Float32Array(B), new Float32Array(B)];
    const out = [new Float32Array(B), new Float32Array(B)];
    for (let start = 0; start < frames; start += B) {
      block.forEach((channel, c) => {
        channel.fill(0);
        channel.set(input[c].subarray(Math.min(start, input[c].length), Math.min(start + B, input[c].length)));
      });
      processor.process([block], [out], { wet: new Float32Array([1]), dry: new Float32Array([0]) });
      out.forEach((channel, c) => result[c].set(channel, start));
    }
    return result;
  }

  /** A warm-up processor whose process() calls are counted (the rehearsal calls it: warm-up.ts). */
  function counted(warmUp: boolean, telemetry?: SharedArrayBuffer): { processor: ConvolverProcessor; port: FakePort; calls: () => number } {
    const processor = new ConvolverProcessor({ processorOptions: { blockSize: B, warmUp, telemetry } });
    let calls = 0;
    const process = processor.process.bind(processor);
    processor.process = (...args) => {
      calls++;
      return process(...args);
    };
    return { processor, port: processor.port as unknown as FakePort, calls: () => calls };
  }

  it('rehearses when its IR arrives and leaves no trace: no message but applied, no telemetry, exact output', () => {
    expect(realmNeedsWarmUp()).toBe(true); // the first processor of this test realm to ask
    const shared = new SharedArrayBuffer(TELEMETRY.LENGTH * 8);
    const ir = noise(2, 2000, 15);
    const { processor, port, calls } = counted(true, shared);
    expect(realmNeedsWarmUp()).toBe(true); // no IR yet: nothing to rehearse on
    // no IR yet: silence, as for any processor before its IR
    const out = [new Float32Array(B), new Float32Array(B)];
    processor.process([noise(2, B, 3)], [out], {});
    expect(out.every((channel) => channel.every((v) => v === 0))).toBe(true);
    expect(calls()).toBe(1);
    port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(ir, { blockSize: B }) });
    expect(realmNeedsWarmUp()).toBe(false);
    expect(calls()).toBeGreaterThan(1 + 6 * 512); // the rehearsal ran process() itself
    expect(port.sent).toEqual([{ type: 'applied', id: 1 }]);
    expect(Array.from(new Float64Array(shared))).toEqual(new Array(TELEMETRY.LENGTH).fill(0));
    const input = noise(2, 3000, 16);
    // the block of silence before the IR arrived shifts nothing: the engine started with the IR
    expect(maxError(render(processor, input, 5120), directConvolve(input, ir))).toBeLessThan(1e-4);
    expect(port.sent.filter((m) => (m as { type: string }).type === 'error')).toEqual([]);
    // and its meter counts from the real blocks only: one window of 38 blocks published by 40 blocks
    expect(new Float64Array(shared)[TELEMETRY.WINDOWS]).toBe(1);
  });

  it('rehearses a plan once per realm: a second processor with an IR of the same plan does not', () => {
    const impulse = prepareImpulse(noise(2, 2000, 17), { blockSize: B });
    expect(claimPlanWarmUp(impulse.plan, 2, B)).toBe(false); // the test above rehearsed this plan
    const second = counted(true);
    second.port.deliver({ type: 'impulse', id: 1, impulse });
    expect(second.calls()).toBe(0);
    expect(second.port.sent).toEqual([{ type: 'applied', id: 1 }]);
  });

  it('does not rehearse once the rendering has started, nor on a realtime context', () => {
    const scope = globalThis as { currentFrame?: number };
    const impulse = () => prepareImpulse(noise(1, 5000, 18), { blockSize: B }); // another plan and width
    const started = counted(true);
    scope.currentFrame = 128 * 40;
    try {
      started.port.deliver({ type: 'impulse', id: 1, impulse: impulse() });
    } finally {
      delete scope.currentFrame;
    }
    expect(started.calls()).toBe(0);
    const realtime = counted(false);
    realtime.port.deliver({ type: 'impulse', id: 1, impulse: impulse() });
    expect(realtime.calls()).toBe(0);
    // a warm-up processor before its rendering does rehearse this plan, once
    const fresh = counted(true);
    fresh.port.deliver({ type: 'impulse', id: 1, impulse: impulse() });
    expect(fresh.calls()).toBeGreaterThan(6 * 512);
    expect(fresh.port.sent).toEqual([{ type: 'applied', id: 1 }]);
  });
});
