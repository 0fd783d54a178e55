/**
 * The lifecycle section of the benchmark (bench/run.ts calls runLifecycleBench(); `npx tsx bench/lifecycle.ts`
 * runs it alone): in one headless Chromium page, the two scenes of issue 9 with our node and Chromium's.
 *  - 300 nodes made, each fed 30 ms, disconnected and dropped (never disposed) on a realtime AudioContext: the
 *    audio clock's pace afterwards (audio seconds per wall-clock second; 1 = real time), ours and native, and
 *    the pace of an empty context measured in the same run (the machine's own pace just then).
 *  - N OfflineAudioContexts one after another, 16 never-disposed nodes each (0.5 s stereo IRs): wall-clock time
 *    per render (first and last) and the page's memory after the first and the last.
 * Memory: performance.measureUserAgentSpecificMemory() (the page is cross-origin isolated) where it answers,
 * else the main thread's JS heap; the worklets' WebAssembly memories count only in the first.
 *  - What each offline render leaves behind, garbage collected over CDP between renders: ours against bare
 *    pass-through worklet nodes (Chromium's own per-context floor for any worklet), against Chromium's
 *    ConvolverNode, and against ConvolverNodes on a context where only our module was registered.
 */
import { openPage } from '../test/browser/browser-harness.js';
import type { CDPSession } from 'playwright-core';
import type { LiveCount, OfflineKind, OfflineRound, PaceResult } from '../test/browser/page/lifecycle.js';

const DROPPED_NODES = 300;
const OFFLINE_RENDERS = 24;
const NODES_PER_RENDER = 16;
/** Renders per kind for the retained-memory rows (after one to warm the page). */
const MEMORY_RENDERS = 8;
const MEMORY_KINDS: { kind: OfflineKind; label: string }[] = [
  { kind: 'ours', label: 'ConvolverWorkletNode (ours)' },
  { kind: 'bare', label: 'bare pass-through AudioWorkletNode' },
  { kind: 'registered', label: 'ConvolverNode, our module registered (no worklet node)' },
  { kind: 'native', label: 'ConvolverNode' },
];

type Memory = { bytes: number; how: string };
type Suite = Record<string, (...args: unknown[]) => Promise<unknown>>;

export async function runLifecycleBench(): Promise<string> {
  const harness = await openPage();
  const call = <T>(name: string, ...args: unknown[]): Promise<T> =>
    harness.page.evaluate(
      ([fn, params]) => ((window as unknown as { lifecycle: Suite }).lifecycle[fn as string] as (...a: unknown[]) => Promise<unknown>)(...(params as unknown[])),
      [name, args] as const,
    ) as Promise<T>;
  try {
    const idle = await call<number>('idlePace', 3000);
    const native = await call<PaceResult>('droppedNodes', 'native', DROPPED_NODES, 30, 4000, true);
    const ours = await call<PaceResult>('droppedNodes', 'ours', DROPPED_NODES, 30, 4000, true);
    const rounds = await call<OfflineRound[]>('offlineRenders', OFFLINE_RENDERS, NODES_PER_RENDER, true);
    const afterAll = await call<Memory>('pageMemory', true);
    const retained = await retainedPerRender(harness.page.context().newCDPSession(harness.page), call);
    const first = rounds[0];
    const last = rounds[rounds.length - 1];
    const worst = Math.max(...rounds.map((r) => r.worstErrorDb));
    const silent = rounds.reduce((n, r) => n + r.silentNodes, 0);
    const pending = rounds.reduce((n, r) => n + r.pending, 0);
    return [
      '## Lifecycle: many nodes in one long-lived page (headless Chromium)',
      '',
      '| scene | ours | Chromium ConvolverNode | page memory after |',
      '|---|---:|---:|---|',
      `| ${DROPPED_NODES} nodes made, fed 30 ms, disconnected and dropped (realtime): audio-clock pace after | ${ours.pace.toFixed(3)} | ${native.pace.toFixed(3)} | ours ${mib(ours.memory)}, native ${mib(native.memory)} |`,
      `| ${OFFLINE_RENDERS} offline renders of ${NODES_PER_RENDER} nodes (0.5 s stereo IRs, never disposed): ms per render, first / last | ${first.ms.toFixed(0)} / ${last.ms.toFixed(0)} | — | heap after first ${mib(first.memory)}, after last ${mib(last.memory)}; page after all ${mib(afterAll)} |`,
      '',
      `Empty realtime context's pace in the same run: ${idle.toFixed(3)}. Offline renders: worst node ${worst.toFixed(1)} dB ` +
        `from ConvolverNode (gain-fitted), ${silent} silent nodes, ${pending} applied() pending. Render times include ` +
        'registering the worklet in the new context and the processors\' JIT warm-up. The heap figures after the ' +
        'first and last render are taken without a garbage collection (garbage included); the table below collects first.',
      '',
      retained,
    ].join('\n');
  } finally {
    await harness.close();
  }
}

type Call = <T>(name: string, ...args: unknown[]) => Promise<T>;

/**
 * What an offline render of 16 nodes leaves in the page, per kind: MEMORY_RENDERS renders, garbage collected
 * (CDP) before and after; the page's memory (measureUserAgentSpecificMemory, answered at that collection) and
 * the main thread's heap (Runtime.getHeapUsage) per render, and how many contexts outlive their render.
 */
async function retainedPerRender(session: Promise<CDPSession>, call: Call): Promise<string> {
  const cdp = await session;
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const measure = async (): Promise<{ page: number; heap: number }> => {
    const answer = call<Memory>('pageMemory', true);
    await collect(); // measureUserAgentSpecificMemory answers at the next collection
    const page = (await answer).bytes;
    const heap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    return { page, heap };
  };
  const rows: string[] = [];
  for (const { kind, label } of MEMORY_KINDS) {
    await call('renderOnce', kind, NODES_PER_RENDER); // warm
    const before = await measure();
    for (let r = 0; r < MEMORY_RENDERS; r++) await call('renderOnce', kind, NODES_PER_RENDER);
    await new Promise((done) => setTimeout(done, 1000)); // the processors' last replies
    const after = await measure();
    const live = (await call<Record<string, LiveCount>>('liveContexts'))[kind];
    const perRender = (bytes: number) => (bytes / MEMORY_RENDERS / 2 ** 20).toFixed(2);
    rows.push(
      `| ${label} | ${perRender(after.page - before.page)} | ${perRender(after.heap - before.heap)} | ` +
        `${live.contexts} of ${live.of} | ${live.nodes} of ${live.nodesOf} |`,
    );
  }
  const outputMiB = ((2 * NODES_PER_RENDER * (Math.ceil(0.75 * 48000) + 1024) * 4) / 2 ** 20).toFixed(2);
  return [
    `### What each offline render of ${NODES_PER_RENDER} nodes leaves in the page (garbage collected over CDP)`,
    '',
    '| nodes | page MiB per render (measureUserAgentSpecificMemory) | main-thread heap MiB per render | contexts alive | nodes alive |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    `${MEMORY_RENDERS} renders per kind after one to warm; contexts alive counts every render of that kind in the run. ` +
      `Each render's output AudioBuffer is ${outputMiB} MiB (${2 * NODES_PER_RENDER} channels): Chromium keeps every ` +
      'OfflineAudioContext whose audioWorklet loaded a module, with that buffer, for the life of the page.',
    '',
  ].join('\n');
}

function mib(memory: Memory | null): string {
  if (memory === null || !Number.isFinite(memory.bytes)) return 'n/a';
  return `${(memory.bytes / 2 ** 20).toFixed(1)} MiB (${memory.how})`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runLifecycleBench());
