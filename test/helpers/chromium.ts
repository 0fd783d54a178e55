// Headless Chromium for the tests and the browser benchmark: Debian's /usr/bin/chromium through playwright-core
// (never a downloaded browser).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

/**
 * Flags every run needs here: no sandbox (we run as root), no GPU, and no background networking or updates
 * (this machine's network is closed: without them Chromium retries refused connections all the time).
 * Audio contexts start without a user gesture.
 */
const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

/** A beeping fake microphone… */
export const FAKE_MICROPHONE = '--use-fake-device-for-media-stream';
/** …and a permission prompt that always grants it. */
export const GRANT_MEDIA = '--use-fake-ui-for-media-stream';

/**
 * Diagnostics only, off by default: WEB_CONVOLVER_CHROMIUM_FLAGS adds flags to every launch (space-separated,
 * e.g. `--js-flags=--no-maglev`), to compare V8 configurations on the same tests or benchmarks. Set
 * `DEBUG=pw:browser` too to see what the browser prints (V8's --trace-* output).
 */
const DIAGNOSTIC_FLAGS = (process.env.WEB_CONVOLVER_CHROMIUM_FLAGS ?? '').split(' ').filter((flag) => flag !== '');

export function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...BASE_FLAGS, ...extraFlags, ...DIAGNOSTIC_FLAGS] });
}
