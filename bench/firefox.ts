/**
 * The Firefox section of the benchmark (bench/run.ts calls runFirefoxBench(); `npx tsx bench/firefox.ts` runs
 * it alone and prints it): in one headless Firefox page (/usr/bin/firefox-esr over WebDriver BiDi), the same
 * shape as Chromium's section — OfflineAudioContext renders of 10 s of stereo noise through Firefox's
 * ConvolverNode and through ConvolverWorkletNode, stereo IRs of 0.1, 1, 3 and 10 s at 48 kHz, render only
 * (ours starts once its IR is in the processor; native prepared its IR in the setter) — and the worklet floor:
 * per-block cost of an empty graph, a bare pass-through worklet, the same with two a-rate AudioParams, and
 * Firefox's ConvolverNode on a 512-tap stereo IR. Only ratios from the same page and run mean anything here.
 */
import { openPage } from '../test/browser/browser-harness.js';
import { firefoxAvailable } from '../test/helpers/firefox.js';

interface BenchRow {
  irSeconds: number;
  native: number; // × real time
  ours: number; // × real time
  ratio: number;
  setupMs: { native: number; ours: number };
}

interface Floor {
  emptyUs: number;
  passUs: number;
  paramsUs: number;
  native512Us: number;
}

const IR_SECONDS = [0.1, 1, 3, 10];
const TARGETS: Record<number, number> = { 0.1: 1.0, 1: 1.2, 3: 2, 10: 4 }; // ours / native, from issue 12
const ROUNDS = 3;

type Suite = { bench(s: number, i?: number): Promise<BenchRow>; workletFloor(seconds: number, rounds: number): Promise<Floor> };

export async function runFirefoxBench(): Promise<string> {
  if (!firefoxAvailable) return '## Browser: headless Firefox\n\nSkipped: /usr/bin/firefox-esr is absent (Debian: apt-get install firefox-esr).';
  const harness = await openPage('firefox');
  try {
    // One discarded round first, for both nodes: the page's first Worker, module compile and audio thread start-up.
    await harness.evaluate(() => (window as unknown as { suite: Suite }).suite.bench(1, 2), null);
    const rows: BenchRow[] = [];
    for (const irSeconds of IR_SECONDS) {
      // Best of ROUNDS for each node, alternating within a round: the machine is shared.
      let native = 0;
      let ours = 0;
      let setupMs = { native: 0, ours: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const r = await harness.evaluate((s) => (window as unknown as { suite: Suite }).suite.bench(s), irSeconds);
        native = Math.max(native, r.native);
        if (r.ours > ours) setupMs = r.setupMs;
        ours = Math.max(ours, r.ours);
      }
      rows.push({ irSeconds, native, ours, ratio: ours / native, setupMs });
    }
    const floor = await harness.evaluate((rounds) => (window as unknown as { suite: Suite }).suite.workletFloor(10, rounds), ROUNDS);
    const lines = [
      `## Browser: headless Firefox, OfflineAudioContext, 10 s stereo noise, stereo IR, 48 kHz (best of ${ROUNDS})`,
      '',
      '| IR | Firefox ConvolverNode (× real time) | ConvolverWorkletNode (× real time) | ours / native | target | setup until IR ready, native / ours |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.irSeconds} s | ×${r.native.toFixed(1)} | ×${r.ours.toFixed(1)} | ${r.ratio.toFixed(2)} | ≥ ${TARGETS[r.irSeconds]} | ${r.setupMs.native.toFixed(0)} / ${r.setupMs.ours.toFixed(0)} ms |`,
      ),
      '',
      `Worklet floor, µs per 128-frame block (10 s stereo noise, best of ${ROUNDS}): empty graph ${floor.emptyUs.toFixed(2)}, ` +
        `bare pass-through worklet ${floor.passUs.toFixed(2)} (+${(floor.passUs - floor.emptyUs).toFixed(2)}), ` +
        `with two a-rate AudioParams ${floor.paramsUs.toFixed(2)} (+${(floor.paramsUs - floor.passUs).toFixed(2)}), ` +
        `Firefox ConvolverNode on a 512-tap stereo IR ${floor.native512Us.toFixed(2)}.`,
      '',
    ];
    return lines.join('\n');
  } finally {
    await harness.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runFirefoxBench());
}
