/**
 * JIT warm-up. Every AudioWorkletGlobalScope is a fresh JavaScript realm, and every OfflineAudioContext gets its
 * own: until V8 has optimized the processor's and the engine's per-block code, blocks run in its baseline tiers.
 * Measured in headless Chromium (bench/per-block.ts, 512-frame stereo IR): a fresh realm's blocks cost 40–48 µs
 * for their first ≈ 2000 blocks and 4–16 µs once TurboFan's code is in; compiling the engine's process() with
 * what it inlines takes V8 ≈ 80–100 ms of a background thread, longer than a whole 10 s render of a short IR.
 * V8's optimized code also checks the shapes it was trained on: Chromium hands process() frozen holey arrays and a
 * frozen parameters object, so a warm-up on plain arrays is thrown away (deoptimized) at the first real block and
 * compiled again.
 *
 * So the processor rehearses: once per realm, before its first real block, it runs its own process() on an
 * engine of its own, with arrays shaped as the browser's (frozen, reused, a parameters object with `wet` and
 * `dry`), until the blocks have become fast (the optimizing compiler's code is in), within a time bound. (It replaces a warm-up of a
 * bare engine on plain arrays, run by every processor: ≈ 150–550 ms in a cold realm here, and its shapes were not
 * the browser's.)
 *
 * The rehearsal's engine has the plan of the IR about to play (its partition sizes and counts, counts capped):
 * rehearsed on a fixed plan (128×6 512×14 4096×4), a 12 000-frame IR's engine (128×14 1024×10) met paths and
 * shapes the JIT had no feedback for, and V8 compiled `runTask`, `macRing`, `write` and `readResult` again
 * during every real render (`--trace-opt`, bench/per-block-probe.ts). So a processor rehearses when its first IR
 * arrives, before the rendering starts, once per plan and realm (later processors of the realm with the same
 * plan need none).
 *
 * Costs tens to a few hundred ms on the audio thread, once per plan and realm: the node asks for it only on
 * offline contexts, where nothing is playing yet. Allocates: message handler and constructor only.
 */
import { prepareImpulse, type PartitionLevel, type PartitionPlan, type PreparedImpulse } from '../src/engine/index.js';

/**
 * The second rehearsal engine's plan, where the IR's has more levels: level 0 alone, as IRs up to a few blocks
 * long have it. The engine then takes another path (level 0's kernel flushes the outputs itself); met first in a
 * real render (an IR change to a short IR), it threw the optimized process() away there and V8 compiled it again
 * during the render.
 */
const ALONE_LEVELS = [{ blocks: 1, count: 4 }];
/** Blocks per timed batch: Chromium's worklet clock is Date.now(), 1 ms steps; a warm batch takes ≈ 3–8 ms. */
const BATCH = 512;
/**
 * At least this many blocks. On the fixed plan rehearsed before, longer (16 or 48 batches) did not keep V8's
 * TurboFan compiles out of the real render: they were of paths that plan did not have. On the IR's own plan,
 * with 3 batches the engine's `runTask` still reached TurboFan during the render in about one render of three
 * (--trace-opt, 12 000 frames: the rehearsal settles once Maglev's code is in, before the compile is done).
 */
const MIN_BLOCKS = 6 * BATCH;
/**
 * A batch this much faster than the first one (or under FAST µs a block), twice in a row, means the optimized
 * code is in.
 */
const SETTLED = 0.5;
const FAST = 4; // µs per block
/** Upper bound of the rehearsal, ms: a slow or loaded machine stops here, warm or not. */
const MAX_MS = 400;

/**
 * Partitions a level of the rehearsal's engine at most: its code paths are those of the real level, and a long
 * IR's rehearsal engine stays small (a 10 s IR's 16384×28 level rehearses as 16384×16).
 */
const MAX_REHEARSAL_COUNT = 16;
/** Plans rehearsed per realm at most: each costs up to MAX_MS before its render. */
const MAX_PLANS = 4;

const rehearsedPlans = new Set<string>(); // this realm's: its code is optimized for every processor of those plans

/** How a rehearsal ended: for diagnostics (bench/per-block-probe.ts), whether it settled or hit MAX_MS. */
export interface RehearsalRecord {
  /** Blocks run. */
  blocks: number;
  /** ms it took. */
  ms: number;
  /** true when its batches became fast (two in a row); false when MAX_MS stopped it. */
  settled: boolean;
  /** ms of its first and its last batch of BATCH blocks. */
  firstBatchMs: number;
  lastBatchMs: number;
}

