/**
 * Where a block's µs go in Node (`npx tsx bench/per-block-node.ts` alone; bench/run.ts calls
 * runNodePerBlockBench()): ConvolverProcessor.process() called directly, as the audio thread would, beside the
 * engine alone, the engine's FFTs alone, and a bare pass-through process() (the floor), for 512- and 4800-frame
 * stereo IRs. Best of ROUNDS timings of BLOCKS blocks each, after a warm-up, in CPU time of the process (on a
 * shared machine far steadier than wall-clock time): only rows of one run compare.
 */
import '../test/worklets/worklet-globals.js';
import { PartitionedConvolver, prepareImpulse } from '../src/engine/index.js';
import { SpectrumArena } from '../src/engine/spectrum-arena.js';
import { createRealTransform } from '../src/engine/real-transform.js';
import { cpuUs } from './cpu-time.js';
import { noise } from './signals.js';

const { ConvolverProcessor } = await import('../worklets/convolver-processor.js');

const B = 128; // frames
const BLOCKS = 20_000;
const ROUNDS = 7;
const IRS = [512, 4800]; // frames


/** µs of CPU time per call of `f`, best of ROUNDS. */
function time(f: () => void): number {
  for (let i = 0; i < 3000; i++) f();
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = cpuUs();
    for (let i = 0; i < BLOCKS; i++) f();
    best = Math.min(best, (cpuUs() - t0) / BLOCKS);
  }
  return best;
}

export function runNodePerBlockBench(): string {
  const input = noise(2, B, 9);
  const mono = [input[0]];
  const out = [new Float32Array(B), new Float32Array(B)];
  const plain = { wet: new Float32Array([1]), dry: new Float32Array([0]) };
  const automated = { wet: new Float32Array(B).fill(0.9), dry: new Float32Array(B).fill(0.1) };
  const floor = time(() => {
    // what any processor does with a block: read its params, copy input to output
    if (plain.wet[0] === 1 && plain.dry[0] === 0) for (let c = 0; c < 2; c++) out[c].set(input[c]);
  });
  const rows: string[] = [];
  for (const frames of IRS) {
    const ir = noise(2, frames, frames, frames / 5);
    const prepared = prepareImpulse(ir, { blockSize: B });
    const processor = new ConvolverProcessor({ processorOptions: { blockSize: B, impulse: prepareImpulse(ir, { blockSize: B }) } });
    const engine = new PartitionedConvolver(prepared, { inputChannels: 2 });
    // the level-0 transforms of a stereo block: 2 forward, 2 inverse real FFTs of 2B frames
    const arena = new SpectrumArena(64 * B);
    const fft = createRealTransform(2 * B, arena);
    const window = arena.allocF64(2 * B).fill(0.5);
    const spectrum = arena.alloc(2 * B);
    const result = arena.allocF64(2 * B);
    const ffts = time(() => {
      for (let c = 0; c < 2; c++) fft.forward(window, spectrum, 0);
      for (let c = 0; c < 2; c++) fft.inverse(spectrum, result);
    });
    const cells = [
      time(() => processor.process([input], [out], plain)),
      time(() => processor.process([input], [out], automated)),
      time(() => processor.process([mono], [out], plain)),
      time(() => engine.process(input, out)),
      time(() => engine.process(mono, out)),
      ffts,
    ];
    const plan = prepared.plan.levels.map((l) => `${l.size}×${l.count}`).join(' ');
    rows.push(`| ${frames} (${plan}) | ${cells.map((c) => c.toFixed(2)).join(' | ')} | ${(cells[0] - floor).toFixed(2)} |`);
  }
  return [
    `## Per block in Node ${process.version}: where the µs go (stereo IRs, 128-frame blocks, CPU µs per block, best of ${ROUNDS} × ${BLOCKS} blocks)`,
    '',
    `Floor (a bare process(): read two params, copy 2 channels): ${floor.toFixed(2)} µs.`,
    '',
    '| IR frames (plan) | processor, stereo, wet 1 dry 0 | processor, stereo, a-rate wet/dry | processor, mono | engine, stereo | engine, mono | level-0 FFTs of a stereo block (2 forward + 2 inverse) | processor − floor |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runNodePerBlockBench());
