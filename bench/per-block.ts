/**
 * The per-block section of the benchmark (`npx tsx bench/per-block.ts` alone; bench/run.ts calls
 * runPerBlockBench()): what one 128-frame block costs in headless Chromium's OfflineAudioContext (10 s of
 * stereo noise, 48 kHz, one fresh context per render) for the floor — an empty graph, and a bare pass-through
 * AudioWorklet reading two a-rate params — beside Chromium's ConvolverNode and ConvolverWorkletNode, for short
 * stereo IRs and for 16 nodes at once (and one node of the 16-node IR, to see whether many cost more than 16 ×
 * one). "− floor" is what a convolver adds above the pass-through worklet: the
 * cost we can do something about. Only rows of one run compare (the machine is shared); each is the best of
 * ROUNDS renders (ROUNDS_MANY for the 16-node graphs), the kinds alternating. Many rounds because this machine's
 * two CPUs run at different speeds by the minute and a render goes at the speed of the CPU its audio thread lands
 * on (±30–40 %, bench/per-block-probe.ts with PROBE_RENDERS=1): with three rounds one side often had no render on
 * the faster CPU. The median ratio is printed beside the best, so the spread shows.
 */
import { openPage } from '../test/browser/browser-harness.js';
import { pinAsAsked } from './pin-cpu.js';

const SECONDS = 10; // of audio per render
const ROUNDS = 9; // single-node renders take ≈ 60 ms each
const ROUNDS_MANY = 3; // 16-node renders take ≈ 1 s and a page reload
const MANY = 16; // nodes at once
const MANY_IR = 24_000; // frames: 0.5 s at 48 kHz
const SHORT_IRS = [512, 4800, 12_000]; // frames
/** Ours / Chromium ConvolverNode speed (native µs / ours µs), issue 10's targets. */
const TARGETS: Record<string, number> = { 512: 0.9, 4800: 1.0, 12000: 1.2, many: 1.5 };

type Kind = 'empty' | 'passthrough' | 'native' | 'ours';
interface Case {
  kind: Kind;
  irFrames: number;
  nodes: number;
}

