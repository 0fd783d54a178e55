/**
 * The planner against measured reality (`npx tsx bench/level-plans.ts` alone; bench/run.ts calls
 * runLevelPlansBench()): the engine's CPU µs per 128-frame block in Node for every plan of 4 800, 12 000 and
 * 24 000 frames (the latter also as 16 engines processed in turn, whose spectra exceed the caches), the
 * planner's choice marked, and where the chosen plan's block goes level by level. Stereo IR and input.
 * Plans are first screened in short rounds, then the best few and the planner's are timed again alternately;
 * CPU time of the process, best of rounds: only rows of one run compare. Then the planner's plan level by level:
 * each level's per-block work, its copies, and its tasks by kind.
 */
import { PartitionedConvolver, planPartitions, planCost, prepareImpulse, type PartitionPlan } from '../src/engine/index.js';
import { BlockLevel } from '../src/engine/block-level.js';
import { buildLevels } from '../src/engine/partition-plan.js';
import { timeAlternately } from './cpu-time.js';
import { noise } from './signals.js';

const B = 128; // frames
const SCREEN_BLOCKS = 2048; // per round, a multiple of every level's cycle (≤ 16384 / 128 blocks)
const SCREEN_ROUNDS = 3;
const FINAL_BLOCKS = 8192;
const FINAL_ROUNDS = 7;
const FINALISTS = 4; // plans timed again beside the planner's
const LENGTHS = [4800, 12000, 24000]; // frames
const MANY = 16; // engines of the many-node row

const label = (plan: PartitionPlan) => plan.levels.map((l) => `${l.size}×${l.count}`).join(' ');

/** Every plan of `length`: each set of power-of-two sizes above B whose levels the IR reaches. */
function allPlans(length: number): PartitionPlan[] {
  const candidates: number[] = [];
  for (let s = 2 * B; s <= 16384 && 2 * s - 2 * B < length; s *= 2) candidates.push(s);
  const plans: PartitionPlan[] = [];
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const sizes = candidates.filter((_, i) => (mask & (1 << i)) !== 0);
    plans.push({ blockSize: B, length, levels: buildLevels(length, B, sizes) });
  }
  return plans;
}

/** Engines built by runner(), released after each table so the scope memory does not keep growing. */
const built: PartitionedConvolver[] = [];

function releaseAll(): void {
  for (const engine of built) engine.release();
  built.length = 0;
}

/** A runner of `engines` engines of `plan` processed in turn, one block each per call. */
function runner(plan: PartitionPlan, engines: number): () => void {
  const input = noise(2, B, 9);
  const out = [new Float32Array(B), new Float32Array(B)];
  const list = Array.from({ length: engines }, (_, e) => {
    const ir = noise(2, plan.length, 100 + e, plan.length / 5);
    return new PartitionedConvolver(prepareImpulse(ir, { blockSize: B, plan }), { inputChannels: 2 });
  });
  built.push(...list);
  return () => {
    for (let e = 0; e < list.length; e++) list[e].process(input, out);
  };
}

/** CPU µs per block (per call of each runner), best of `rounds`, the runners alternating round by round. */
function alternately(runners: (() => void)[], blocks: number, rounds: number): number[] {
  return timeAlternately(runners, blocks, rounds, blocks / 4);
}

/** Screens every plan, then times the best few and the planner's alternately; a markdown table. */
function planTable(length: number, engines: number): string[] {
  const chosen = label(planPartitions(length, { blockSize: B }));
  const plans = allPlans(length);
  const screened = plans.map((plan) => {
    const us = alternately([runner(plan, engines)], SCREEN_BLOCKS / engines, SCREEN_ROUNDS)[0];
    releaseAll();
    return { plan, us };
  });
  screened.sort((a, b) => a.us - b.us);
  const finalists = screened.slice(0, FINALISTS).map((s) => s.plan);
  if (!finalists.some((p) => label(p) === chosen)) finalists.push(planPartitions(length, { blockSize: B }));
  const us = alternately(finalists.map((plan) => runner(plan, engines)), FINAL_BLOCKS / engines, FINAL_ROUNDS);
  releaseAll();
  const rows = finalists.map((plan, k) => ({ plan, us: us[k] })).sort((a, b) => a.us - b.us);
  const title = engines > 1 ? `${engines} engines × ${length} frames, in turn` : `${length} frames`;
  return [
    `| ${title} | µs per block | / best | model cost | screened µs |`,
    '|---|---:|---:|---:|---:|',
    ...rows.map(({ plan, us: t }) => {
      const mark = label(plan) === chosen ? ' (planner)' : '';
      const screen = screened.find((s) => label(s.plan) === label(plan))?.us ?? NaN;
      return `| ${label(plan)}${mark} | ${t.toFixed(2)} | ${(t / rows[0].us).toFixed(2)} | ${planCost(plan).toFixed(1)} | ${screen.toFixed(2)} |`;
    }),
    '',
  ];
}

