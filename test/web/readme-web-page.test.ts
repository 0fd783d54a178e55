// README's "In a web page" example, run as written in headless Chromium against the built package: the code
// block is cut out of README.md, bundled by Vite as an app would bundle it (the package name resolved to the
// built library), served with the files it names, and opened with the context held suspended as an
// autoplay policy holds it. A click must start the context and reverb must come out, with `otherBuffer` applied.
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/ir/wav-codec.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { noise } from '../helpers/random.js';

const RATE = 48000; // Hz
const WAIT_MS = 30_000; // bound on every wait: the machine is shared

/** The first ```ts block after the "## In a web page" heading. */
export function readmeWebPageSnippet(readme = readFileSync('README.md', 'utf8')): string {
  const section = readme.slice(readme.indexOf('## In a web page'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (match === null) throw new Error('README.md has no ```ts block under "## In a web page"');
  return match[1];
}

// Appended to the snippet, for the test to look at: its own variables, untouched, and a meter after the reverb.
const EPILOGUE = `
const meter = new AnalyserNode(context, { fftSize: 2048 });
reverb.connect(meter);
Object.assign(window, { readme: { context, reverb, buffer, otherBuffer, meter } });
document.title = 'ready';
`;

let tmp = '';
let server: Server | null = null;
let url = '';
let browser: Browser | null = null;

async function buildSite(): Promise<string> {
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  tmp = mkdtempSync(join(cache, 'web-convolver-readme-'));
  const lib = join(tmp, 'lib');
  const app = join(tmp, 'app');
  const site = join(tmp, 'site');
  mkdirSync(app);
  await build({ configFile: 'vite.config.ts', mode: 'lib', logLevel: 'error', build: { outDir: lib, emptyOutDir: true, sourcemap: false } });
  await build({ configFile: 'vite.config.ts', mode: 'worklet', logLevel: 'error', build: { outDir: lib, emptyOutDir: false, sourcemap: false } });
  writeFileSync(join(app, 'main.ts'), readmeWebPageSnippet() + EPILOGUE);
  writeFileSync(join(app, 'index.html'), '<!doctype html><title>loading</title><body><script type="module" src="./main.ts"></script></body>');
  await build({
    configFile: false,
    root: app,
    base: './',
    logLevel: 'error',
    build: { outDir: site, emptyOutDir: true, target: 'esnext' }, // the snippet uses top-level await
    resolve: { alias: [{ find: /^web-convolver$/, replacement: join(lib, 'index.js') }] },
  });
  // The files the snippet names: two IRs (decaying noise) and a dry signal (noise), all 48 kHz.
  const decaying = (seed: number, frames: number) => noise(2, frames, seed).map((d) => d.map((v, i) => v * Math.exp(-i / (frames / 6))));
  writeFileSync(join(site, 'hall.wav'), encodeWav(decaying(1, RATE / 2), RATE, '16'));
  writeFileSync(join(site, 'room.wav'), encodeWav(decaying(2, RATE / 8), RATE, '16'));
  writeFileSync(join(site, 'dry.wav'), encodeWav(noise(2, 4 * RATE, 3).map((d) => d.map((v) => v * 0.3)), RATE, '16'));
  return site;
}

function serve(root: string): Promise<string> {
  const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wav': 'audio/wav' };
  server = createServer((request, response) => {
    const file = join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    const path = file.endsWith('/') ? join(file, 'index.html') : file;
    if (!path.startsWith(root) || !existsSync(path)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  return new Promise((done) => server!.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server!.address() as { port: number }).port}/`)));
}

describe.skipIf(!chromiumAvailable)('README "In a web page", in headless Chromium', () => {
  beforeAll(async () => {
    url = await serve(await buildSite());
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('runs as written: suspended until a click, then reverb with otherBuffer applied', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: WAIT_MS }).catch(() => {
      throw new Error(`the README snippet did not finish: ${errors.join('; ') || 'no page error'}`);
    });
    type Readme = { context: AudioContext; reverb: { buffer: AudioBuffer | null; wet: AudioParam }; buffer: AudioBuffer; otherBuffer: AudioBuffer; meter: AnalyserNode };
    const before = await page.evaluate(() => {
      const r = (window as unknown as { readme: Readme }).readme;
      return {
        isAudioBuffer: r.buffer instanceof AudioBuffer && r.otherBuffer instanceof AudioBuffer,
        applied: r.reverb.buffer === r.otherBuffer,
        wet: r.reverb.wet.value,
      };
    });
    // Headless Chromium lets audio start without a gesture whatever the flags say; so hold the context as
    // the autoplay policy would on the web, and the snippet's click handler must start it again.
    await page.evaluate(() => (window as unknown as { readme: Readme }).readme.context.suspend());
    expect(before.isAudioBuffer).toBe(true);
    expect(before.applied).toBe(true);
    expect(before.wet).toBeCloseTo(0.7, 6);
    await page.mouse.click(10, 10);
    // Reverb must reach the meter: poll its level, bounded.
    const level = await page.waitForFunction(
      () => {
        const r = (window as unknown as { readme: Readme }).readme;
        const data = new Float32Array(r.meter.fftSize);
        r.meter.getFloatTimeDomainData(data);
        let sum = 0;
        for (const v of data) sum += v * v;
        const rms = Math.sqrt(sum / data.length);
        return r.context.state === 'running' && rms > 1e-3 ? rms : 0;
      },
      undefined,
      { timeout: WAIT_MS, polling: 100 },
    );
    expect(await level.jsonValue()).toBeGreaterThan(1e-3);
    expect(errors).toEqual([]);
    await page.close();
  });
});
