/**
 * Planar spectra (macring4p: groups of four bins, re then im, no shuffle) against packed ones (macring4), in
 * Node (`npx tsx bench/planar-mac.ts` alone; bench/run.ts calls runPlanarMacBench()). The kernels alone on a
 * level's spectra (µs a call: every partition over every bin, as block0 and a level's MAC task run them), then
 * whole engines built with ConvolutionLevel.planarUpTo = 0 (every level packed), 128 (level 0 planar),
 * 4096 (the default) and 65536 (every level planar), each alone and 16 in turn (their spectra then outgrow the caches).
 * CPU time of the process, best of rounds, the variants alternating round by round: only ratios of one run
 * compare. PLANAR_KERNELS_ONLY=1 prints the kernel table alone.
 */
import { ConvolutionLevel } from '../src/engine/convolution-level.js';
import { PartitionedConvolver, prepareImpulse } from '../src/engine/index.js';
import { scopeMemory } from '../src/engine/scope-memory.js';
import { SpectrumArena } from '../src/engine/spectrum-arena.js';
import { timeAlternately } from './cpu-time.js';
import { noise } from './signals.js';

const B = 128; // frames
const ROUNDS = 9;
const ENGINE_BLOCKS = 8192; // a round, per variant: a multiple of every level's cycle up to 16384 frames
const KERNEL_CALLS = 20_000;
const LEVELS: [number, number][] = [[128, 6], [128, 14], [512, 8], [1024, 10], [1024, 22], [8192, 16]]; // frames × partitions
const IRS = [512, 4800, 12_000, 24_000, 48_000, 144_000]; // frames
const MANY = 16;
const VARIANTS = [0, 128, 4096, 65536]; // planarUpTo, frames

/** µs a call of macring4 and macring4p over `count` partitions of `S` frames (whole spectra), alternately. */
function kernels(S: number, count: number): [number, number] {
  const memory = scopeMemory();
  if (memory === null) throw new Error('no WebAssembly SIMD in this Node');
  const k = memory.kernels;
  const floats = 2 * S; // of a packed spectrum
  const arena = new SpectrumArena(count * floats * 4 + floats);
  const [x, h, xp, hp] = [0, 1, 2, 3].map(() => arena.alloc(count * floats));
  const acc = arena.alloc(floats);
  const values = noise(1, 2 * count * floats, S + count)[0];
  x.set(values.subarray(0, x.length));
  h.set(values.subarray(x.length));
  xp.set(x);
  hp.set(h);
  k.toplanar(xp.byteOffset, x.length / 8);
  k.toplanar(hp.byteOffset, h.length / 8);
  const bytes = 4 * floats;
  const calls = Math.max(200, Math.round(KERNEL_CALLS / ((count * S) / 1792)));
  const times = timeAlternately(
    [
      () => k.macring4(acc.byteOffset, x.byteOffset, bytes, count, count - 1, h.byteOffset, bytes, count, 0, floats),
      () => k.macring4p(acc.byteOffset, xp.byteOffset, bytes, count, count - 1, hp.byteOffset, bytes, count, 0, floats),
    ],
    calls,
    ROUNDS,
    calls / 10,
  );
  arena.release();
  return [times[0], times[1]];
}

/** `engines` engines of a `frames`-frame stereo IR built with levels planar up to `upTo` frames. */
function build(frames: number, upTo: number, engines: number): PartitionedConvolver[] {
  const before = ConvolutionLevel.planarUpTo;
  try {
    ConvolutionLevel.planarUpTo = upTo;
    return Array.from({ length: engines }, (_, e) => new PartitionedConvolver(prepareImpulse(noise(2, frames, frames + e, frames / 5), { blockSize: B })));
  } finally {
    ConvolutionLevel.planarUpTo = before;
  }
}

function engineRow(frames: number, engines: number): string {
  const input = noise(2, B, 9);
  const out = [new Float32Array(B), new Float32Array(B)];
  const sets = VARIANTS.map((upTo) => build(frames, upTo, engines));
  const times = timeAlternately(
    sets.map((list) => () => {
      for (let e = 0; e < list.length; e++) list[e].process(input, out);
    }),
    engines === 1 ? ENGINE_BLOCKS : ENGINE_BLOCKS / 8,
    ROUNDS,
    engines === 1 ? 4000 : 500,
  );
  const plan = sets[0][0].plan.levels.map((l) => `${l.size}×${l.count}`).join(' ');
  for (const list of sets) for (const engine of list) engine.release();
  const cells = times.slice(1).map((t) => `${t.toFixed(2)} (${(t / times[0]).toFixed(3)})`);
  return `| ${engines === 1 ? '' : `${engines} × `}${frames} (${plan}) | ${times[0].toFixed(2)} | ${cells.join(' | ')} |`;
}

export function runPlanarMacBench(): string {
  const kernelRows = LEVELS.map(([S, count]) => {
    const [packed, planar] = kernels(S, count);
    const ns = (t: number) => ((t * 1000) / (count * S)).toFixed(3);
    return `| ${S}×${count} | ${packed.toFixed(3)} | ${planar.toFixed(3)} | ${(planar / packed).toFixed(3)} | ${ns(packed)} / ${ns(planar)} |`;
  });
  const kernelTable = [
    '| level (frames × partitions) | macring4 (packed) | macring4p (planar) | ratio | ns a bin, packed / planar |',
    '|---|---:|---:|---:|---:|',
    ...kernelRows,
  ];
  if (process.env.PLANAR_KERNELS_ONLY) return kernelTable.join('\n');
  const engineRows = [...IRS.map((f) => engineRow(f, 1)), engineRow(24_000, MANY)];
  return [
    `## Planar spectra (Node ${process.version}, CPU, best of ${ROUNDS} rounds, alternately)`,
    '',
    'The MAC kernels alone, one call over every partition and bin of a level (µs a call):',
    '',
    ...kernelTable,
    '',
    'Engines (stereo IR and input), CPU µs per 128-frame block, levels planar up to a size; in brackets the ratio to every level packed:',
    '',
    '| IR frames (plan) | all packed | ≤ 128 planar | ≤ 4096 planar (default) | all planar |',
    '|---|---:|---:|---:|---:|',
    ...engineRows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runPlanarMacBench());
