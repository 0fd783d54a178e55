/**
 * Chooses how an impulse response is cut into partitions: a non-uniform plan of levels, each with its own
 * partition size, chosen by a cost model rather than by hand.
 *
 * Level 0 has partitions of the block size B and runs in the block it receives (zero latency). A level of
 * partition size S > B collects S frames, then spreads its work over the next S/B blocks; its first output is
 * due 2S − 2B frames after its input chunk starts, so it must start at IR offset 2S − 2B. Each level's
 * partitions therefore fill the IR up to where the next level starts: count = 2·(S_next − S)/S.
 *
 * Allocates: main thread or prepare only.
 */

import { simdAvailable } from './spectrum-arena.js';

export interface PartitionLevel {
  /** Partition size in frames (a power of two; FFT size is twice this). */
  readonly size: number;
  /** First IR frame this level covers. */
  readonly offset: number;
  /** Number of partitions of `size` frames. */
  readonly count: number;
}

export interface PartitionPlan {
  readonly blockSize: number;
  /** IR length in frames. */
  readonly length: number;
  readonly levels: readonly PartitionLevel[];
}

/** Relative costs (≈ flops) of the engine's two kinds of work, measured on this engine (see bench/). */
export interface CostModel {
  /** Cost of one real FFT (or inverse) of 2·size frames, including its twiddle passes. */
  fft(size: number): number;
  /** Cost of one complex multiply-accumulate of a spectrum bin (memory traffic included). */
  readonly mac: number;
}

/**
 * Measured models, in nanoseconds on the machine of bench/results.md (only the ratios matter). A real FFT of
 * 2·size frames, twiddles included: in JavaScript ≈ 1.15 ns·size·log2(size) + 2.5 ns·size through one direct
 * fft.js call, ≈ 1.42 ns·size·log2(size) + 2.5 ns·size when cut into four-step pieces (size > 4096); with the
 * WebAssembly kernels (float32x4 Stockham radix-4, every size; bench/fft-kernels.ts) ≈ 0.2 ns·size·log2(size)
 * + 60 ns a call (0.26 µs at 256 frames, 4.8 at 4096, 90 at 65536). A multiply-accumulate costs ≈ 0.29 ns a bin
 * with the SIMD kernel (macring4: four partitions a pass) and ≈ 3 ns in JavaScript. Cheaper MACs favour more
 * partitions in fewer, smaller levels: at 0.29 the 0.5 s plan is 128×14 1024×22, which bench/level-plans.ts
 * measured 4–6 % faster than 0.35's 128×6 512×6 2048×10 for one engine and 8–11 % for 16 engines in turn; the
 * 0.1 / 0.25 / 1 / 3 / 10 s plans are the same under both. Levels up to 4096 frames of 6+ partitions run the planar MAC
 * (macring4p, ≈ 0.23–0.28 ns a bin; larger ones stay at 0.29): a model of 0.23 for every level changes only the
 * 10 s plan (to 128×14 1024×30 16384×28), which is not measured yet, so the model stays at 0.29. A level also costs ≈ 0.4–0.6 µs a stereo block of
 * copies and bookkeeping whatever its size (≈ 1–2 ns an output sample a path); the model leaves it out: at 1 ns it
 * changes no plan above, at 2 ns it changes the 10 s plan, unmeasured.
 */
const fftNs = (size: number) => (size <= 4096 ? 1.15 : 1.42) * size * Math.log2(size) + 2.5 * size;
const simdFftNs = (size: number) => 0.2 * size * Math.log2(size) + 60;
export const SIMD_COST_MODEL: CostModel = Object.freeze({ fft: simdFftNs, mac: 0.29 });
export const SCALAR_COST_MODEL: CostModel = Object.freeze({ fft: fftNs, mac: 3 });
/** The model for the kernels this scope runs (see SpectrumArena). */
export const DEFAULT_COST_MODEL: CostModel = simdAvailable() ? SIMD_COST_MODEL : SCALAR_COST_MODEL;

/** Arithmetic count: radix-4 FFT ≈ 4.25·n·log2(n) flops plus the real twiddle; 8 flops a complex MAC. */
export const FLOP_COST_MODEL: CostModel = Object.freeze({
  fft: (size: number) => 4.25 * size * Math.log2(size) + 10 * size,
  mac: 8,
});

