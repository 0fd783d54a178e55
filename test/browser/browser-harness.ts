// Builds the library (as `npm run build` does, into a temp dir), bundles the test page against it as an app
// would, serves it on localhost with cross-origin isolation (so SharedArrayBuffer exists) and opens it in
// headless Chromium (/usr/bin/chromium, through playwright-core; never a downloaded browser).
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { build } from 'vite';
import { encodeWav } from '../../src/ir/wav-codec.js';
import { noise } from '../helpers/random.js';

export { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.wav': 'audio/wav' };

export interface Harness {
  page: Page;
  close(): Promise<void>;
}

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
    const path = join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !existsSync(file)) {
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

export async function openPage(): Promise<Harness> {
  const { site, cleanup } = await buildPage();
  const { server, url } = await serve(site);
  const browser: Browser = await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready' || document.title === 'error', undefined, { timeout: 30_000 }).catch(() => {
    throw new Error(`test page did not load: ${errors.join('; ')}`);
  });
  return {
    page,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
      cleanup();
    },
  };
}
