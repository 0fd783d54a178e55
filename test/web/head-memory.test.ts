// The setter's head memory: spares touched in tasks of their own, taken by heads, bounded in count and size.
import { describe, expect, it } from 'vitest';
import { FIRST_HEAD_FLOATS, headMemorySpares, takeHeadMemory } from '../../src/web/head-memory.js';
import { headFloats, planPartitions } from '../../src/engine/index.js';
import { LOAD_FLOATS_PER_BLOCK } from '../../worklets/impulse-slot.js';

/** Lets the refill's tasks (timers in Node) run until `done()`, or 5 s on a loaded machine; then the caller checks. */
async function settle(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 5000 && !done(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 30)); // and a little more: nothing beyond MAX_SPARES may come
}

describe('head memory', () => {
  it('a head takes a spare when one is big enough; refills follow in later tasks; at most two spares', async () => {
    expect(takeHeadMemory(1000)).toBeUndefined(); // none made yet
    expect(headMemorySpares()).toEqual([]); // not in the taker's task
    await settle(() => headMemorySpares().length >= 2);
    expect(headMemorySpares()).toEqual([FIRST_HEAD_FLOATS, FIRST_HEAD_FLOATS]);
    const taken = takeHeadMemory(FIRST_HEAD_FLOATS);
    expect(taken?.length).toBe(FIRST_HEAD_FLOATS);
    expect(headMemorySpares()).toHaveLength(1);
    await settle(() => headMemorySpares().length >= 2);
    expect(headMemorySpares()).toHaveLength(2);
    for (let i = 0; i < 5; i++) takeHeadMemory(10);
    await settle(() => headMemorySpares().length >= 2);
    expect(headMemorySpares()).toHaveLength(2);
  });

  it('a head bigger than the spares gets none; the next spares are its size', async () => {
    const big = FIRST_HEAD_FLOATS + 4096;
    expect(takeHeadMemory(big)).toBeUndefined();
    await settle(() => headMemorySpares().length >= 2 && headMemorySpares().every((n) => n === big));
    expect(headMemorySpares()).toEqual([big, big]);
    expect(takeHeadMemory(big)?.length).toBe(big);
  });
});

describe('head sizes against the plans', () => {
  // A head bigger than the first spares gets fresh memory (page faults in the setter), and one bigger than a
  // block's load budget plays a block late: both sizes must follow the partition planner when it changes.
  for (const rate of [44_100, 48_000]) {
    for (const seconds of [0.1, 1, 3, 10]) {
      it(`a stereo ${seconds} s IR at ${rate} Hz: its head fits the first spares and loads in one block`, () => {
        const plan = planPartitions(Math.round(seconds * rate), { blockSize: 128 });
        const floats = headFloats(plan, 2);
        expect(floats).toBeGreaterThan(0);
        expect(floats).toBeLessThanOrEqual(FIRST_HEAD_FLOATS);
        expect(floats).toBeLessThanOrEqual(LOAD_FLOATS_PER_BLOCK);
      });
    }
  }
});
