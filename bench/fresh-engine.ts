/**
 * Fresh engines (`npx tsx bench/fresh-engine.ts` alone; bench/run.ts calls runFreshEngineBench()): every IR
 * change builds an engine, and a fresh one used to be slow for its first seconds (fresh memory page-faulting
 * through its delay lines). In Node, with the JIT already warm, the block times of a fresh engine's first 3 s
 * against the same engine's steady state (after 10 s more): as built by default (its constructor prefaults its
 * pages) and built with `deferLoad` and never prefaulted (what a deferred engine's owner must avoid by calling
 * prefault() in pieces). Several engines pooled per row, the two variants alternating: only rows of one run compare.
 */
import { performance } from 'node:perf_hooks';
import { PartitionedConvolver, prepareImpulse, type PreparedImpulse } from '../src/engine/index.js';
import { noise } from './signals.js';

const RATE = 48000; // Hz
const B = 128; // frames
const FRESH_BLOCKS = Math.round((3 * RATE) / B); // the first 3 s
const SETTLE_BLOCKS = Math.round((10 * RATE) / B); // then 10 s untimed…
const STEADY_BLOCKS = FRESH_BLOCKS; // …then 3 s of steady state
const ENGINES = 4; // per variant and IR


function percentile(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** One fresh engine: µs per block of its first 3 s, its first second, and 3 s of steady state. */
function run(prepared: PreparedImpulse, prefaulted: boolean, input: Float32Array[], fresh: number[], firstSecond: number[], steady: number[]): void {
  // deferLoad: no prefault at construction; its spectra are copied in before the timed blocks
  const engine = new PartitionedConvolver(prepared, { inputChannels: 2, deferLoad: !prefaulted });
  if (!prefaulted) engine.load(Infinity);
  const out = [new Float32Array(B), new Float32Array(B)];
  const total = FRESH_BLOCKS + SETTLE_BLOCKS + STEADY_BLOCKS;
  for (let b = 0; b < total; b++) {
    const start = performance.now();
    engine.process(input, out);
    const us = (performance.now() - start) * 1000;
    if (b < FRESH_BLOCKS) fresh.push(us);
    if (b < FRESH_BLOCKS / 3) firstSecond.push(us);
    if (b >= FRESH_BLOCKS + SETTLE_BLOCKS) steady.push(us);
  }
}

export function runFreshEngineBench(): string {
  const input = noise(2, B, 3);
  const warm = new PartitionedConvolver(prepareImpulse(noise(2, 3 * RATE, 4, RATE / 2)), { inputChannels: 2 });
  const out = [new Float32Array(B), new Float32Array(B)];
  for (let b = 0; b < 4000; b++) warm.process(input, out); // the JIT, not the engine, is warm
  const rows: string[] = [];
  for (const seconds of [3, 10]) {
    const prepared = prepareImpulse(noise(2, seconds * RATE, seconds, (seconds * RATE) / 6.9));
    const pools = [false, true].map(() => ({ fresh: [] as number[], first: [] as number[], steady: [] as number[] }));
    for (let e = 0; e < ENGINES; e++) {
      for (const variant of [0, 1]) run(prepared, variant === 1, input, pools[variant].fresh, pools[variant].first, pools[variant].steady);
    }
    pools.forEach((p, variant) => {
      const freshP = percentile(p.fresh, 0.999);
      const steadyP = percentile(p.steady, 0.999);
      rows.push(
        `| ${seconds} s | ${variant === 1 ? 'default (constructor prefaults)' : 'deferLoad, never prefaulted'} | ${mean(p.first).toFixed(1)} | ${mean(p.steady).toFixed(1)} | ` +
          `${(mean(p.first) / mean(p.steady)).toFixed(2)} | ${freshP.toFixed(0)} | ${steadyP.toFixed(0)} | **${(freshP / steadyP).toFixed(2)}** |`,
      );
    });
  }
  return [
    `## Fresh engines in Node ${process.version}: first 3 s against steady state (stereo IR and input, ${ENGINES} engines pooled per row)`,
    '',
    '| IR | preparation | first-second mean µs | steady mean µs | ratio | first-3 s p99.9 µs | steady p99.9 µs | p99.9 ratio (target ≤ 2) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runFreshEngineBench());
