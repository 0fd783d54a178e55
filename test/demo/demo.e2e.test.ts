// The demo page end to end in headless Chromium, through the dev server `npm run demo` runs (the static build
// has its own file, demo-build.e2e.test.ts): Start, audio from
// the fake microphone through our convolver (an analyser after it reads above silence), IR switching, a custom
// IR through the file input, the A/B switch, an offline render, no error on the page or in the console.
// Screenshots go to test-results/. Behaviour only: every wait polls with a generous limit (shared CI cores).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { encodeWav } from '../../src/ir/index.js';
import { collectProblems, launchDemoChromium, listenFor, pollPage, serveDev, startDemo, type Served } from './demo-browser.js';

const AUDIBLE = -70; // dBFS RMS: clearly above an idle graph's digital silence (−120 dBFS on the meter)
const SILENT = -100; // dBFS RMS: nothing but rounding left
const LISTEN = 4000; // ms: long enough to catch the fake microphone's beeps, which come about once a second
const SCREENSHOTS = 'test-results';

/** A short stereo IR the test writes itself: a direct sound and one echo per channel, 16-bit WAV. */
function writeTestImpulse(dir: string): string {
  const rate = 48000; // Hz: the page resamples it to the context's rate
  const left = new Float32Array(rate / 4);
  const right = new Float32Array(rate / 4);
  left[0] = 0.8;
  right[0] = 0.6;
  left[Math.round(0.05 * rate)] = 0.4; // 50 ms echo
  right[Math.round(0.08 * rate)] = 0.4; // 80 ms echo
  const path = join(dir, 'test-echo.wav');
  writeFileSync(path, encodeWav([left, right], rate, '16', { dither: false }));
  return path;
}

