/**
 * Block-time shape in Node (`npx tsx bench/block-shape.ts` alone; bench/run.ts calls runBlockShapeBench()):
 * issue 10's structural measure. A level of S frames spreads its work over the S/B blocks of its cycle, so a
 * block's cost depends on where it falls in the largest level's cycle: the heaviest step of that cycle (one
 * transform step, one MAC chunk) lands in the same phase every cycle. Here each block of a steady engine is timed
 * in CPU time of the process (process.cpuUsage() around each process() call: time another process holds the
 * core is not counted, which wall clock on this shared machine could not give), grouped by phase = block index
 * mod (largest level's S/B), and the row figure is the largest phase mean over the mean of all phases (target
 * ≤ 1.5). A garbage collection or an interrupt hits a few blocks at random, never the same phase each cycle, so
 * each phase's mean drops its slowest TRIM of blocks; a structural cost is in every cycle and survives the trim.
 * The untrimmed figure is printed beside it.
 */
import { PartitionedConvolver, planPartitions, prepareImpulse } from '../src/engine/index.js';
import { cpuUs } from './cpu-time.js';
import { noise } from './signals.js';

const RATE = 48000; // Hz
const B = 128; // frames
const IR_SECONDS = [1, 3, 10];
const WARM_BLOCKS = 4096; // JIT and every level's first chunks
const TIMED_BLOCKS = 32 * 1024; // 87 s of audio: 256 cycles of a 16 384-frame level
const TRIM = 0.02; // of each phase's blocks, the slowest
const TARGET = 1.5;

interface Shape {
  means: Float64Array; // µs per phase, trimmed
  overall: number; // µs, mean of the phase means
  worst: number; // max phase mean / overall
  worstPhase: number;
  untrimmed: number; // the same ratio without the trim
}

/** Per-phase means of `times` (µs, one per block) over `phases` phases. Allocates. */
function shape(times: Float64Array, phases: number): Shape {
  const means = new Float64Array(phases);
  const raw = new Float64Array(phases);
  const cycles = Math.floor(times.length / phases);
  const keep = Math.max(1, cycles - Math.floor(TRIM * cycles));
  const column = new Float64Array(cycles);
  for (let p = 0; p < phases; p++) {
    let sum = 0;
    for (let c = 0; c < cycles; c++) {
      column[c] = times[c * phases + p];
      sum += column[c];
    }
    raw[p] = sum / cycles;
    column.sort();
    let kept = 0;
    for (let c = 0; c < keep; c++) kept += column[c];
    means[p] = kept / keep;
  }
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const overall = mean(means);
  let worstPhase = 0;
  for (let p = 1; p < phases; p++) if (means[p] > means[worstPhase]) worstPhase = p;
  return { means, overall, worst: means[worstPhase] / overall, worstPhase, untrimmed: Math.max(...raw) / mean(raw) };
}

/** CPU µs of each of TIMED_BLOCKS blocks of a warm engine convolving stereo noise with `ir`. */
function blockTimes(ir: Float32Array[]): Float64Array {
  const engine = new PartitionedConvolver(prepareImpulse(ir, { blockSize: B }), { inputChannels: 2 });
  const source = noise(2, 10 * RATE, 5); // 10 s of input, looped
  const input = [new Float32Array(B), new Float32Array(B)];
  const out = [new Float32Array(B), new Float32Array(B)];
  const times = new Float64Array(TIMED_BLOCKS);
  const sourceBlocks = Math.floor(source[0].length / B);
  for (let b = 0; b < WARM_BLOCKS + TIMED_BLOCKS; b++) {
    const at = (b % sourceBlocks) * B;
    for (let i = 0; i < B; i++) {
      input[0][i] = source[0][at + i];
      input[1][i] = source[1][at + i];
    }
    const start = cpuUs();
    engine.process(input, out);
    // WARM_BLOCKS is a multiple of every phase count, so block b's phase is b mod phases here too
    if (b >= WARM_BLOCKS) times[b - WARM_BLOCKS] = cpuUs() - start;
  }
  return times;
}

export function runBlockShapeBench(): string {
  const rows: string[] = [];
  const details: string[] = [];
  for (const seconds of IR_SECONDS) {
    const frames = seconds * RATE;
    const plan = planPartitions(frames, { blockSize: B });
    const largest = plan.levels[plan.levels.length - 1].size;
    const phases = largest / B;
    const s = shape(blockTimes(noise(2, frames, 20 + seconds, frames / 6.9)), phases);
    const levels = plan.levels.map((l) => `${l.size}×${l.count}`).join(' ');
    let lo = Infinity;
    for (const m of s.means) lo = Math.min(lo, m);
    rows.push(
      `| ${seconds} s | ${levels} | ${phases} | ${TIMED_BLOCKS / phases} | ${s.overall.toFixed(1)} | ${lo.toFixed(1)} | ` +
        `${(s.worst * s.overall).toFixed(1)} (phase ${s.worstPhase}) | **${s.worst.toFixed(2)}** | ${s.untrimmed.toFixed(2)} |`,
    );
    details.push(`- ${seconds} s, µs per phase: ${Array.from(s.means, (m) => m.toFixed(1)).join(' ')}`);
  }
  return [
    `## Block-time shape in Node ${process.version} (stereo IR and input, block ${B}, CPU time per process() call)`,
    '',
    `Blocks grouped by phase in the largest level's cycle; each phase's mean drops its slowest ${100 * TRIM} % (collections, interrupts).`,
    '',
    `| IR | plan | phases | cycles | mean µs | lowest phase µs | highest phase µs | highest / mean (target ≤ ${TARGET}) | untrimmed |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...details,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runBlockShapeBench());
