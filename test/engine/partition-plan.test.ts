import { describe, expect, it } from 'vitest';
import { planCost, planPartitions, uniformPlan, type PartitionPlan } from '../../src/engine/index.js';

function checkCoverage(plan: PartitionPlan): void {
  const B = plan.blockSize;
  const levels = plan.levels;
  expect(levels[0]).toMatchObject({ size: B, offset: 0 });
  for (let l = 0; l < levels.length; l++) {
    const { size, offset, count } = levels[l];
    expect(count).toBeGreaterThanOrEqual(1);
    if (l > 0) {
      // a level of size S has S/B blocks of work before its output is due: it starts at 2S − 2B
      expect(offset).toBe(2 * size - 2 * B);
      expect(size).toBeGreaterThan(levels[l - 1].size);
      expect(levels[l - 1].offset + levels[l - 1].count * levels[l - 1].size).toBe(offset);
    }
  }
  const last = levels[levels.length - 1];
  expect(last.offset + last.count * last.size).toBeGreaterThanOrEqual(plan.length);
  expect(last.offset + (last.count - 1) * last.size).toBeLessThan(plan.length);
}

describe('planPartitions', () => {
  for (const seconds of [0.001, 0.1, 1, 2, 3, 5, 10, 30, 60]) {
    it(`covers a ${seconds} s IR contiguously, starting each level at 2S − 2B`, () => {
      for (const blockSize of [32, 128, 1024]) checkCoverage(planPartitions(Math.round(seconds * 48_000), { blockSize }));
    });
  }

  it('beats uniform partitioning, by far for long IRs (2 s at 48 kHz: ~9×)', () => {
    const n = 96_000;
    const plan = planPartitions(n);
    expect(planCost(plan)).toBeLessThan(planCost(uniformPlan(n)) / 6);
    expect(plan.levels.length).toBeGreaterThanOrEqual(3);
  });

  it('larger IRs get larger top levels (≥ 16384 frames at 5 s)', () => {
    const top = (seconds: number) => {
      const levels = planPartitions(seconds * 48_000).levels;
      return levels[levels.length - 1].size;
    };
    expect(top(5)).toBeGreaterThanOrEqual(16_384);
    expect(top(1)).toBeLessThanOrEqual(top(5));
    expect(top(5)).toBeLessThanOrEqual(top(60));
  });

  it('short IRs stay uniform', () => {
    expect(planPartitions(1).levels).toEqual([{ size: 128, offset: 0, count: 1 }]);
    expect(planPartitions(300).levels).toHaveLength(1);
  });

  it('rejects bad lengths', () => {
    expect(() => planPartitions(0)).toThrow(/impulse length 0 .* expected an integer ≥ 1/);
    expect(() => planPartitions(1.5)).toThrow(RangeError);
  });
});
