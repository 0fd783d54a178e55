/**
 * The browser section of the benchmark (`npm run bench:browser`; bench/run.ts may call runBrowserBench()):
 * in one headless Chromium page, OfflineAudioContext renders of 10 s of stereo noise through Chromium's
 * ConvolverNode and through ConvolverWorkletNode, for stereo IRs of 1, 3 and 10 s at 48 kHz, with the
 * processor's load telemetry; and how long setting a 10 s stereo IR blocks the main thread, ours vs native.
 * Prints a markdown table and writes bench/results-browser.md. Chromium renders offline as fast as it can,
 * so "load" is process() time over the real-time budget of each 128-frame block.
 */
import { writeFileSync } from 'node:fs';
import { openPage } from '../test/browser/browser-harness.js';

interface BenchRow {
  irSeconds: number;
  native: number;
  ours: number;
  ratio: number;
  telemetry: { meanLoad: number; peakLoad: number; overBudget: number; maxLoad: number } | null;
  setupMs: { native: number; ours: number };
}

const TARGETS: Record<number, number> = { 1: 1.0, 3: 2.5, 10: 4 }; // ours / native, from issue 3
const ROUNDS = 3;

export async function runBrowserBench(): Promise<string> {
  const harness = await openPage();
  try {
    const { page } = harness;
    // One discarded round first, for both nodes: the page's first Worker, module compile and audio thread
    // start-up are not what the table compares.
    await page.evaluate(() => (window as unknown as { suite: { bench(s: number, i: number): Promise<unknown> } }).suite.bench(1, 2));
    const rows: BenchRow[] = [];
    for (const irSeconds of [1, 3, 10]) {
      // Best of ROUNDS for each node, alternating: the machine is shared, and a slow round says nothing.
      let best: BenchRow | null = null;
      for (let round = 0; round < ROUNDS; round++) {
        const r = await page.evaluate((s) => (window as unknown as { suite: { bench(s: number): Promise<BenchRow> } }).suite.bench(s), irSeconds);
        if (best === null) {
          best = r;
          continue;
        }
        const oursBetter: boolean = r.ours > best.ours;
        best = {
          ...(oursBetter ? r : best), // telemetry and setup of the fastest run of ours
          native: Math.max(best.native, r.native),
          ours: Math.max(best.ours, r.ours),
        };
      }
      rows.push({ ...best!, ratio: best!.ours / best!.native });
    }
    const alone: { irSeconds: number; timesRealTime: number }[] = [];
    for (const irSeconds of [1, 3, 10]) {
      alone.push(await page.evaluate((s) => (window as unknown as { suite: { engineAlone(s: number): { irSeconds: number; timesRealTime: number } } }).suite.engineAlone(s), irSeconds));
    }
    const blocking = await page.evaluate(() =>
      (window as unknown as { suite: { mainThreadBlocking(): Promise<{ nativeMs: number; oursMs: number }> } }).suite.mainThreadBlocking(),
    );
    const lines = [
      `## Browser: headless Chromium, OfflineAudioContext, 10 s stereo noise, stereo IR, 48 kHz (best of ${ROUNDS})`,
      '',
      '| IR | Chromium ConvolverNode (× real time) | ConvolverWorkletNode (× real time) | ours / native | target | engine alone, page main thread | setup until IR ready, native / ours | load mean / last-window peak / max peak (of budget) |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...rows.map((r, i) => {
        const t = r.telemetry;
        const load = t ? `${pct(t.meanLoad)} / ${pct(t.peakLoad)} / ${pct(t.maxLoad)}` : 'n/a';
        const setup = `${r.setupMs.native.toFixed(0)} / ${r.setupMs.ours.toFixed(0)} ms`;
        return `| ${r.irSeconds} s | ×${r.native.toFixed(1)} | ×${r.ours.toFixed(1)} | ${r.ratio.toFixed(2)} | ≥ ${TARGETS[r.irSeconds]} | ×${alone[i].timesRealTime.toFixed(1)} | ${setup} | ${load} |`;
      }),
      '',
      'Render times start once both nodes have their IR: "setup" is node creation until then (native: the setter\'s ' +
        'synchronous FFTs; ours: Worker FFTs, transfer, the processor\'s one-time JIT warm-up on offline contexts, engine state).',
      '',
      'Load is measured with Date.now() (Chromium\'s AudioWorkletGlobalScope has no performance.now()): 1 ms steps, ' +
        'i.e. 37.5 % of a 128-frame budget, so single-block peaks are coarse; means over a 100 ms window are not.',
      '',
      `Main thread blocked by \`buffer = <10 s stereo IR>\`: ours ${blocking.oursMs.toFixed(1)} ms (validate, normalize, partition + FFT, post with transfer), ` +
        `Chromium ConvolverNode ${blocking.nativeMs.toFixed(1)} ms (best of 3).`,
      '',
    ];
    return lines.join('\n');
  } finally {
    await harness.close();
  }
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = await runBrowserBench();
  console.log(table);
  writeFileSync(new URL('./results-browser.md', import.meta.url), `${table}\n`);
}