export async function runPerBlockBench(): Promise<string> {
  const harness = await openPage();
  try {
    const { page } = harness;
    // one CPU for every render: this machine's two run at different speeds (pin-cpu.ts)
    const pinned = pinAsAsked();
    let oursSinceReload = 0; // our nodes rendered in this document
    const measure = async ({ kind, irFrames, nodes }: Case): Promise<number> => {
      // Processors that never finish pin their nodes and WebAssembly memories for the document's life, and a
      // page holds only about 100 memories: a fresh document before many of ours.
      if (kind === 'ours' && (nodes > 1 || oursSinceReload >= 8)) {
        await page.reload();
        await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
        oursSinceReload = 0;
      }
      if (kind === 'ours') oursSinceReload += nodes;
      return page.evaluate(
        ([k, f, n, s]) =>
          (window as unknown as { suite: { perBlock(k: string, f: number, n: number, s: number): Promise<number> } }).suite.perBlock(k, f, n, s),
        [kind, irFrames, nodes, SECONDS] as const,
      );
    };
    const cases: Case[] = [
      { kind: 'empty', irFrames: 0, nodes: 0 },
      { kind: 'passthrough', irFrames: 0, nodes: 1 },
      ...SHORT_IRS.flatMap((irFrames) => (['native', 'ours'] as const).map((kind) => ({ kind, irFrames, nodes: 1 }))),
      // one node of the many-node IR, in the same page: whether many nodes cost more than MANY × one
      ...(['native', 'ours'] as const).map((kind) => ({ kind, irFrames: MANY_IR, nodes: 1 })),
      { kind: 'passthrough', irFrames: 0, nodes: MANY },
      { kind: 'native', irFrames: MANY_IR, nodes: MANY },
      { kind: 'ours', irFrames: MANY_IR, nodes: MANY },
    ];
    await measure({ kind: 'ours', irFrames: 512, nodes: 1 }); // discarded: the page's first Worker and compile
    const samples: number[][] = cases.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < cases.length; i++) {
        if (cases[i].nodes <= 1 || round < ROUNDS_MANY) samples[i].push(await measure(cases[i]));
      }
    }
    const find = (kind: Kind, irFrames: number, nodes: number) =>
      samples[cases.findIndex((c) => c.kind === kind && c.irFrames === irFrames && c.nodes === nodes)];
    const at = (kind: Kind, irFrames: number, nodes: number) => Math.min(...find(kind, irFrames, nodes));
    const median = (kind: Kind, irFrames: number, nodes: number) => {
      const sorted = [...find(kind, irFrames, nodes)].sort((a, b) => a - b);
      return sorted[sorted.length >> 1];
    };
    const row = (label: string, irFrames: number, nodes: number, floor: number, target: number): string => {
      const native = at('native', irFrames, nodes);
      const ours = at('ours', irFrames, nodes);
      const medians = median('native', irFrames, nodes) / median('ours', irFrames, nodes);
      return `| ${label} | ${native.toFixed(1)} | ${ours.toFixed(1)} | ${(native - floor).toFixed(1)} | ${(ours - floor).toFixed(1)} | **${(native / ours).toFixed(2)}** | ${medians.toFixed(2)} | ≥ ${target} |`;
    };
    const floor = at('passthrough', 0, 1);
    const floorMany = at('passthrough', 0, MANY);
    const lines = [
      `## Per block: headless Chromium, OfflineAudioContext, ${SECONDS} s stereo noise, stereo IRs, 48 kHz (best of ${ROUNDS}; ${MANY} nodes: best of ${ROUNDS_MANY})`,
      '',
      '| graph | µs per 128-frame block |',
      '|---|---:|',
      `| source → destination | ${at('empty', 0, 0).toFixed(1)} |`,
      `| + bare pass-through worklet, two a-rate params (the floor) | ${floor.toFixed(1)} |`,
      `| + ${MANY} bare pass-through worklets in parallel (the ${MANY}-node floor) | ${floorMany.toFixed(1)} |`,
      '',
      '| IR | Chromium ConvolverNode µs | ours µs | native − floor µs | ours − floor µs | ours / native (speed) | of the medians | target |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...SHORT_IRS.map((f) => row(`${f} frames`, f, 1, floor, TARGETS[f])),
      row(`${MANY} nodes × ${MANY_IR / 48000} s`, MANY_IR, MANY, floorMany, TARGETS.many),
      '',
      ...manyAgainstOne(floor, floorMany, (kind, nodes) => at(kind, MANY_IR, nodes)),
      '',
      ...(pinned === '' ? [] : [pinned, '']),
      'ours / native = native render time / ours (higher is faster), of the best renders; "of the medians" is the ' +
        'same from each side\'s median render. Ours is timed from startRendering(), after its IR ' +
        'is applied and its processor warmed up; both nodes prepare their IR before the render.',
      '',
    ];
    return lines.join('\n');
  } finally {
    await harness.close();
  }
}

/**
 * What a node of the many-node row costs above its floor, against one node of the same IR alone: above 1, many
 * nodes cost more than MANY × one (their engines' memory no longer stays in the caches between blocks).
 */
function manyAgainstOne(floor: number, floorMany: number, at: (kind: Kind, nodes: number) => number): string[] {
  const line = (kind: Kind, label: string) => {
    const one = at(kind, 1) - floor;
    const each = (at(kind, MANY) - floorMany) / MANY;
    return `| ${label} | ${at(kind, 1).toFixed(1)} | ${one.toFixed(1)} | ${each.toFixed(1)} | ${(each / one).toFixed(2)} |`;
  };
  return [
    `| ${MANY_IR / 48000} s IR | one node µs | one node − floor µs | each of ${MANY} nodes − ${MANY}-node floor, ÷ ${MANY}, µs | ratio |`,
    '|---|---:|---:|---:|---:|',
    line('native', 'Chromium ConvolverNode'),
    line('ours', 'ours'),
  ];
}


if (import.meta.url === `file://${process.argv[1]}`) console.log(await runPerBlockBench());
