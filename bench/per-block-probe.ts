/**
 * Where the worklet's per-block µs go (`npx tsx bench/per-block-probe.ts [rounds]`; a diagnostic, not part of
 * `npm run bench`). In one headless Chromium page, OfflineAudioContext renders of 10 s of stereo input through
 * one probe processor each (bench/per-block-probe-module.ts), the kinds alternating round by round: the floor
 * (a pass-through), ours, our engine alone on the node's arrays (1, 2 and 4 calls a block: the marginal cost of
 * a call in the worklet), the engine on arrays of its own, a copy through WebAssembly memory, the level-0 FFTs
 * alone; and on the page's main thread, the engine in a tight loop. Median of the rounds, µs per 128-frame block.
 * WEB_CONVOLVER_CHROMIUM_FLAGS (test/helpers/chromium.ts) runs the same under other V8 flags.
 */
import { execSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { launchChromium } from '../test/helpers/chromium.js';
import { pinAsAsked } from './pin-cpu.js';
import { PROBES, type Probe } from './probe-names.js';
import { cpuBetween, threadTimes } from './thread-cpu.js';

const SECONDS = Number(process.env.PROBE_SECONDS ?? 10); // of audio per render
const IR_FRAMES = Number(process.env.PROBE_IR ?? 512);
const NODES = Number(process.env.PROBE_NODES ?? 1); // nodes of the probe in parallel, one context

async function bundle(entry: string, name: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      lib: { entry: { [name]: entry }, formats: ['es'] },
      rollupOptions: { output: { codeSplitting: false } },
    },
  });
}

/** Clock ticks the hypervisor took from this machine's CPUs so far (/proc/stat's steal column). */
function steal(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  return Number(cpu[8]);
}

/** The CPU a thread (key pid/tid) last ran on and its context switches, from /proc. */
function schedInfo(key: string): string {
  try {
    const stat = readFileSync(`/proc/${key.replace('/', '/task/')}/stat`, 'utf8');
    const cpu = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[36];
    const status = readFileSync(`/proc/${key.replace('/', '/task/')}/status`, 'utf8');
    const switches = (name: string) => /\d+/.exec(status.slice(status.indexOf(name)))?.[0];
    return `cpu ${cpu} switches ${switches('voluntary_ctxt')}/${switches('nonvoluntary_ctxt')}`;
  } catch {
    return 'gone';
  }
}

/**
 * `probes`: probe kinds, each optionally suffixed `@base` to run on the sources of commit `base` (the same
 * probe module over that commit's engine and processor), so a change is compared with what it changed in one run.
 */
