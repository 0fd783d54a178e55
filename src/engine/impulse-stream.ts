/**
 * An IR in two parts, so that a new IR can play at once: a head (every partition that starts in the IR's first
 * `frames`), cheap enough to prepare synchronously, and a tail of the remaining partitions, prepared a batch at
 * a time in the order a new engine needs them and supplied to it while it already plays.
 *
 * Why it works: a level of partition size S first contributes output 2S − 2B frames after the IR starts, and a
 * new engine's history is empty, so partition p of a level is first read by its job p, which starts (p + 1)·S − B
 * frames after the engine does (ConvolutionLevel.run). A head of 16 384 frames therefore leaves the tail about
 * 16 384 − S frames (≥ 250 ms at 48 kHz for the plans planPartitions makes) before its first partition is due.
 *
 * Allocates: main thread or Worker only.
 */
import { planPartitions, validateBlockSize, type PartitionPlan } from './partition-plan.js';
import { prepareImpulseParts, type PreparedImpulse } from './prepared-impulse.js';
import { validateImpulse } from './validate-impulse.js';

/** Default head: every partition starting before this IR frame (0.34 s at 48 kHz; ≈ 1 ms of FFTs for stereo). */
export const HEAD_FRAMES = 16_384; // frames

/** The first tail batch is one partition, the second FIRST_BATCH floats per channel, then each doubles. */
const FIRST_BATCH = 16_384; // floats
const MAX_BATCH = 262_144; // floats: ≈ 5–20 ms of FFTs per batch, short enough to cancel promptly

export interface HeadOptions {
  /** Frames per process() call. Default 128. */
  readonly blockSize?: number;
  /** Gain applied to the IR (normalization). Default 1. */
  readonly scale?: number;
  readonly plan?: PartitionPlan;
  /** Partitions starting before this IR frame are in the head. Default HEAD_FRAMES. */
  readonly frames?: number;
  /**
   * The caller has checked the channels (1, 2 or 4 of equal length, finite samples): skip the scan of every
   * sample, the one part of a head whose cost grows with the IR's length. Default false.
   */
  readonly checked?: boolean;
  /**
   * Memory for the head's spectra, at least headFloats(…) floats: the head's spectra are views of it (one buffer
   * to transfer). Memory the caller has already touched spares the head its page faults — the larger part of
   * a head's cost on the bench machine (a VM: a first write to a fresh page cost 12–60 µs, ≈ 1–5 ms for a
   * stereo head's 320 KB, against ≈ 0.4 ms of FFTs). Default: one new buffer.
   */
  readonly into?: Float32Array;
}

/** One batch of a tail: partitions first … first + n − 1 of `level`, one spectra array per channel. */
export interface ImpulsePart {
  readonly level: number;
  readonly first: number;
  readonly spectra: Float32Array[];
}

/** How many leading partitions of each level start before IR frame `frames`. */
export function headPartitions(plan: PartitionPlan, frames: number): number[] {
  return plan.levels.map((level) => Math.max(0, Math.min(level.count, Math.ceil((frames - level.offset) / level.size))));
}

/**
 * A PreparedImpulse holding only the head's partitions (the whole IR when it is shorter than the head). Give
 * it to `new PartitionedConvolver`, then the ImpulseTail's parts to `supply()`.
 */
export function prepareImpulseHead(impulse: Float32Array[], options: HeadOptions = {}): PreparedImpulse {
  const channels = options.checked === true ? (impulse.length as 1 | 2 | 4) : validateImpulse(impulse);
  const blockSize = validateBlockSize(options.blockSize ?? 128);
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale)) throw new RangeError(`scale ${scale} is not supported; expected a finite number`);
  const length = impulse[0].length;
  const plan = options.plan ?? planPartitions(length, { blockSize });
  const head = headPartitions(plan, options.frames ?? HEAD_FRAMES);
  const floats = headFloats(plan, channels, options.frames ?? HEAD_FRAMES);
  const into = options.into ?? new Float32Array(floats);
  if (into.length < floats) throw new RangeError(`head memory of ${into.length} floats; expected at least ${floats}`);
  const spectra: Float32Array[] = [];
  let at = 0;
  for (let l = 0; l < plan.levels.length; l++) {
    const views: Float32Array[] = [];
    for (let c = 0; c < channels; c++) {
      const n = head[l] * 2 * plan.levels[l].size;
      views.push(into.subarray(at, at + n));
      at += n;
    }
    spectra.push(...prepareImpulseParts(impulse, plan, l, 0, head[l], scale, 0, views));
  }
  return { blockSize, length, channels, plan, spectra };
}

/** Floats the spectra of a head take: every channel of every partition starting before IR frame `frames`. */
export function headFloats(plan: PartitionPlan, channels: number, frames: number = HEAD_FRAMES): number {
  const head = headPartitions(plan, frames);
  let floats = 0;
  plan.levels.forEach((level, l) => (floats += head[l] * 2 * level.size * channels));
  return floats;
}

/**
 * The partitions a head left out, prepared by next() one batch at a time: the level whose next partition is
 * due first goes first, and batches grow from FIRST_BATCH so the earliest part arrives soonest.
 */
export class ImpulseTail {
  private readonly next_: number[]; // per level: next partition to prepare
  private batch = 0; // floats per channel: the first batch is one partition

  /**
   * `impulse[c][i]` is IR frame `origin + i` (see tailOrigin: a caller may pass only the tail's frames), already
   * checked; `scale` as for the head.
   */
  constructor(
    private readonly impulse: Float32Array[],
    private readonly plan: PartitionPlan,
    private readonly scale: number,
    headFrames: number = HEAD_FRAMES,
    private readonly origin = 0,
  ) {
    this.next_ = headPartitions(plan, headFrames);
  }

  /** Partitions left to prepare. */
  get remaining(): number {
    let n = 0;
    this.plan.levels.forEach((level, l) => (n += level.count - this.next_[l]));
    return n;
  }

  /** The next batch, or null when the tail is done. */
  next(): ImpulsePart | null {
    const levels = this.plan.levels;
    let level = -1;
    let due = Infinity; // frames after the engine starts
    for (let l = 0; l < levels.length; l++) {
      if (this.next_[l] >= levels[l].count) continue;
      const at = (this.next_[l] + 1) * levels[l].size - this.plan.blockSize;
      if (at < due) {
        due = at;
        level = l;
      }
    }
    if (level < 0) return null;
    const { size, count } = levels[level];
    const first = this.next_[level];
    const n = Math.max(1, Math.min(count - first, Math.floor(this.batch / (2 * size))));
    this.batch = Math.min(MAX_BATCH, Math.max(FIRST_BATCH, 2 * this.batch));
    this.next_[level] = first + n;
    return { level, first, spectra: prepareImpulseParts(this.impulse, this.plan, level, first, first + n, this.scale, this.origin) };
  }
}

/** The first IR frame a tail reads: frames before it need not be sent to whoever prepares the tail. */
export function tailOrigin(plan: PartitionPlan, headFrames: number = HEAD_FRAMES): number {
  const head = headPartitions(plan, headFrames);
  let origin = plan.length;
  plan.levels.forEach((level, l) => {
    if (head[l] < level.count) origin = Math.min(origin, level.offset + head[l] * level.size);
  });
  return origin;
}
