/**
 * Level 0 in one WebAssembly call a block (src/engine/block-level.ts) against the same engine running level 0
 * as a ConvolutionLevel (BlockLevel.enabled = false), in Node (`npx tsx bench/block-level.ts` alone;
 * bench/run.ts calls runBlockLevelBench()). Both engines are built from the same prepared IR and timed
 * alternately, round by round, in CPU time of the process (steadier than wall clock on a shared machine): only
 * the ratio and rows of one run compare.
 */
import { BlockLevel } from '../src/engine/block-level.js';
import { PartitionedConvolver, prepareImpulse } from '../src/engine/index.js';
import { timeAlternately } from './cpu-time.js';
import { noise } from './signals.js';

const B = 128; // frames
const BLOCKS = 20_000; // a round, per engine
const ROUNDS = 9;
const IRS = [512, 4800, 12_000]; // frames

/** Best CPU µs per call of each of `fs`, timed alternately over ROUNDS rounds after a warm-up. */
function alternate(fs: (() => void)[]): number[] {
  return timeAlternately(fs, BLOCKS, ROUNDS, 5000);
}

function engines(ir: Float32Array[]): [PartitionedConvolver, PartitionedConvolver] {
  const prepared = prepareImpulse(ir, { blockSize: B });
  const enabled = BlockLevel.enabled;
  try {
    BlockLevel.enabled = false;
    const levelPath = new PartitionedConvolver(prepared);
    BlockLevel.enabled = true;
    return [new PartitionedConvolver(prepared), levelPath];
  } finally {
    BlockLevel.enabled = enabled;
  }
}

export function runBlockLevelBench(): string {
  const input = noise(2, B, 9);
  const mono = [input[0]];
  const out = [new Float32Array(B), new Float32Array(B)];
  const rows: string[] = [];
  for (const frames of IRS) {
    const [head, plain] = engines(noise(2, frames, frames, frames / 5));
    const [monoHead, monoPlain] = engines(noise(1, frames, frames + 1, frames / 5));
    const [stereoNew, stereoOld, monoNew, monoOld, oneNew, oneOld] = alternate([
      () => head.process(input, out),
      () => plain.process(input, out),
      () => head.process(mono, out),
      () => plain.process(mono, out),
      () => monoHead.process(mono, out),
      () => monoPlain.process(mono, out),
    ]);
    const plan = head.plan.levels.map((l) => `${l.size}×${l.count}`).join(' ');
    const cell = (now: number, before: number) => `${now.toFixed(2)} / ${before.toFixed(2)} (${(now / before).toFixed(2)})`;
    rows.push(`| ${frames} (${plan}) | ${cell(stereoNew, stereoOld)} | ${cell(monoNew, monoOld)} | ${cell(oneNew, oneOld)} |`);
    for (const engine of [head, plain, monoHead, monoPlain]) engine.release();
  }
  return [
    `## Level 0 in one call (Node ${process.version}, engine alone, CPU µs per 128-frame block, best of ${ROUNDS} × ${BLOCKS} blocks, alternately)`,
    '',
    'Each cell: one call / level path (ratio). Stereo IR with stereo input, stereo IR with mono input, mono IR with mono input (mono out).',
    '',
    '| IR frames (plan) | stereo IR, stereo in | stereo IR, mono in | mono IR, mono in |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runBlockLevelBench());