export async function runPerBlockProbe(rounds = 5, probes: readonly string[] = PROBES, base?: string): Promise<string> {
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'web-convolver-probe-'));
  await bundle(resolve('bench/per-block-probe-module.ts'), 'probe', dir);
  if (base !== undefined) {
    // the commit's sources beside node_modules' parent, so their imports resolve as the worktree's do
    const old = join(dir, 'base-src');
    mkdirSync(join(old, 'bench'), { recursive: true });
    execSync(`git archive ${base} src worklets | tar -x -C ${old}`);
    for (const file of ['per-block-probe-module.ts', 'probe-names.ts']) copyFileSync(resolve('bench', file), join(old, 'bench', file));
    await bundle(join(old, 'bench/per-block-probe-module.ts'), 'probe-base', dir);
  }
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="probe.js"></script>');
  const server = createServer((request, response) => {
    const file = join(dir, request.url === '/' ? 'index.html' : (request.url ?? '').slice(1));
    if (!existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, {
      'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript',
      // cross-origin isolated, as the test page: SharedArrayBuffer telemetry, as users with it get
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const browser = await launchChromium();
  try {
    const pinned = pinAsAsked();
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 });
    type Probes = { prepare(u: string, p: string, f: number, s: number, n: number): Promise<void>; go(): Promise<number>; tightLoop(f: number, b: number): { engine: number; ffts: number } };
    const cpu = new Map<string, number[]>(probes.map((p) => [p, []]));
    const background = new Map<string, number[]>(probes.map((p) => [p, []]));
    const blocks = (SECONDS * 48000) / 128;
    const render = async (probe: string) => {
      const [kind, on] = probe.split('@');
      const module = on === 'base' ? 'probe-base.js' : 'probe.js';
      await page.evaluate(
        ([u, p, f, s, n]) => (window as unknown as { probes: Probes }).probes.prepare(u, p, f, s, n),
        [`${url}${module}`, kind, IR_FRAMES, SECONDS, NODES] as const,
      );
      if (process.env.PROBE_MARK) console.error(`${new Date().toISOString()} render ${probe} starts`);
      const stealBefore = steal();
      const before = threadTimes();
      const wall = await page.evaluate(() => (window as unknown as { probes: Probes }).probes.go());
      const threads = cpuBetween(before, threadTimes());
      if (process.env.PROBE_MARK) console.error(`${new Date().toISOString()} render ${probe} ends`);
      if (process.env.PROBE_RENDERS) {
        // one line a render: whether whole renders differ, and with what (rehearsal, compiles, layout)
        const diag = await page.evaluate(() => (window as unknown as { probes: { diag(): unknown[] } }).probes.diag());
        const audioNs = threads.find((t) => /audio|worklet/i.test(t.name))?.ns ?? NaN;
        const poolNs = threads.filter((t) => /ThreadPool/.test(t.name)).reduce((sum, t) => sum + t.ns, 0);
        const audioKey = threads.find((t) => /audio|worklet/i.test(t.name))?.key;
        console.error(
          `${probe} wall ${wall.toFixed(2)} audio ${(audioNs / 1e3 / blocks).toFixed(2)} pool ${(poolNs / 1e3 / blocks).toFixed(2)} µs/block` +
            ` steal ${steal() - stealBefore} ticks, audio thread ${audioKey === undefined ? '' : schedInfo(audioKey)} ${JSON.stringify(diag)}`,
        );
      }
      if (process.env.PROBE_THREADS) console.error(probe, wall.toFixed(1), threads.slice(0, 4).map((t) => `${t.name} ${(t.ns / 1e3 / blocks).toFixed(1)}`).join(', '));
      // the rendering thread: the busiest audio-named one
      const audio = threads.find((t) => /audio|worklet/i.test(t.name));
      // a ConvolverNode-only context renders on a thread of its own that ends with the render: not measured
      cpu.get(probe)?.push(audio === undefined || kind === 'native' ? NaN : audio.ns / 1e3 / blocks);
      // V8's background threads (optimizing compiles, concurrent GC) in the same time: on 2 cores they compete
      const pool = threads.filter((t) => /ThreadPool/.test(t.name)).reduce((sum, t) => sum + t.ns, 0);
      background.get(probe)?.push(pool / 1e3 / blocks);
      return wall;
    };
    await render('ours'); // discarded: the page's first compile and audio thread start-up
    for (const list of cpu.values()) list.length = 0;
    for (const list of background.values()) list.length = 0;
    const times = new Map<string, number[]>(probes.map((p) => [p, []]));
    const loops: { engine: number; ffts: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const probe of probes) times.get(probe)!.push(await render(probe));
      // PROBE_LOOP=0 leaves it out: its optimizing compiles can spill into the next render's thread-pool figure
      if (process.env.PROBE_LOOP !== '0') loops.push(await page.evaluate((f) => (window as unknown as { probes: Probes }).probes.tightLoop(f, 20_000), IR_FRAMES));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const floor = median(times.get('floor') ?? [NaN]);
    const cpuFloor = median(cpu.get('floor') ?? [NaN]);
    const lines = [
      `## Per-block probe: headless Chromium, ${NODES} × ${IR_FRAMES}-frame stereo IR, ${SECONDS} s renders, median of ${rounds} alternating rounds`,
      process.env.WEB_CONVOLVER_CHROMIUM_FLAGS ? `\nExtra flags: \`${process.env.WEB_CONVOLVER_CHROMIUM_FLAGS}\`\n` : '',
      base !== undefined ? `\`@base\`: the same probe on the sources of ${base}.\n` : '',
      pinned === '' ? '' : `${pinned}\n`,
      '| probe | wall µs per block (median) | − floor | min … max | audio thread CPU µs per block (median) | − floor | min … max | thread pools of the browser, CPU µs per block (median) |',
      '|---|---:|---:|---|---:|---:|---|---:|',
      ...probes.map((p) => {
        const t = times.get(p)!;
        const c = cpu.get(p)!;
        return `| ${p} | ${median(t).toFixed(2)} | ${(median(t) - floor).toFixed(2)} | ${Math.min(...t).toFixed(1)} … ${Math.max(...t).toFixed(1)} | ${median(c).toFixed(2)} | ${(median(c) - cpuFloor).toFixed(2)} | ${Math.min(...c).toFixed(1)} … ${Math.max(...c).toFixed(1)} | ${median(background.get(p)!).toFixed(2)} |`;
      }),
      '',
      loops.length === 0 ? '' : `Main thread, tight loop (best of 5 × 20 000 blocks, median over rounds): engine ${median(loops.map((l) => l.engine)).toFixed(2)} µs, level-0 FFTs of a stereo block ${median(loops.map((l) => l.ffts)).toFixed(2)} µs.`,
      '',
    ];
    return lines.join('\n');
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.env.PROBES ? process.env.PROBES.split(',') : PROBES;
  console.log(await runPerBlockProbe(Number(process.argv[2] ?? 5), only, process.env.PROBE_BASE));
}
