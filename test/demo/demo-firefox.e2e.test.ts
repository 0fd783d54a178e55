// The demo page's core flow in headless Firefox (Firefox's fake microphone: media.navigator.streams.fake, no
// permission prompt), through the dev server: the page loads with a clean console, Start brings the audio
// graph up, audio from the fake microphone goes through our node, an IR switch takes effect. The whole flow
// (file input, A/B, offline render, measurement) is demo.e2e.test.ts, in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { FAKE_MICROPHONE_PREFS, firefoxAvailable, launchFirefox } from '../helpers/firefox.js';
import { serveDev, type Served } from './demo-browser.js';

const AUDIBLE = -70; // dBFS RMS, as in demo.e2e.test.ts
const NO_REALTIME_CLOCK = 'Firefox has no audio device (its realtime AudioContext stays "suspended"): install pulseaudio, the launcher starts a null sink';

/**
 * Bounds one driver call: a WebDriver BiDi command that never answers fails the step by name instead of
 * hanging the test until its timeout.
 */
async function step<T>(name: string, call: Promise<T>, timeout = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${name}: no answer from Firefox in ${timeout} ms`)), timeout)));
  try {
    return await Promise.race([call, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `probe` in the page every 200 ms until `accept` holds or `timeout` ms pass; returns the last value. A
 * probe Firefox does not answer within 10 s counts as not yet accepted (seen under load: an evaluate over
 * WebDriver BiDi that never returns), and the next one is sent.
 */
async function poll<T>(page: Page, probe: () => T, accept: (value: T) => boolean, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value: T | undefined;
  let answered = false;
  do {
    try {
      value = (await step('evaluate', page.evaluate(probe), 10_000)) as T;
      answered = true;
      if (accept(value)) return value;
    } catch (error) {
      if (Date.now() >= deadline && !answered) throw error;
    }
    await new Promise((done) => setTimeout(done, 200));
  } while (Date.now() < deadline);
  return value as T;
}

/** The loudest output level (dBFS) the page's meter shows within `timeout` ms. */
async function loudestOutput(page: Page, timeout = 30_000): Promise<number> {
  let loudest = -Infinity;
  await poll(page, () => window.__demo?.levels()?.output ?? -Infinity, (db) => (loudest = Math.max(loudest, db)) > AUDIBLE, timeout);
  return loudest;
}

describe.skipIf(!firefoxAvailable)('demo page in headless Firefox (dev server)', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveDev();
    browser = await launchFirefox(FAKE_MICROPHONE_PREFS);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('loads with a clean console; Start, the microphone through our node, an IR switch', async (test) => {
    const page = await step('newPage', browser.newPage());
    const problems: string[] = [];
    page.on('console', (message) => {
      const type = message.type();
      if ((type === 'error' || type === 'warn') && !message.text().startsWith('[vite]')) problems.push(`console ${type}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    await step('goto', page.goto(served.url));
    await step('waitForSelector #start', page.waitForSelector('#start', { timeout: 30_000 }));
    expect(problems).toEqual([]);

    await step('click #start', page.click('#start'));
    expect(await poll(page, () => window.__demo?.started() === true, (s) => s, 60_000)).toBe(true);
    // Whether this Firefox can run a realtime context at all (not without an audio device: skip). A page that
    // stops answering fails: it froze in about half the runs while it read `outputLatency` every frame, a getter
    // that can deadlock Firefox's content process (demo/meters.ts, docs/web.md); the page no longer reads it.
    const running = await poll(page, () => window.__demo!.state().contextState, (s) => s === 'running', 45_000);
    if (running !== 'running') {
      const status = await step('evaluate', page.evaluate(() => document.getElementById('status')?.textContent ?? ''), 10_000).catch(() => null);
      if (status === null) throw new Error(`the page stopped answering within 45 s of Start (its last answer: context "${String(running)}"); expected it to run or stay "suspended" without an audio device`);
      const why = `skipped after the page loaded and started cleanly: context state "${running}", page status "${status}" after 45 s. ${NO_REALTIME_CLOCK}`;
      console.log(why); // in the run's log too: a skip's note is not printed there
      test.skip(why);
    }
    const latency = await step('evaluate', page.evaluate(() => document.getElementById('latency-output')?.textContent ?? ''));
    expect(latency).toContain('not read in Firefox');
    expect(await loudestOutput(page)).toBeGreaterThan(AUDIBLE);
    await step('click mic', page.click('input[name="source"][value="mic"]'));
    expect(await poll(page, () => window.__demo!.state().source, (s) => s === 'mic')).toBe('mic');
    expect((await step('evaluate', page.evaluate(() => window.__demo!.state()))).convolver).toBe('ours');
    expect(await loudestOutput(page)).toBeGreaterThan(AUDIBLE);
    const before = await step('evaluate', page.evaluate(() => window.__demo!.state().impulse));
    const next = await step('$eval', page.$eval('#ir-library option:nth-child(2)', (o) => (o as HTMLOptionElement).value));
    await step('select', page.select('#ir-library', next));
    expect(await poll(page, () => window.__demo!.state().impulse, (name) => name !== before)).not.toBe(before);
    expect(await loudestOutput(page)).toBeGreaterThan(AUDIBLE);
    expect(problems).toEqual([]);
    await step('close', page.close());
  }, 300_000);
});

if (!firefoxAvailable) {
  describe('demo page in headless Firefox', () => {
    it.skip('skipped: /usr/bin/firefox-esr is absent (Debian: apt-get install firefox-esr)', () => {});
  });
}
