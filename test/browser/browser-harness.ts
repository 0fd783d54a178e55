// Builds the library (as `npm run build` does, into a temp dir), bundles the test page against it as an app
// would, serves it on localhost with cross-origin isolation (so SharedArrayBuffer exists) and opens it in
// headless Chromium (/usr/bin/chromium, through playwright-core) or headless Firefox (/usr/bin/firefox-esr,
// through puppeteer-core over WebDriver BiDi); never a downloaded browser.
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { firefoxAvailable, launchFirefox } from '../helpers/firefox.js';
import { build } from 'vite';
import { encodeWav } from '../../src/ir/wav-codec.js';
import { noise } from '../helpers/random.js';

export { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
export { FIREFOX, firefoxAvailable } from '../helpers/firefox.js';

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.wav': 'audio/wav' };

export type BrowserName = 'chromium' | 'firefox';

/** The browsers the tests run in, each with whether it is installed here and why a run skips without it. */
export const BROWSERS: readonly { name: BrowserName; available: boolean; missing: string }[] = [
  { name: 'chromium', available: chromiumAvailable, missing: '/usr/bin/chromium is absent (Debian: apt-get install chromium)' },
  { name: 'firefox', available: firefoxAvailable, missing: '/usr/bin/firefox-esr is absent (Debian: apt-get install firefox-esr)' },
];

/**
 * The recorded IRs (../shared/impulses beside the repository, Apache-2.0, never copied in): served to the page
 * at /impulses/ when present. WEB_CONVOLVER_IMPULSES points elsewhere (a checkout not beside that folder).
 */
export const SHARED_IMPULSES = resolve(process.env.WEB_CONVOLVER_IMPULSES ?? '../shared/impulses');

/** One test page in one browser; the same calls whichever browser drives it. */
export interface PageHarness {
  readonly browser: BrowserName;
  /** Runs `fn(arg)` in the page (serialized as source, as both drivers do) and returns its result. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Calls `window.suite[name](...args)` in the page. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** The Chromium page, with playwright-core's Page for tests that need more than evaluate(). */
export interface Harness extends PageHarness {
  page: Page;
}

type Suite = Record<string, (...args: unknown[]) => Promise<unknown>>;
const callSuite = ([name, args]: readonly [string, unknown[]]) => (window as unknown as { suite: Suite }).suite[name](...args);

export async function buildPage(): Promise<{ site: string; cleanup: () => void }> {
  // Inside node_modules/.cache, not /tmp: the built library's bare imports (tone, standardized-audio-context)
  // must resolve from the project's node_modules, as they would in an app.
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const tmp = mkdtempSync(join(cache, 'web-convolver-browser-'));
  const lib = join(tmp, 'lib');
  const site = join(tmp, 'site');
  await build({ configFile: 'vite.config.ts', mode: 'lib', logLevel: 'error', build: { outDir: lib, emptyOutDir: true, sourcemap: false } });
  await build({ configFile: 'vite.config.ts', mode: 'worklet', logLevel: 'error', build: { outDir: lib, emptyOutDir: false, sourcemap: false } });
  await build({
    configFile: false,
    root: resolve('test/browser/page'),
    logLevel: 'error',
    build: { outDir: site, emptyOutDir: true, minify: false },
    resolve: {
      alias: [
        { find: /^web-convolver\/tone$/, replacement: join(lib, 'tone.js') },
        { find: /^web-convolver$/, replacement: join(lib, 'index.js') },
      ],
    },
  });
  // An IR file for the Tone node's load(url): 0.25 s of decaying stereo noise, 32-bit float, 48 kHz.
  const ir = noise(2, 12_000, 77).map((data) => data.map((v, i) => v * Math.exp(-i / 2000)));
  writeFileSync(join(site, 'ir.wav'), encodeWav(ir, 48000, '32f'));
  return { site, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const base = pathname.startsWith('/impulses/') ? SHARED_IMPULSES : root;
    const path = join(base, pathname.startsWith('/impulses/') ? pathname.slice('/impulses'.length) : pathname);
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    if (!file.startsWith(base) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // Cross-origin isolation: SharedArrayBuffer (the telemetry's no-allocation path) needs it.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    done({ server, url: `http://127.0.0.1:${address.port}/` });
  }));
}

/**
 * Builds and serves the test page and opens it in `browser` (default Chromium, whose Harness also carries
 * playwright-core's Page). One browser per call: share it across a test file.
 */
export async function openPage(): Promise<Harness>;
export async function openPage(browser: 'chromium'): Promise<Harness>;
export async function openPage(browser: BrowserName): Promise<PageHarness>;
export async function openPage(browser: BrowserName = 'chromium'): Promise<PageHarness> {
  const { site, cleanup } = await buildPage();
  const { server, url } = await serve(site);
  const stop = async () => {
    await new Promise((done) => server.close(done));
    cleanup();
  };
  try {
    return browser === 'firefox' ? await openFirefox(url, stop) : await openChromium(url, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function openChromium(url: string, stop: () => Promise<void>): Promise<Harness> {
  const browser: Browser = await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready' || document.title === 'error', undefined, { timeout: 30_000 }).catch(async () => {
    await browser.close();
    throw new Error(`test page did not load in Chromium: ${errors.join('; ')}`);
  });
  return {
    browser: 'chromium',
    page,
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    call: <T>(name: string, ...args: unknown[]) => page.evaluate(callSuite, [name, args] as const) as Promise<T>,
    async close() {
      await browser.close();
      await stop();
    },
  };
}

async function openFirefox(url: string, stop: () => Promise<void>): Promise<PageHarness> {
  const browser = await launchFirefox();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.setDefaultTimeout(600_000); // ms: long renders run inside evaluate(); vitest's own timeouts bound the test
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready' || document.title === 'error', { timeout: 30_000 }).catch(async () => {
    await browser.close();
    throw new Error(`test page did not load in Firefox: ${errors.join('; ')}`);
  });
  return {
    browser: 'firefox',
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    call: <T>(name: string, ...args: unknown[]) => page.evaluate(callSuite, [name, args] as const) as Promise<T>,
    async close() {
      await browser.close();
      await stop();
    },
  };
}
