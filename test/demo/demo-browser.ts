// Helpers for the demo's end-to-end tests: a Vite server for the page (dev, or a build served statically) and
// headless Chromium with a fake microphone. Node only.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { build, createServer, type ViteDevServer } from 'vite';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { FAKE_MICROPHONE, GRANT_MEDIA, launchChromium } from '../helpers/chromium.js';

export const DEMO_CONFIG = 'demo/vite.config.ts';


export interface Served {
  url: string;
  close(): Promise<void>;
}

/** The dev server `npm run demo` runs, on a free localhost port. */
export async function serveDev(): Promise<Served> {
  const server: ViteDevServer = await createServer({
    configFile: DEMO_CONFIG,
    logLevel: 'warn',
    // No file watching and no HMR: an edit elsewhere in the tree while the test runs must not reload the page.
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite dev server reported no local URL; expected http://127.0.0.1:<port>/');
  return { url, close: () => server.close() };
}

/**
 * `npm run build:demo` into a folder two levels below a plain static file server's root, so the page must
 * work from a sub-path (relative asset URLs), as on any static host.
 */
export async function serveBuild(root: string): Promise<Served> {
  const subPath = 'nested/demo';
  await build({ configFile: DEMO_CONFIG, logLevel: 'warn', build: { outDir: join(root, subPath), emptyOutDir: true } });
  const server = createHttpServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${subPath}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wav': 'audio/wav',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Headless Chromium with the fake microphone; without `grantMicrophone` the permission request is denied. */
export function launchDemoChromium({ grantMicrophone = true } = {}): Promise<Browser> {
  return launchChromium(grantMicrophone ? [FAKE_MICROPHONE, GRANT_MEDIA] : [FAKE_MICROPHONE]);
}

/** Console errors and warnings, and uncaught page errors, as text. Vite's own dev-client chatter is ignored. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    const type = message.type();
    if ((type === 'error' || type === 'warning') && !message.text().startsWith('[vite]')) {
      problems.push(`console ${type}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/**
 * Polls `probe` in the page until `accept` holds or `timeout` ms pass; returns the last value either way, so
 * the assertion that follows shows what was seen.
 */
export async function pollPage<T>(page: Page, probe: () => T, accept: (value: T) => boolean, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await page.evaluate(probe);
  while (!accept(value) && Date.now() < deadline) {
    await page.waitForTimeout(200);
    value = await page.evaluate(probe);
  }
  return value;
}

/** The loudest input and output RMS levels (dBFS) the page's analysers show during `duration` ms. */
export function loudestLevels(page: Page, duration: number): Promise<{ input: number; output: number }> {
  return page.evaluate(async (ms) => {
    const loudest = { input: -Infinity, output: -Infinity };
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const levels = window.__demo?.levels();
      if (levels) {
        loudest.input = Math.max(loudest.input, levels.input);
        loudest.output = Math.max(loudest.output, levels.output);
      }
      await new Promise((resolve) => setTimeout(resolve, 20)); // ms: shorter than an analyser window
    }
    return loudest;
  }, duration);
}

/**
 * Listens in windows of `window` ms until the loudest level of `which` exceeds `threshold` dBFS or `timeout`
 * ms pass; returns the loudest level heard. Polling, not a fixed wait: an IR may take a while to reach the
 * processor on a busy machine (it is prepared in a Worker), and the test asserts behaviour, not speed.
 */
export async function listenFor(
  page: Page,
  which: 'input' | 'output',
  threshold: number,
  { window = 1000, timeout = 30_000 } = {},
): Promise<number> {
  const deadline = Date.now() + timeout;
  let loudest = -Infinity;
  do {
    loudest = Math.max(loudest, (await loudestLevels(page, window))[which]);
  } while (loudest <= threshold && Date.now() < deadline);
  return loudest;
}

/**
 * Presses Start (from the keyboard when asked) and waits for the page to report it started; if it does not,
 * the error carries what the page showed and logged, so a failure in CI says where it stopped.
 */
export async function startDemo(page: Page, problems: readonly string[], { keyboard = false } = {}): Promise<void> {
  if (keyboard) await page.keyboard.press('Enter');
  else await page.click('#start');
  const started = await pollPage(page, () => window.__demo?.started() === true, (s) => s, 60_000);
  if (!started) {
    const status = await page.textContent('#status');
    const errors = await page.textContent('#errors');
    throw new Error(`Start did not finish in 60 s: status "${status}", errors "${errors}", console ${JSON.stringify(problems)}`);
  }
}
