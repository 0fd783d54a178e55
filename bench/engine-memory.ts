/**
 * What an engine holds, and what holding less buys (`npx tsx bench/engine-memory.ts` alone; bench/run.ts calls
 * runEngineMemoryBench()): bytes of the scope's WebAssembly memory each engine takes (blocks the allocator hands
 * its arenas, alignment included) and its byteLength, per IR length, stereo IR and input. With
 * `ENGINE_BASE=<commit>` the same engines are also built from that commit's sources (git archive, imported
 * beside these: each copy has its own scope memory), their outputs compared bit for bit over blocks of stereo
 * and mono input, and both timed alternately in CPU µs per 128-frame block (best of rounds; one engine, and 16
 * engines in turn, whose state outgrows the caches): only figures of one run compare.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { timeAlternately } from './cpu-time.js';
import { noise } from './signals.js';

const B = 128; // frames
const LENGTHS = [512, 4800, 12_000, 24_000, 48_000, 144_000]; // frames: 0.01 / 0.1 / 0.25 / 0.5 / 1 / 3 s
const TIMED = [4800, 12_000, 24_000]; // frames
const MANY = 16; // engines processed in turn
const CHECK_BLOCKS = 1500; // blocks compared bit for bit: several cycles of every level up to 3 s
const BLOCKS = 4096; // per round and runner, a multiple of every timed level's cycle
const ROUNDS = 9;

type EngineModule = typeof import('../src/engine/index.js');
interface Convolver {
  process(input: Float32Array[], output: Float32Array[]): boolean;
  release(): void;
  readonly byteLength: number;
  readonly plan: { readonly levels: readonly { size: number; count: number }[] };
}

/** The engine module of `commit` (its src/ beside node_modules, so its imports resolve), and how to remove it. */
async function baseEngine(commit: string): Promise<{ engine: EngineModule; remove: () => void }> {
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'web-convolver-engine-'));
  execSync(`git archive ${commit} src | tar -x -C ${dir}`);
  const engine = (await import(join(dir, 'src/engine/index.ts'))) as EngineModule;
  return { engine, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An engine of `frames` (stereo IR, seeded by `seed`), and the scope-memory bytes its construction took. */
function build(engine: EngineModule, frames: number, seed: number): { convolver: Convolver; bytes: number } {
  const ir = noise(2, frames, seed, frames / 5);
  const prepared = engine.prepareImpulse(ir, { blockSize: B });
  const before = engine.scopeMemoryStats().allocated;
  const convolver = new engine.PartitionedConvolver(prepared, { inputChannels: 2 });
  return { convolver, bytes: engine.scopeMemoryStats().allocated - before };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/** Blocks of `a` and `b` whose outputs differ in a bit (stereo input, then mono, then stereo again). */
function differingBlocks(a: Convolver, b: Convolver): number {
  const stereo = noise(2, B * CHECK_BLOCKS, 5);
  const outA = [new Float32Array(B), new Float32Array(B)];
  const outB = [new Float32Array(B), new Float32Array(B)];
  let differing = 0;
  for (let k = 0; k < CHECK_BLOCKS; k++) {
    const block = stereo.map((c) => c.subarray(k * B, (k + 1) * B));
    const input = k % 500 < 200 ? [block[0]] : block; // mono spells: the mono-slot shortcuts too
    a.process(input, outA);
    b.process(input, outB);
    for (let c = 0; c < 2; c++) {
      const bitsA = new Uint32Array(outA[c].buffer);
      const bitsB = new Uint32Array(outB[c].buffer);
      if (bitsA.some((v, i) => v !== bitsB[i])) {
        differing++;
        break;
      }
    }
  }
  return differing;
}

export async function runEngineMemoryBench(base = process.env.ENGINE_BASE): Promise<string> {
  const head = await import('../src/engine/index.js');
  const old = base !== undefined ? await baseEngine(base) : null;
  const lines: string[] = [];
  try {
    const memoryRows = LENGTHS.map((frames) => {
      const now = build(head, frames, frames);
      const cells = [`${frames} (${now.convolver.plan.levels.map((l) => `${l.size}×${l.count}`).join(' ')})`, kib(now.bytes), kib(now.convolver.byteLength)];
      if (old !== null) {
        const was = build(old.engine, frames, frames);
        cells.push(kib(was.bytes), kib(was.convolver.byteLength), (now.bytes / was.bytes).toFixed(3), String(differingBlocks(now.convolver, was.convolver)));
        was.convolver.release();
      }
      now.convolver.release();
      return `| ${cells.join(' | ')} |`;
    });
    lines.push(
      `## Engine memory (Node ${process.version}, stereo IR and input${old !== null ? `; against ${base}` : ''})`,
      '',
      'KiB of the scope memory an engine takes (its arenas as allocated) and its byteLength' +
        (old !== null ? `; the same at ${base}, their ratio, and blocks of ${CHECK_BLOCKS} whose output differs in a bit.` : '.'),
      '',
      old !== null
        ? '| IR frames (plan) | KiB | byteLength KiB | base KiB | base byteLength KiB | ratio | blocks differing |'
        : '| IR frames (plan) | KiB | byteLength KiB |',
      old !== null ? '|---|---:|---:|---:|---:|---:|---:|' : '|---|---:|---:|',
      ...memoryRows,
      '',
    );
    if (old !== null) {
      const input = noise(2, B, 9);
      const out = [new Float32Array(B), new Float32Array(B)];
      const rows: string[] = [];
      for (const [frames, engines] of [...TIMED.map((f) => [f, 1]), [24_000, MANY]]) {
        const now = Array.from({ length: engines }, (_, e) => build(head, frames, 100 + e).convolver);
        const was = Array.from({ length: engines }, (_, e) => build(old.engine, frames, 100 + e).convolver);
        const run = (list: Convolver[]) => () => {
          for (let e = 0; e < list.length; e++) list[e].process(input, out);
        };
        const [a, b] = timeAlternately([run(now), run(was)], BLOCKS / engines, ROUNDS, 1024);
        rows.push(`| ${engines > 1 ? `${engines} × ` : ''}${frames} | ${a.toFixed(2)} | ${b.toFixed(2)} | **${(a / b).toFixed(3)}** |`);
        for (const engine of [...now, ...was]) engine.release();
      }
      lines.push(
        `## Engine CPU per block against ${base} (Node, CPU µs per 128-frame stereo block of all engines, best of ${ROUNDS}, alternately)`,
        '',
        '| IR frames | this | base | ratio |',
        '|---|---:|---:|---:|',
        ...rows,
        '',
      );
    }
  } finally {
    old?.remove();
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runEngineMemoryBench());