export interface PlanOptions {
  /** Frames per process() call: a power of two from 32 to 4096. Default 128. */
  readonly blockSize?: number;
  /** Largest partition size considered, in frames. Default 16384 with the SIMD cost model, else 65536. */
  readonly maxPartitionSize?: number;
  readonly costModel?: CostModel;
}

export const MIN_BLOCK_SIZE = 32; // frames
export const MAX_BLOCK_SIZE = 4096; // frames
const DEFAULT_MAX_PARTITION = 65536; // frames
/**
 * With the WebAssembly transform a step is one Stockham pass, which cannot be cut: ≈ 3 µs over 8192 points
 * (a 16384-frame level), ≈ 11 µs over 32768, against a block mean of ≈ 10–25 µs. Above 16384 frames a plan
 * gains under 5 % by the model (10 s: 128×6 512×14 4096×14 32768×13 against 128×6 512×6 2048×14 16384×28).
 */
const SIMD_MAX_PARTITION = 16384; // frames

export function validateBlockSize(blockSize: unknown): number {
  if (
    typeof blockSize !== 'number' ||
    !Number.isInteger(blockSize) ||
    blockSize < MIN_BLOCK_SIZE ||
    blockSize > MAX_BLOCK_SIZE ||
    (blockSize & (blockSize - 1)) !== 0
  ) {
    throw new RangeError(
      `blockSize ${String(blockSize)} is not supported; expected a power of two from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}`,
    );
  }
  return blockSize;
}

/** Builds the levels for block size B and the sorted larger partition sizes `sizes`. */
export function buildLevels(length: number, blockSize: number, sizes: readonly number[]): PartitionLevel[] {
  const all = [blockSize, ...sizes];
  const levels: PartitionLevel[] = [];
  for (let j = 0; j < all.length; j++) {
    const size = all[j];
    const offset = j === 0 ? 0 : 2 * size - 2 * blockSize;
    const end = j + 1 < all.length ? 2 * all[j + 1] - 2 * blockSize : length;
    const count = Math.max(1, Math.ceil((Math.min(end, length) - offset) / size));
    levels.push({ size, offset, count });
  }
  return levels;
}

/** Modelled cost per output sample of one channel path (one forward FFT, one inverse FFT, the MACs). */
export function planCost(plan: PartitionPlan, model: CostModel = DEFAULT_COST_MODEL): number {
  let cost = 0;
  for (const level of plan.levels) cost += (2 * model.fft(level.size)) / level.size + level.count * model.mac;
  return cost;
}

/**
 * The cheapest plan under the cost model among all sets of power-of-two partition sizes above the block
 * size. A larger level is only used when the IR reaches its start offset.
 */
export function planPartitions(length: number, options: PlanOptions = {}): PartitionPlan {
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`impulse length ${length} is not supported; expected an integer number of frames ≥ 1`);
  }
  const blockSize = validateBlockSize(options.blockSize ?? 128);
  const model = options.costModel ?? DEFAULT_COST_MODEL;
  const maxSize = options.maxPartitionSize ?? (model === SIMD_COST_MODEL ? SIMD_MAX_PARTITION : DEFAULT_MAX_PARTITION);
  const candidates: number[] = [];
  for (let s = 2 * blockSize; s <= maxSize && 2 * s - 2 * blockSize < length; s *= 2) candidates.push(s);

  let best: PartitionPlan = { blockSize, length, levels: buildLevels(length, blockSize, []) };
  let bestCost = planCost(best, model);
  const subsets = 1 << candidates.length;
  for (let mask = 1; mask < subsets; mask++) {
    const sizes = candidates.filter((_, i) => (mask & (1 << i)) !== 0);
    const plan: PartitionPlan = { blockSize, length, levels: buildLevels(length, blockSize, sizes) };
    const cost = planCost(plan, model);
    if (cost < bestCost - 1e-9) {
      best = plan;
      bestCost = cost;
    }
  }
  return best;
}

/** The uniform plan (one level of block-size partitions), for comparisons. */
export function uniformPlan(length: number, blockSize = 128): PartitionPlan {
  return { blockSize, length, levels: buildLevels(length, validateBlockSize(blockSize), []) };
}
