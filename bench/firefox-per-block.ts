/**
 * Where a short IR's block goes, in headless Firefox beside headless Chromium in the same run
 * (`npx tsx bench/firefox-per-block.ts` alone; bench/run.ts calls runFirefoxPerBlockBench()). Per 128-frame
 * block of an OfflineAudioContext render of 10 s of stereo noise (one fresh context per render): the floor — an
 * empty graph, a bare pass-through worklet reading two a-rate params — the browser's ConvolverNode and ours; and
 * our engine alone on the page's main thread (the same WebAssembly kernels, the same IR, no worklet), which
 * splits "ours − floor" into the engine's arithmetic and what the processor and the worklet boundary add around
 * it. Then the operations such a block is made of, on each browser's main thread and in its worklet
 * (bench/worklet-kernels.ts). Only rows of one browser and one run compare (the machine is shared); each is the
 * best of ROUNDS.
 */
import { openPage, type BrowserName, type PageHarness } from '../test/browser/browser-harness.js';
import { chromiumAvailable } from '../test/helpers/chromium.js';
import { firefoxAvailable } from '../test/helpers/firefox.js';
import { timeKernels, type KernelTimes } from './worklet-kernels.js';

const SECONDS = 10; // of audio per render
const RATE = 48000; // Hz
const BLOCK = 128; // frames
const ROUNDS = 5;
const IRS = [512, 4800]; // frames: a short room, and the 0.1 s row of the speed table

type Kind = 'empty' | 'passthrough' | 'native' | 'ours';
type Suite = {
  perBlock(kind: Kind, irFrames: number, nodes: number, seconds: number): Promise<number>;
  engineAlone(irSeconds: number): { timesRealTime: number };
};

interface Figures {
  empty: number; // µs per block
  floor: number; // µs per block, the bare pass-through worklet with two a-rate params
  rows: { irFrames: number; native: number; ours: number; engine: number }[]; // µs per block
}

async function measure(harness: PageHarness): Promise<Figures> {
  const perBlock = (kind: Kind, irFrames: number) =>
    harness.evaluate(([k, f, s]) => (window as unknown as { suite: Suite }).suite.perBlock(k, f, 1, s), [kind, irFrames, SECONDS] as const);
  // µs per block of the engine alone: engineAlone renders 10 s of 128-frame blocks on the main thread.
  const engine = async (irFrames: number) => {
    const { timesRealTime } = await harness.evaluate((s) => (window as unknown as { suite: Suite }).suite.engineAlone(s), irFrames / RATE);
    return (1e6 * SECONDS) / timesRealTime / ((SECONDS * RATE) / BLOCK);
  };
  await perBlock('ours', IRS[0]); // discarded: the page's first Worker, module compile, audio thread start-up
  await engine(IRS[0]); // discarded: the main thread's JIT
  let empty = Infinity;
  let floor = Infinity;
  const best = IRS.map((irFrames) => ({ irFrames, native: Infinity, ours: Infinity, engine: Infinity }));
  for (let round = 0; round < ROUNDS; round++) {
    empty = Math.min(empty, await perBlock('empty', 0));
    floor = Math.min(floor, await perBlock('passthrough', 0));
    for (const row of best) {
      row.native = Math.min(row.native, await perBlock('native', row.irFrames));
      row.ours = Math.min(row.ours, await perBlock('ours', row.irFrames));
      row.engine = Math.min(row.engine, await engine(row.irFrames));
    }
  }
  return { empty, floor, rows: best };
}

function table(browser: BrowserName, f: Figures): string[] {
  const name = browser === 'firefox' ? 'Firefox' : 'Chromium';
  return [
    `${name}: source → destination ${f.empty.toFixed(1)} µs, + bare pass-through worklet with two a-rate params (the floor) ${f.floor.toFixed(1)} µs.`,
    '',
    `| IR | ${name} ConvolverNode µs | ours µs | ours − floor µs | engine alone (main thread) µs | the rest: processor and worklet boundary µs | ours / native (speed) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...f.rows.map(
      (r) =>
        `| ${r.irFrames} frames | ${r.native.toFixed(1)} | ${r.ours.toFixed(1)} | ${(r.ours - f.floor).toFixed(1)} | ${r.engine.toFixed(1)} | ` +
        `${(r.ours - f.floor - r.engine).toFixed(1)} | **${(r.native / r.ours).toFixed(2)}** |`,
    ),
    '',
  ];
}

function kernelTable(kernels: { browser: BrowserName; times: KernelTimes }[]): string[] {
  const names = Object.keys(kernels[0].times);
  const label = (b: BrowserName) => (b === 'firefox' ? 'Firefox' : 'Chromium');
  return [
    'The operations of a block, ns each (best of 15 windows of 20 ms), on the main thread and in an AudioWorklet:',
    '',
    `| operation | ${kernels.map((k) => `${label(k.browser)} main | ${label(k.browser)} worklet`).join(' | ')} |`,
    `|---|${kernels.map(() => '---:|---:').join('|')}|`,
    ...names.map((name) => `| ${name} | ${kernels.map((k) => `${k.times[name].main.toFixed(1)} | ${k.times[name].worklet.toFixed(1)}`).join(' | ')} |`),
    '',
  ];
}

export async function runFirefoxPerBlockBench(browsers: readonly BrowserName[] = ['firefox', 'chromium']): Promise<string> {
  const lines = [
    `## Per block, Firefox beside Chromium: OfflineAudioContext, ${SECONDS} s stereo noise, stereo IRs, 48 kHz (best of ${ROUNDS})`,
    '',
  ];
  const kernels: { browser: BrowserName; times: KernelTimes }[] = [];
  for (const browser of browsers) {
    const available = browser === 'firefox' ? firefoxAvailable : chromiumAvailable;
    if (!available) {
      lines.push(`${browser}: skipped, /usr/bin/${browser === 'firefox' ? 'firefox-esr' : 'chromium'} is absent.`, '');
      continue;
    }
    const harness = await openPage(browser);
    try {
      lines.push(...table(browser, await measure(harness)));
      kernels.push({ browser, times: await timeKernels(harness) });
    } finally {
      await harness.close();
    }
  }
  lines.push(
    '"The rest" = ours − floor − the engine alone: the processor\'s per-block JavaScript (input selection, wet/dry, ' +
      'telemetry), copying the block into and out of the engine, and running in the audio thread\'s realm rather than ' +
      'the main thread\'s. Ours is timed from startRendering(), after its IR is applied.',
    '',
  );
  if (kernels.length > 0) lines.push(...kernelTable(kernels));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx bench/firefox-per-block.ts firefox` measures one browser only.
  const only = process.argv.slice(2).filter((a): a is BrowserName => a === 'firefox' || a === 'chromium');
  console.log(await runFirefoxPerBlockBench(only.length > 0 ? only : undefined));
}