const record: RehearsalRecord = { blocks: 0, ms: 0, settled: false, firstBatchMs: 0, lastBatchMs: 0 };

/** This realm's last rehearsal (all zeros before one ran). Real-time safe: the same object every call. */
export function lastRehearsal(): Readonly<RehearsalRecord> {
  return record;
}

/** true until a processor of this realm has rehearsed (claimPlanWarmUp()). */
export function realmNeedsWarmUp(): boolean {
  return rehearsedPlans.size === 0;
}

/**
 * true for the first caller in this realm with an IR of this plan and width (as planRehearsalImpulse() rehearses
 * them), which then rehearses it; false for every later one, and once MAX_PLANS plans were rehearsed.
 * Allocates (the plan's key).
 */
export function claimPlanWarmUp(plan: PartitionPlan, channels: number, blockSize: number): boolean {
  const key = `${channels}: ${rehearsalLevels(plan, blockSize).map((level) => `${level.blocks}×${level.count}`).join(' ')}`;
  if (rehearsedPlans.has(key) || rehearsedPlans.size >= MAX_PLANS) return false;
  rehearsedPlans.add(key);
  return true;
}

/** Whether a plan is level 0 alone (IRs up to a few blocks): such an engine takes a path of its own in process(). */
export function isLevelZeroAlone(plan: PartitionPlan, blockSize: number): boolean {
  return plan.levels.length === 1 && plan.levels[0].size === blockSize;
}

/**
 * An IR of `channels` channels on `plan`'s partition sizes and counts (counts capped at MAX_REHEARSAL_COUNT),
 * for the rehearsal of an IR of that plan and width. Allocates.
 */
export function planRehearsalImpulse(plan: PartitionPlan, channels: number, blockSize: number): PreparedImpulse {
  return impulseOnLevels(blockSize, rehearsalLevels(plan, blockSize), channels);
}

function rehearsalLevels(plan: PartitionPlan, blockSize: number): { blocks: number; count: number }[] {
  return plan.levels.map((level) => ({ blocks: level.size / blockSize, count: Math.min(level.count, MAX_REHEARSAL_COUNT) }));
}

/** The rehearsal's IR of level 0 alone (ALONE_LEVELS). Allocates. */
export function aloneRehearsalImpulse(blockSize: number): PreparedImpulse {
  return impulseOnLevels(blockSize, ALONE_LEVELS);
}

/**
 * The rehearsal's stereo IR (decaying, deterministic) on levels of `blocks` × blockSize frames, `count` partitions
 * each: each level starts where a level of its size may (2S − 2B) and the IR ends with the last. Allocates.
 */
function impulseOnLevels(blockSize: number, plan: readonly { blocks: number; count: number }[], channels = 2): PreparedImpulse {
  const levels: PartitionLevel[] = [];
  let offset = 0; // frames
  for (const { blocks, count } of plan) {
    const size = blocks * blockSize;
    offset = Math.max(offset, 2 * size - 2 * blockSize);
    levels.push({ size, offset, count });
    offset += size * count;
  }
  const frames = offset;
  const impulse: Float32Array[] = [];
  for (let c = 0; c < channels; c++) impulse.push(new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    const decay = Math.exp(-i / 4000);
    for (let c = 0; c < channels; c++) impulse[c][i] = Math.sin(i * (0.41 - 0.12 * c) + c) * decay;
  }
  return prepareImpulse(impulse, { blockSize, plan: { blockSize, length: frames, levels } });
}

type Process = (inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>) => boolean;

/**
 * Calls `process` (a processor's own, bound to it, with a rehearsal engine installed) on arrays shaped as
 * Chromium's until its blocks are fast or MAX_MS has passed. Mostly stereo input with constant `wet`/`dry`,
 * the common case; every 8th block mono (1 channel), every 8th a mono source up-mixed to two equal channels,
 * every 16th an automated `wet` of ones and every 16th the parameters in the other order, so those paths and
 * shapes have been seen too (a path first met in a real render would throw the optimized code away).
 * `select(block)`, when given, runs before each block: the processor switches engines there. Returns the blocks
 * it ran.
 * Allocates: constructor only.
 */