/** The private parts of an engine and a level that levelTable() times (a bench may look inside). */
interface EngineInside {
  levels: {
    size: number;
    count: number;
    steps: number;
    job: number;
    tasks: Int32Array;
    beginBlock(stereo: boolean): void;
    write(input: number, data: Float32Array): void;
    run(): void;
    readInto(output: number, address: number, overwrite: boolean): boolean;
    endBlock(): void;
    runTask(at: number, tasks: Int32Array): void;
  }[];
  glue: { takeInput(input: Float32Array[]): Float32Array[]; outputs: Float32Array[]; giveOutput(o: number, out: Float32Array): boolean };
}

/** CPU µs per call of `f`, best of `rounds` × `calls`. */
function timeOne(f: () => void, calls: number, rounds: number): number {
  return alternately([f], calls, rounds)[0];
}

/**
 * Where the planner's plan spends a block, level by level: the level's whole per-block work, its input and
 * output copies (write, readInto), and its tasks by kind (a chunk's tasks of that kind run back to back, divided
 * by the blocks they are spread over).
 */
function levelTable(length: number): string[] {
  const plan = planPartitions(length, { blockSize: B });
  const prepared = prepareImpulse(noise(2, length, 5, length / 5), { blockSize: B, plan });
  const engine = new PartitionedConvolver(prepared, { inputChannels: 2 });
  // level by level on an engine whose level 0 runs as a ConvolutionLevel: under its one-call kernel (BlockLevel)
  // level 0 has no windows, results or tasks of its own to time
  BlockLevel.enabled = false;
  const inside = new PartitionedConvolver(prepared, { inputChannels: 2 }) as unknown as EngineInside;
  BlockLevel.enabled = true;
  const input = noise(2, B, 9);
  const out = [new Float32Array(B), new Float32Array(B)];
  built.push(engine, inside as unknown as PartitionedConvolver);
  const whole = timeOne(() => engine.process(input, out), FINAL_BLOCKS, FINAL_ROUNDS);
  const glue = inside.glue;
  const staged = glue.takeInput(input);
  const address = glue.outputs[0].byteOffset;
  const rows = inside.levels.map((level) => {
    const all = timeOne(() => {
      level.beginBlock(true);
      level.write(0, staged[0]);
      level.write(1, staged[1]);
      level.run();
      level.readInto(0, address, true);
      level.readInto(1, address, true);
      level.endBlock();
    }, FINAL_BLOCKS, FINAL_ROUNDS);
    const io = timeOne(() => {
      level.write(0, staged[0]);
      level.write(1, staged[1]);
      level.readInto(0, address, true);
      level.readInto(1, address, true);
    }, FINAL_BLOCKS, FINAL_ROUNDS);
    level.job = 5 * level.count + 3; // any chunk: tasks read whatever the delay line holds
    const kinds = [0, 1, 2].map((kind) => {
      const at: number[] = [];
      for (let t = 0; t < level.tasks.length; t += 5) if (level.tasks[t] === kind) at.push(t);
      const us = timeOne(() => {
        for (let i = 0; i < at.length; i++) level.runTask(at[i], level.tasks);
      }, FINAL_BLOCKS / level.steps, FINAL_ROUNDS);
      return { us: us / level.steps, tasks: at.length };
    });
    const rest = all - io - kinds[0].us - kinds[1].us - kinds[2].us;
    const cells = [all, io, ...kinds.map((k) => k.us), rest].map((v) => v.toFixed(2));
    return `| ${level.size}×${level.count} | ${cells.join(' | ')} | ${kinds.map((k) => k.tasks).join(' / ')} over ${level.steps} |`;
  });
  const glueUs = timeOne(() => {
    glue.takeInput(input);
    glue.giveOutput(0, out[0]);
    glue.giveOutput(1, out[1]);
  }, FINAL_BLOCKS, FINAL_ROUNDS);
  releaseAll();
  return [
    `| ${length} frames: engine ${whole.toFixed(2)} µs, glue (input, output flush) ${glueUs.toFixed(2)} | level's block | write + readInto | forward FFT | MAC | inverse FFT | the rest (run's bookkeeping) | tasks a chunk (forward / MAC / inverse) over blocks |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ];
}

export function runLevelPlansBench(): string {
  const lines = [
    `## Partition plans measured in Node ${process.version} (engine CPU µs per 128-frame block, stereo IR and input)`,
    '',
    `Every plan screened (best of ${SCREEN_ROUNDS} × ${SCREEN_BLOCKS} blocks), the ${FINALISTS} fastest and the planner's timed again alternately (best of ${FINAL_ROUNDS} × ${FINAL_BLOCKS}).`,
    '',
  ];
  for (const length of LENGTHS) lines.push(...planTable(length, 1));
  lines.push(...planTable(24000, MANY));
  lines.push("Where the planner's plan spends a block (CPU µs per block, level by level; stereo; the engine with level 0 in one call, the levels' rows with level 0 run as a ConvolutionLevel):", '');
  for (const length of LENGTHS) lines.push(...levelTable(length));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runLevelPlansBench());
