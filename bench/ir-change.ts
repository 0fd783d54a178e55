/**
 * The IR-change section of `npm run bench`: in headless Chromium on a realtime AudioContext (48 kHz), setting
 * `buffer` to a stereo IR of 1, 3 and 10 s — how long the setter blocks the main thread, and how long after it
 * returns the new IR is heard in the output — for Chromium's ConvolverNode and ours, alternating in one page
 * (test/browser/page/ir-change.ts does the measuring). Median of ROUNDS per cell; "first" is the page's first
 * IR change (cold code); "one context" sets the IR again and again in one context (every other row starts a fresh
 * one). Run alone: `npx tsx bench/ir-change.ts`.
 */
import { openPage } from '../test/browser/browser-harness.js';

const ROUNDS = 5;
const RATE = 48000; // Hz

/** The setter's phases as test/browser/page/ir-change.ts reports them (ms from its start to each one's end). */
const PHASES = ['read', 'sum', 'channels', 'head', 'post', 'tail'] as const;
type Phase = (typeof PHASES)[number];

interface Change {
  blockMs: number;
  phases: Partial<Record<Phase, number>>;
  firstPartMs: number;
  heardFrames: number;
  heardMs: number;
}
type Run = (kind: string, seconds: number, first?: boolean) => Promise<Change>;
type Runs = (kind: string, seconds: number, count: number) => Promise<Change[]>;

const SAME_CONTEXT_CHANGES = 5;
/** When the first partition beyond the head is due for these plans: (p + 1)·S − B = 16 256 frames after the swap. */
const TAIL_DUE_MS = (1000 * 16_256) / RATE;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runIrChangeBench(): Promise<string> {
  const harness = await openPage();
  try {
    const run = (kind: string, seconds: number, first = false) =>
      harness.page.evaluate(([k, s, f]) => ((window as unknown as { suite: { irChange: Run } }).suite.irChange(k as string, s as number, f as boolean)), [
        kind,
        seconds,
        first,
      ] as const);
    const rows: string[] = [];
    const phaseRows: string[] = [];
    // the page's first change, each side once (ours first: its code is cold; the native node's is not JIT-bound)
    const firstOurs = await run('ours', 1, true);
    const firstNative = await run('native', 1, true);
    rows.push(row('1 s, first of the page', [firstNative], [firstOurs]));
    phaseRows.push(phaseRow('1 s, first of the page', [firstOurs]));
    for (const seconds of [1, 3, 10]) {
      const native: Change[] = [];
      const ours: Change[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        native.push(await run('native', seconds));
        ours.push(await run('ours', seconds));
      }
      rows.push(row(`${seconds} s`, native, ours));
      phaseRows.push(phaseRow(`${seconds} s`, ours));
    }
    // one long-lived context: from the second change on, engines are built in memory released by earlier ones
    const runs = (kind: string, seconds: number) =>
      harness.page.evaluate(([k, s, n]) => ((window as unknown as { suite: { irChanges: Runs } }).suite.irChanges(k as string, s as number, n as number)), [
        kind,
        seconds,
        SAME_CONTEXT_CHANGES,
      ] as const);
    const sameNative = (await runs('native', 10)).slice(1);
    const sameOurs = (await runs('ours', 10)).slice(1);
    rows.push(row(`10 s, one context, changes 2–${SAME_CONTEXT_CHANGES}`, sameNative, sameOurs));
    phaseRows.push(phaseRow(`10 s, one context, changes 2–${SAME_CONTEXT_CHANGES}`, sameOurs));
    return [
      '## IR change on a realtime AudioContext (headless Chromium)',
      '',
      `Stereo IR set while audio plays, 48 kHz. Setter: how long \`buffer = ir\` blocks the main thread. Heard: from the`,
      `setter's return until the output first carries the new IR (the recorder's block time against the main thread's,`,
      `1 ms resolution; frames: the context's position, read on the main thread, which lags by up to a callback).`,
      `Median of ${ROUNDS}, alternating; targets (issue 11): setter ≤ 5 ms, heard ≤ 30 ms.`,
      '',
      '| IR | Chromium: setter | Chromium: heard | ours: setter | ours: heard | ours: heard (frames) |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Ours, the setter's phases (traceSetter; median of each phase over the same runs, so they need not add up`,
      `to the setter's median): read = checks and getChannelData, sum = the one pass (finite check, normalization`,
      `sum), channels = the node's input configuration, head = its partitions transformed, post = its postMessage,`,
      `tail = the tail's streaming started, rest = what the setter does after; first part: when the tail's first`,
      `part was posted to the processor, after the setter returned (it is due ${TAIL_DUE_MS.toFixed(0)} ms after the swap).`,
      '',
      `| IR | ${PHASES.join(' | ')} | rest | first part |`,
      `|---|${PHASES.map(() => '---:').join('|')}|---:|---:|`,
      ...phaseRows,
    ].join('\n');
  } finally {
    await harness.close();
  }
}

function row(label: string, native: Change[], ours: Change[]): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const heard = (runs: Change[]) => median(runs.map((r) => r.heardMs));
  const frames = median(ours.map((r) => r.heardFrames));
  return (
    `| ${label} | ${ms(median(native.map((r) => r.blockMs)))} | ${ms(heard(native))} | ` +
    `${ms(median(ours.map((r) => r.blockMs)))} | ${ms(heard(ours))} | ${frames} (${((1000 * frames) / RATE).toFixed(1)} ms) |`
  );
}

/** Median duration of each phase of `ours`, ms. */
function phaseRow(label: string, ours: Change[]): string {
  const cells: string[] = [];
  for (let p = 0; p <= PHASES.length; p++) {
    const durations = ours.map((r) => {
      const end = p < PHASES.length ? r.phases[PHASES[p]] : r.blockMs;
      const begin = p === 0 ? 0 : r.phases[PHASES[p - 1]];
      return end === undefined || begin === undefined ? NaN : end - begin;
    });
    cells.push(durations.some(Number.isNaN) ? '–' : `${median(durations).toFixed(2)}`);
  }
  cells.push(`${median(ours.map((r) => r.firstPartMs)).toFixed(0)} ms`);
  return `| ${label} | ${cells.join(' | ')} |`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runIrChangeBench());
