/**
 * `npm run bench`: throughput and per-block cost of PartitionedConvolver against node-web-audio-api's native
 * ConvolverNode, measured side by side in one process (the machines are shared and noisy: only ratios from
 * the same run mean anything). Prints a table and writes bench/results.md.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runBrowserBench } from './browser.js';
import { runFirefoxBench } from './firefox.js';
import { runFirefoxPerBlockBench } from './firefox-per-block.js';
import { runLifecycleBench } from './lifecycle.js';
import { runIrChangeBench } from './ir-change.js';
import { runNodeWorkletBench } from './node-worklet.js';
import { runPerBlockBench } from './per-block.js';
import { runPerBlockProbe } from './per-block-probe.js';
import { runNodePerBlockBench } from './per-block-node.js';
import { runFreshEngineBench } from './fresh-engine.js';
import { runFftKernelBench } from './fft-kernels.js';
import { runBlockShapeBench } from './block-shape.js';
import { runBlockLevelBench } from './block-level.js';
import { runLevelPlansBench } from './level-plans.js';
import { runEngineMemoryBench } from './engine-memory.js';
import { runPlanarMacBench } from './planar-mac.js';
import { noise } from './signals.js';
import { installNodePolyfills } from '../src/web/node-polyfills.js';
import { FLOP_COST_MODEL, PartitionedConvolver, planPartitions, planCost, uniformPlan, prepareImpulse } from '../src/engine/index.js';

installNodePolyfills(); // node-web-audio-api needs Promise.withResolvers and navigator, which Node 20 lacks
const wa = await import('node-web-audio-api');

const RATE = 48000; // Hz
const INPUT_SECONDS = 10;
const BLOCK = 128; // frames
const IR_SECONDS = [0.1, 1, 3, 10]; // 0.1 s: 4 800 frames, plan 128×6 512×8

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

interface Timing {
  ms: number; // wall clock
  cpuMs: number; // CPU time of the whole process (every thread): robust to other load on a shared machine
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function nativeRender(input: Float32Array[], ir: Float32Array[]): Promise<Timing> {
  const ctx = new wa.OfflineAudioContext(2, input[0].length, RATE);
  const src = new wa.AudioBufferSourceNode(ctx);
  const inBuf = new wa.AudioBuffer({ numberOfChannels: 2, length: input[0].length, sampleRate: RATE });
  input.forEach((ch, c) => inBuf.copyToChannel(ch as Float32Array<ArrayBuffer>, c));
  src.buffer = inBuf;
  const conv = new wa.ConvolverNode(ctx, { disableNormalization: true });
  const irBuf = new wa.AudioBuffer({ numberOfChannels: ir.length, length: ir[0].length, sampleRate: RATE });
  ir.forEach((ch, c) => irBuf.copyToChannel(ch as Float32Array<ArrayBuffer>, c));
  conv.buffer = irBuf;
  src.connect(conv).connect(ctx.destination);
  src.start();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await ctx.startRendering();
  return { ms: performance.now() - t0, cpuMs: cpuMs(c0) };
}

interface Row {
  ir: number;
  oursX: number;
  nativeX: number;
  cpuRatio: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  flops: number;
  minFlops: number;
  uniformFlops: number;
  boundFlops: number;
  mib: number;
  levels: string;
}

function runOurs(input: Float32Array[], ir: Float32Array[]): Timing & { times: Float64Array } {
  const conv = new PartitionedConvolver(ir, { blockSize: BLOCK, inputChannels: 2 });
  const blocks = Math.floor(input[0].length / BLOCK);
  const inB = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
  const outB = [new Float32Array(BLOCK), new Float32Array(BLOCK)];
  const times = new Float64Array(blocks);
  // warm-up: let the JIT optimise before timing (then start from silence again)
  for (let b = 0; b < 2000; b++) conv.process(inB, outB);
  conv.reset();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < blocks; b++) {
    // copied without subarray(): the timing loop itself must not allocate, or GC pauses land in the block times
    const at = b * BLOCK;
    for (let i = 0; i < BLOCK; i++) {
      inB[0][i] = input[0][at + i];
      inB[1][i] = input[1][at + i];
    }
    const s = performance.now();
    conv.process(inB, outB);
    times[b] = performance.now() - s;
  }
  return { ms: performance.now() - t0, cpuMs: cpuMs(c0), times };
}

const rows: Row[] = [];
const input = noise(2, INPUT_SECONDS * RATE, 7);
const seconds = INPUT_SECONDS;
for (const irSeconds of IR_SECONDS) {
  const irLen = Math.round(irSeconds * RATE); // frames (0.1 · 48 000 is not exact in binary)
  const ir = noise(2, irLen, 11 + irSeconds, irLen / 6.9);
  const probe = new PartitionedConvolver(prepareImpulse(ir, { blockSize: BLOCK }), { inputChannels: 2 });
  const mib = probe.byteLength / 2 ** 20;
  // alternate the two to share the machine's noise
  const natives = [await nativeRender(input, ir), await nativeRender(input, ir)];
  const nativeMs = Math.min(...natives.map((t) => t.ms));
  const nativeCpu = Math.min(...natives.map((t) => t.cpuMs));
  const ours = runOurs(input, ir);
  const ours2 = runOurs(input, ir);
  const best = ours2.ms < ours.ms ? ours2 : ours;
  const sorted = Float64Array.from(best.times).sort();
  const plan = planPartitions(irLen, { blockSize: BLOCK });
  rows.push({
    ir: irSeconds,
    oursX: (seconds * 1000) / best.ms,
    nativeX: (seconds * 1000) / nativeMs,
    cpuRatio: nativeCpu / Math.min(ours.cpuMs, ours2.cpuMs),
    p50: percentile(sorted, 0.5) * 1000,
    p99: percentile(sorted, 0.99) * 1000,
    p999: percentile(sorted, 0.999) * 1000,
    max: sorted[sorted.length - 1] * 1000,
    mean: (best.ms / sorted.length) * 1000,
    flops: planCost(plan, FLOP_COST_MODEL),
    minFlops: planCost(planPartitions(irLen, { blockSize: BLOCK, costModel: FLOP_COST_MODEL }), FLOP_COST_MODEL),
    uniformFlops: planCost(uniformPlan(irLen, BLOCK), FLOP_COST_MODEL),
    // one FFT of the whole signal (latency ≥ the IR): the model's lower bound
    boundFlops: (2 * FLOP_COST_MODEL.fft(2 * irLen) + FLOP_COST_MODEL.mac * 2 * irLen) / (2 * irLen),
    mib,
    levels: plan.levels.map((l) => `${l.size}×${l.count}`).join(' '),
  });
}

const budget = (BLOCK / RATE) * 1e6; // µs per block in real time
const header =
  '| IR | ours ×RT | node-web-audio-api ×RT | ratio | CPU-time ratio | mean µs | p50 µs | p99 µs | p99.9 µs | max µs | p99.9/mean | p99.9 % budget | plan | flops/sample per path: plan / best zero-latency plan / uniform / whole-signal FFT | MiB of engine memory |';
const sep = '|' + '---|'.repeat(15);
const lines = rows.map(
  (r) =>
    `| ${r.ir} s | ${r.oursX.toFixed(1)} | ${r.nativeX.toFixed(1)} | **${(r.oursX / r.nativeX).toFixed(2)}** | ${r.cpuRatio.toFixed(2)} | ${r.mean.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.p999.toFixed(1)} | ${r.max.toFixed(0)} | ${(r.p999 / r.mean).toFixed(2)} | ${((100 * r.p999) / budget).toFixed(1)} % | ${r.levels} | ${r.flops.toFixed(0)} / ${r.minFlops.toFixed(0)} / ${r.uniformFlops.toFixed(0)} / ${r.boundFlops.toFixed(0)} | ${r.mib.toFixed(1)} |`,
);
const table = [header, sep, ...lines].join('\n');
// where a short IR's block time goes (bench/per-block-node.ts)
const perBlockNode = `${runNodePerBlockBench()}\n${runBlockLevelBench()}\n${runLevelPlansBench()}\n${runPlanarMacBench()}\n${await runEngineMemoryBench()}\n${runBlockShapeBench()}\n${runFreshEngineBench()}\n${runFftKernelBench()}`;
const md = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${process.version}, ${process.arch}).
Stereo IR (exponentially decaying noise) at ${RATE} Hz, ${INPUT_SECONDS} s of stereo noise, PartitionedConvolver at
block ${BLOCK} against node-web-audio-api's ConvolverNode in an OfflineAudioContext, same IR and input, same run.
×RT = times real time (higher is faster); ratio = ours / native in wall-clock time; CPU-time ratio = native's
CPU time / ours for the same render (all threads of the process), which other load on the machine disturbs far
less. Block times are per process() call; the real-time
budget of a ${BLOCK}-frame block is ${budget.toFixed(0)} µs. Each side: best of two runs.

${table}

${perBlockNode}`;
console.log(table);
console.log(`\n${perBlockNode}`);

// The node in Node: our ConvolverWorkletNode hosted by node-web-audio-api against its ConvolverNode.
const nodeWorklet = await runNodeWorkletBench();

// The browser section: the same comparison in headless Chromium (bench/browser.ts), when Chromium is here.
let browser: string;
if (existsSync('/usr/bin/chromium')) {
  browser = `${await runBrowserBench()}\n${await runLifecycleBench()}`;
  browser += `\n${await runPerBlockBench()}`;
  // where ours' block goes, by probe, in the audio thread's CPU (steadier than wall clock on a shared machine)
  browser += `\n${await runPerBlockProbe(5, ['floor', 'ours', 'engine', 'engine2', 'engineScratch', 'ffts', 'wasmCopy'])}`;
  writeFileSync(new URL('./results-browser.md', import.meta.url), `${browser}\n`);
  browser += `\n\n${await runIrChangeBench()}`;
} else {
  browser = '## Browser\n\nSkipped: /usr/bin/chromium is absent (Debian: apt-get install chromium).';
}
// The same in headless Firefox (bench/firefox.ts), with the worklet floor; it says so when Firefox is absent.
browser += `\n${await runFirefoxBench()}`;
browser += `\n${await runFirefoxPerBlockBench()}`; // where Firefox's short-IR block goes, Chromium beside it
console.log(`\n${browser}`);
writeFileSync(new URL('./results.md', import.meta.url), `${md}\n${nodeWorklet}\n${browser}\n`);
