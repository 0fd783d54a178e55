import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COST_MODEL,
  FLOP_COST_MODEL,
  SCALAR_COST_MODEL,
  planCost,
  planPartitions,
  uniformPlan,
  type PartitionPlan,
} from '../../src/engine/index.js';
import { buildLevels } from '../../src/engine/partition-plan.js';

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

  it('beats uniform partitioning, by far for long IRs (2 s at 48 kHz: ≥ 6× in flops, ≥ 3× in modelled time)', () => {
    const n = 96_000;
    const byFlops = planPartitions(n, { costModel: FLOP_COST_MODEL });
    expect(planCost(byFlops, FLOP_COST_MODEL)).toBeLessThan(planCost(uniformPlan(n), FLOP_COST_MODEL) / 6);
    expect(byFlops.levels.length).toBeGreaterThanOrEqual(3);
    const plan = planPartitions(n);
    expect(planCost(plan, DEFAULT_COST_MODEL)).toBeLessThan(planCost(uniformPlan(n), DEFAULT_COST_MODEL) / 3);
  });

  it('is the cheapest under its model: hand-made plans never cost less', () => {
    const length = 3 * 48_000;
    const handMade = [[], [1024], [1024, 8192], [512, 4096, 32768], [2048], [256, 1024, 4096, 16384], [512, 2048, 8192]];
    for (const model of [DEFAULT_COST_MODEL, SCALAR_COST_MODEL, FLOP_COST_MODEL]) {
      const cost = planCost(planPartitions(length, { costModel: model }), model);
      for (const sizes of handMade) {
        const plan = { blockSize: 128, length, levels: buildLevels(length, 128, sizes) };
        expect(cost).toBeLessThanOrEqual(planCost(plan, model) + 1e-9);
      }
    }
  });

  it('larger IRs get larger top levels (≥ 16384 frames at 5 s under the scalar model)', () => {
    const top = (seconds: number, costModel = DEFAULT_COST_MODEL) => {
      const levels = planPartitions(seconds * 48_000, { costModel }).levels;
      return levels[levels.length - 1].size;
    };
    expect(top(5, SCALAR_COST_MODEL)).toBeGreaterThanOrEqual(16_384);
    expect(top(1)).toBeLessThanOrEqual(top(5));
    expect(top(5)).toBeLessThanOrEqual(top(60));
    expect(top(1, SCALAR_COST_MODEL)).toBeLessThanOrEqual(top(5, SCALAR_COST_MODEL));
  });

  it('short IRs stay uniform', () => {
    expect(planPartitions(1).levels).toEqual([{ size: 128, offset: 0, count: 1 }]);
    expect(planPartitions(300).levels).toHaveLength(1);
  });

  it('rejects bad lengths', () => {
    expect(() => planPartitions(0)).toThrow(/impulse length 0 .* expected an integer number of frames ≥ 1/);
    expect(() => planPartitions(1.5)).toThrow(RangeError);
  });
});