export function rehearse(process: Process, blockSize: number, clock: () => number, select?: (block: number) => void): number {
  const left = new Float32Array(blockSize);
  const right = new Float32Array(blockSize);
  const stereo = browserList([browserList([left, right])]);
  const mono = browserList([browserList([left])]);
  const outputs = browserList([browserList([new Float32Array(blockSize), new Float32Array(blockSize)])]);
  const constant = browserParameters(new Float32Array([1]), new Float32Array([0]), true);
  const varying = browserParameters(new Float32Array(blockSize).fill(1), new Float32Array([0]), true);
  const otherOrder = browserParameters(new Float32Array([1]), new Float32Array([0]), false);
  // the call site in invoke() sees several functions first: megamorphic, so no optimizing compiler inlines
  // process() into this loop (on-stack replacement did: the loop got fast, process() itself stayed in Maglev)
  for (const other of DECOYS) invoke(other, stereo, outputs, constant);
  const step = (block: number): void => {
    for (let i = 0; i < blockSize; i++) {
      const t = block * blockSize + i;
      left[i] = Math.sin(t * 0.011);
      right[i] = block % 8 === 3 ? left[i] : Math.cos(t * 0.017);
    }
    select?.(block);
    invoke(process, block % 8 === 7 ? mono : stereo, outputs, block % 16 === 5 ? varying : block % 16 === 9 ? otherOrder : constant);
  };
  // A block is a call through another megamorphic site, so the loops below stay small: V8 compiles them by
  // on-stack replacement, and with the block inlined that compile ran on into the real render (and was thrown
  // away there: "maps became deprecated"), 70–270 ms of a background thread beside it (--trace-opt).
  for (const other of STEP_DECOYS) runStep(other, 0);
  const start = clock();
  let first = 0; // ms of the first batch
  let settled = 0; // consecutive fast batches
  let block = 0;
  while (settled < 2 && clock() - start < MAX_MS) {
    const batchStart = clock();
    for (let end = block + BATCH; block < end; block++) runStep(step, block);
    const elapsed = clock() - batchStart;
    if (block === BATCH) first = elapsed;
    const fast = elapsed <= SETTLED * first || elapsed * 1000 <= FAST * BATCH;
    settled = block >= MIN_BLOCKS && fast ? settled + 1 : 0;
    record.lastBatchMs = elapsed;
  }
  record.blocks = block;
  record.ms = clock() - start;
  record.settled = settled >= 2;
  record.firstBatchMs = first;
  return block;
}

/**
 * Calls `process` as the browser does, through a call site no optimizing compiler inlines (see rehearse()), so
 * the calls tier up process() itself — the code Chromium's own calls run — and not a copy of it inlined here.
 */
function invoke(process: Process, inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean {
  return process(inputs, outputs, parameters);
}

/** Functions invoke() is called with once each before the rehearsal: more than V8 inlines at one site (4). */
const DECOYS: Process[] = [() => true, () => false, (i) => i.length > 0, (_, o) => o.length > 0, (_, __, p) => p.wet !== undefined];

type Step = (block: number) => void;

/** Runs one rehearsal block through a call site no optimizing compiler inlines (see rehearse()). */
function runStep(step: Step, block: number): void {
  step(block);
}

/** Functions runStep() is called with once each before the rehearsal (as DECOYS). */
const STEP_DECOYS: Step[] = [() => {}, (b) => void (b + 1), (b) => void (b * 2), (b) => void (b - 1), (b) => void (b | 1)];

/**
 * A frozen array made as Chromium makes process()'s (checked with V8's %HaveSameMap): `new Array(n)` filled in,
 * then frozen — holey frozen elements, a different hidden class from a frozen array literal's, so code
 * optimized on literals is deoptimized by the first real block.
 */
function browserList<T>(items: T[]): T[] {
  const list = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) list[i] = items[i];
  return Object.freeze(list) as T[];
}

/**
 * The parameters object as Chromium makes it: an empty object given one property per parameter, then frozen.
 * Chromium 156 adds `dry` before `wet` (its map's order, not the descriptors'): `dryFirst`; the other order
 * too, so that code optimized here does not depend on it.
 */
function browserParameters(wet: Float32Array, dry: Float32Array, dryFirst: boolean): Record<string, Float32Array> {
  const parameters: Record<string, Float32Array> = {};
  if (dryFirst) parameters.dry = dry;
  parameters.wet = wet;
  if (!dryFirst) parameters.dry = dry;
  return Object.freeze(parameters);
}