/** Sets a range input as a user would (the page listens for 'input'). */
async function setRange(page: Page, selector: string, value: number): Promise<void> {
  await page.$eval(selector, (input, v) => {
    (input as HTMLInputElement).value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function state(page: Page) {
  return page.evaluate(() => window.__demo!.state());
}

describe('demo page (dev server)', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveDev();
    browser = await launchDemoChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('plays the microphone through the convolver, switches IRs, loads a custom IR, toggles A/B and renders offline', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const problems = collectProblems(page);
    await page.goto(served.url);
    // Start from the keyboard: Tab reaches the button first, Enter presses it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');
    await startDemo(page, problems, { keyboard: true });

    // The dry loop plays at once.
    expect(await listenFor(page, 'output', AUDIBLE)).toBeGreaterThan(AUDIBLE);

    // The fake microphone, through our node: switch, let the loop's tail ring out, then listen.
    await page.check('input[name="source"][value="mic"]');
    await pollPage(page, () => window.__demo!.state().source, (s) => s === 'mic');
    await expect.poll(() => state(page).then((s) => s.convolver)).toBe('ours');
    await page.waitForTimeout(1500);
    expect(await listenFor(page, 'input', AUDIBLE)).toBeGreaterThan(AUDIBLE);
    expect(await listenFor(page, 'output', AUDIBLE, { window: LISTEN })).toBeGreaterThan(AUDIBLE);
    expect(await page.isVisible('#mic-warning')).toBe(true);

    // The load meter reads the node's telemetry (shared memory here: the dev server isolates the page).
    expect((await state(page)).crossOriginIsolated).toBe(true);
    const telemetry = await pollPage(page, () => window.__demo!.state().telemetry, (t) => t !== null);
    expect(telemetry!.meanLoad).toBeGreaterThanOrEqual(0);
    expect(await page.textContent('#load-mean')).toMatch(/% of budget/);

    // Another library IR.
    const before = (await state(page)).impulse;
    await page.selectOption('#ir-library', { index: 1 });
    const switched = await pollPage(page, () => window.__demo!.state().impulse, (name) => name !== before);
    expect(switched).not.toBe(before);

    // A custom IR through the file input.
    const dir = mkdtempSync(join(tmpdir(), 'web-convolver-demo-'));
    await page.setInputFiles('#ir-file', writeTestImpulse(dir));
    expect(await pollPage(page, () => window.__demo!.state().impulse, (name) => name === 'test-echo.wav')).toBe('test-echo.wav');
    expect((await state(page)).impulseChannels).toBe(2);
    expect(await page.textContent('#ir-info')).toContain('test-echo.wav');

    // The same IR dropped onto the drop zone (a drop event carrying the file, as a drag from the desktop makes).
    const bytes = [...readFileSync(join(dir, 'test-echo.wav'))];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped-echo.wav', { type: 'audio/wav' }));
      const zone = document.querySelector('#ir-drop')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    expect(await pollPage(page, () => window.__demo!.state().impulse, (n) => n === 'dropped-echo.wav')).toBe('dropped-echo.wav');

    // A file that is not audio: the page says so in words, names the file, and the previous IR plays on.
    writeFileSync(join(dir, 'not-audio.wav'), 'this is text, not a WAV file');
    await page.setInputFiles('#ir-file', join(dir, 'not-audio.wav'));
    await page.waitForSelector('#errors p', { timeout: 30_000 });
    expect(await page.textContent('#errors')).toContain('not-audio.wav');
    expect((await state(page)).impulse).toBe('dropped-echo.wav');
    expect(await listenFor(page, 'output', AUDIBLE, { window: LISTEN })).toBeGreaterThan(AUDIBLE);
    await page.click('#errors button'); // dismiss
    expect((await page.textContent('#errors'))?.trim()).toBe('');

    // The synthesizer from the keyboard: with live preview on, a change of RT60 swaps in a new IR.
    await page.focus('#synth-rt60');
    await page.keyboard.press('ArrowRight');
    const synthesized = await pollPage(page, () => window.__demo!.state().impulse, (n) => n.startsWith('Synthesized'));
    expect(synthesized).toMatch(/^Synthesized: RT60 1\.9 s/);
    await page.setInputFiles('#ir-file', join(dir, 'test-echo.wav')); // back to the short IR for the rest

        // B: the browser's ConvolverNode, same IR, still sounding (switched from the keyboard); then back to A.
    await page.focus('input[name="ab"][value="ours"]');
    await page.keyboard.press('ArrowDown');
    expect((await state(page)).convolver).toBe('native');
    expect(await listenFor(page, 'output', AUDIBLE, { window: LISTEN })).toBeGreaterThan(AUDIBLE);
    await page.check('input[name="ab"][value="ours"]');
    expect((await state(page)).convolver).toBe('ours');
    expect(await listenFor(page, 'output', AUDIBLE, { window: LISTEN })).toBeGreaterThan(AUDIBLE);

    // The controls drive the audio: wet off (Home key) silences the output (dry is off); bypass brings back
    // the dry signal; then both are restored.
    await page.focus('#wet');
    await page.keyboard.press('Home');
    expect(await page.textContent('#wet-value')).toBe('off');
    expect(await pollPage(page, () => window.__demo!.levels()!.output, (db) => db < SILENT)).toBeLessThan(SILENT);
    await page.focus('#bypass');
    await page.keyboard.press('Space');
    expect(await listenFor(page, 'output', AUDIBLE, { window: LISTEN })).toBeGreaterThan(AUDIBLE);
    await page.keyboard.press('Space');
    await setRange(page, '#wet', 0);

    // Offline render of the current source (2 s of microphone, recorded first) through the current IR.
    await setRange(page, '#render-seconds', 2);
    const download = page.waitForEvent('download', { timeout: 90_000 });
    await page.click('#render');
    expect((await download).suggestedFilename()).toMatch(/\.wav$/);
    const render = await pollPage(page, () => window.__demo!.lastRender(), (r) => r !== null, 90_000);
    expect(render).not.toBeNull();
    expect(render!.convolver).toBe('ours');
    expect(render!.channels).toBe(2);
    // 2 s of source plus the 0.25 s IR's tail, at the context's rate.
    expect(render!.frames).toBeGreaterThanOrEqual(Math.round(2.25 * render!.sampleRate) - 1);
    expect(render!.peak).toBeGreaterThan(0);

    // The cost comparison renders offline with A and with B.
    await page.click('#compare');
    const comparison = await pollPage(page, () => window.__demo!.lastComparison(), (c) => c !== null, 90_000);
    expect(comparison!.ours).toBeGreaterThan(0);
    expect(comparison!.native).toBeGreaterThan(0);
    expect(await page.textContent('#compare-info')).toMatch(/A \(web-convolver\) .*× real time, B \(ConvolverNode\)/);

    // Measuring the room with the sweep (the fake microphone hears only its own beeps, so the IR is not a
    // room's, but the whole path runs: sweep, sample-exact recording, deconvolution, the IR in use).
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#measure')!.disabled, null, { timeout: 30_000 });
    await page.click('#measure');
    const measured = await pollPage(page, () => window.__demo!.state().impulse, (n) => n.startsWith('Measured room'), 90_000);
    expect(measured).toMatch(/^Measured room/);
    expect((await state(page)).impulseChannels).toBe(1);
    expect(await listenFor(page, 'output', AUDIBLE, { window: LISTEN })).toBeGreaterThan(AUDIBLE); // output restored

    // Nothing else went wrong along the way: the one error shown was the deliberate one.
    const shown = await page.evaluate(() => window.__demo!.errors());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/not-audio\.wav/);
    expect((await page.textContent('#errors'))?.trim()).toBe('');
    expect(problems).toEqual([]);

    // A reverberant library IR for the pictures.
    const hall = await page.$$eval('#ir-library option:not([disabled])', (options) =>
      ((options as HTMLOptionElement[]).find((o) => o.value === 'large-hall') ?? (options[0] as HTMLOptionElement)).value,
    );
    await page.selectOption('#ir-library', hall);
    await pollPage(page, () => window.__demo!.state().impulse, (n) => !n.startsWith('Measured'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(500); // ms: the plots redraw after the resize settles
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-375.png'), fullPage: true });
    await page.close();
  }, 300_000);

  it('plays the user\'s file, and says in words when the microphone is denied while the audio plays on', async () => {
    const denying = await launchDemoChromium({ grantMicrophone: false });
    try {
      const page = await denying.newPage({ viewport: { width: 375, height: 800 } });
      const problems = collectProblems(page);
      await page.goto(served.url);
      await startDemo(page, problems);
      const dir = mkdtempSync(join(tmpdir(), 'web-convolver-demo-'));
      const rate = 44100; // Hz
      const tone = new Float32Array(rate).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 330 * i) / rate));
      writeFileSync(join(dir, 'my-tone.wav'), encodeWav([tone], rate, '16', { dither: false }));
      await page.setInputFiles('#source-file', join(dir, 'my-tone.wav'));
      expect(await pollPage(page, () => window.__demo!.state().source, (s) => s === 'file')).toBe('file');
      expect(await page.isChecked('input[name="source"][value="file"]')).toBe(true);

      // click, not check: the page puts the selection back on the file when the request is denied, which
      // can happen before Playwright looks at the radio's state.
      await page.click('input[name="source"][value="mic"]');
      await page.waitForSelector('#errors p', { timeout: 30_000 });
      expect(await page.textContent('#errors')).toMatch(/microphone/i);
      expect((await state(page)).source).toBe('file'); // the file still plays
      expect(await page.isChecked('input[name="source"][value="file"]')).toBe(true);
      expect(await listenFor(page, 'output', AUDIBLE)).toBeGreaterThan(AUDIBLE);

      // The start button says what a press does: Pause while audio runs, Resume while it is suspended.
      expect(await page.textContent('#start')).toBe('Pause audio');
      await page.click('#start');
      expect(await pollPage(page, () => document.querySelector('#start')!.textContent, (t) => t === 'Resume audio')).toBe('Resume audio');
      expect(await page.textContent('#status')).toMatch(/suspended/);
      await page.click('#start');
      expect(await pollPage(page, () => document.querySelector('#start')!.textContent, (t) => t === 'Pause audio')).toBe('Pause audio');
      expect(await listenFor(page, 'output', AUDIBLE)).toBeGreaterThan(AUDIBLE);
      // Chromium logs nothing for a denied getUserMedia; anything else in the console is a fault.
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'demo-mic-denied-375.png') });
      await page.close();
    } finally {
      await denying.close();
    }
  }, 300_000);
});
