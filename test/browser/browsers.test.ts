// Headless Chromium and headless Firefox, the same test bodies in each: our node against the browser's own
// ConvolverNode through the package entry bundled as an app bundles it (every IR × input width, the recorded
// IRs, tails, output widths), IR swaps, the processor lifetime each browser gives, standardized-audio-context
// and the Tone.js node. Where the browsers differ on purpose, the test says how (and docs/web.md).
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, openPage, SHARED_IMPULSES, type BrowserName, type PageHarness } from './browser-harness.js';

interface Fitted {
  gainDb: number;
  errorDb: number;
}

const recordedIrs = existsSync(SHARED_IMPULSES) ? readdirSync(SHARED_IMPULSES).filter((f) => f.endsWith('.wav')).sort() : [];
const NO_SUSPEND = 'Firefox has no OfflineAudioContext.suspend()';
/** Without an audio device Firefox's AudioContext stays 'suspended' (ESR 153); the launcher starts PulseAudio. */
const NO_REALTIME_CLOCK = 'Firefox has no audio device (its realtime AudioContext stays "suspended"): install pulseaudio, the launcher starts a null sink';

describe.each(BROWSERS)('in headless $name', ({ name, available, missing }) => {
  const browser: BrowserName = name;
  const firefox = browser === 'firefox';
  let harness: PageHarness;
  const call = <T>(fn: string, ...args: unknown[]) => harness.call<T>(fn, ...args);
  /** Whether a realtime AudioContext's clock moves within 2 s (Firefox needs an audio device for it). */
  const realtimeClockRuns = () =>
    harness.evaluate(async () => {
      const context = new AudioContext();
      void context.resume();
      await new Promise((done) => setTimeout(done, 2000));
      const seconds = context.currentTime;
      void context.close();
      return seconds > 0;
    }, null);

  beforeAll(async () => {
    if (available) harness = await openPage(browser);
  });
  afterAll(async () => {
    await harness?.close();
  });

  if (!available) {
    it.skip(`skipped: ${missing}`, () => {});
    return;
  }

  const cases: [number, number, boolean][] = [];
  for (const ir of [1, 2, 4]) for (const input of [1, 2]) for (const normalize of [true, false]) cases.push([ir, input, normalize]);

  it.each(cases)('%i-ch IR, %i-ch input, normalize %s: matches ConvolverNode ≥ 80 dB, tail included', async (ir, input, normalize) => {
    const r = await call<{
      errorDb: number;
      fitted: Fitted;
      gainDb: number;
      rightSilent: { native: boolean; ours: boolean };
      rightIsLeft: boolean;
      tailErrorDb: number;
      tailErrorDbPerChannel: number[];
      tailEnergy: { native: number; ours: number };
    }>('compare', ir, input, normalize);
    console.log(
      `${browser}: IR ${ir} ch, input ${input} ch, normalize ${normalize}: error ${r.errorDb.toFixed(1)} dB, ` +
        `after removing a gain of ${r.fitted.gainDb.toFixed(4)} dB ${r.fitted.errorDb.toFixed(1)} dB, ` +
        `tail ${r.tailErrorDbPerChannel.map((e) => e.toFixed(1)).join(' / ')} dB`,
    );
    // Chromium normalizes with a calibration of −58 dB (0.0012589) where the spec says 0.00125: our spec-exact
    // normalization is 0.062 dB quieter. So with normalization: gain within 0.1 dB, error ≥ 80 dB down once
    // that constant gain is removed; without: ≥ 80 dB down as is, each tail channel too.
    expect(Math.abs(r.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
    if (!normalize) {
      expect(r.errorDb).toBeLessThan(-80);
      expect(r.tailErrorDb).toBeLessThan(-80);
      for (const channel of r.tailErrorDbPerChannel) expect(channel).toBeLessThan(-80);
    }
    if (firefox && ir === 1 && input === 1) {
      // Firefox: the node's output is fixed at 2 channels (else a stereo tail loses its right channel when
      // the source ends), so mono in → L = R: what a 'speakers' consumer makes of ConvolverNode's mono output.
      expect(r.rightSilent.native).toBe(true);
      expect(r.rightIsLeft).toBe(true);
    } else {
      expect(r.rightSilent.ours).toBe(r.rightSilent.native);
    }
    expect(r.tailEnergy.ours).toBeGreaterThan(0);
  });

  describe.skipIf(recordedIrs.length === 0)(`recorded IRs in ${SHARED_IMPULSES}`, () => {
    const recordedCases = recordedIrs.flatMap((file) => [1, 2].map((input) => [file, input] as [string, number]));
    it.each(recordedCases)('%s, %i-ch input: matches ConvolverNode ≥ 100 dB on every channel, tail included', async (file, input) => {
      const r = await call<{
        irChannels: number;
        irSeconds: number;
        widths: { native: number; ours: number };
        errorDb: number;
        channelErrorDb: number[];
        tailErrorDb: number;
        tailChannelErrorDb: number[];
      }>('recorded', file, input);
      const db = (list: number[]) => list.map((e) => e.toFixed(1)).join(' / ');
      console.log(
        `${browser}: ${file} (${r.irChannels} ch, ${r.irSeconds.toFixed(2)} s), input ${input} ch: ` +
          `${db(r.channelErrorDb)} dB per channel, tail ${db(r.tailChannelErrorDb)} dB, widths ${JSON.stringify(r.widths)}`,
      );
      for (const channel of r.channelErrorDb) expect(channel).toBeLessThan(-100);
      for (const channel of r.tailChannelErrorDb) expect(channel).toBeLessThan(-100);
    });
  });
  if (recordedIrs.length === 0) it.skip(`recorded IRs skipped: ${SHARED_IMPULSES} is absent (it exists only beside the main checkout)`, () => {});

  it(`an idle worklet's output width: ${firefox ? 'Firefox narrows it to 1 once the source ends, unless outputChannelCount fixes it' : 'fixed by outputChannelCount'}`, async () => {
    const dynamic = await call<{ changes: string; playing: number[]; ended: number[] }>('idleWidths');
    const fixed = await call<{ changes: string; playing: number[]; ended: number[] }>('idleWidths', { outputChannelCount: [2] });
    console.log(`${browser}: pass-through processor widths (block:in/out): dynamic ${dynamic.changes}; outputChannelCount [2] ${fixed.changes}`);
    expect(dynamic.playing).toEqual([2, 2]);
    expect(fixed.ended).toEqual([0, 2]);
    // If Firefox ever keeps the width, ConvolverWorkletNode no longer needs a fixed output width there.
    if (firefox) expect(dynamic.ended).toEqual([0, 1]);
  });

  it(`IR swap mid-render${firefox ? ' (realtime context: Firefox has no OfflineAudioContext.suspend)' : ''}: no zero block, no jump larger than the signal’s own (native cuts)`, async (test) => {
    if (firefox && !(await realtimeClockRuns())) test.skip(`skipped: ${NO_REALTIME_CLOCK}`);
    const r = await call<Record<'native' | 'ours', { jumpRatio: number; quietestDb: number }>>(firefox ? 'swapRealtime' : 'swap');
    console.log(`${browser} swap: jump ratio ours ${r.ours.jumpRatio.toFixed(2)} vs native ${r.native.jumpRatio.toFixed(2)}; quietest block ours ${r.ours.quietestDb.toFixed(1)} dB, native ${r.native.quietestDb.toFixed(1)} dB`);
    // Both IRs are noise, so the crossfaded sum's largest step is a statistic of the same order as the onset's.
    expect(r.ours.jumpRatio).toBeLessThan(1.25);
    expect(r.ours.quietestDb).toBeGreaterThan(-12);
    expect(r.native.jumpRatio).toBeGreaterThan(r.ours.jumpRatio);
  });

  it('IRs apply in the order set, even when a long one is prepared in a Worker and a short one is not', async () => {
    const r = await call<{ worst: number }>('ordering');
    expect(r.worst).toBeLessThan(1e-6);
  });

  it('createConvolverNode on a native context finds the module by default and resamples', async () => {
    const r = await call<{ settled: number; isWorkletNode: boolean }>('createNative');
    expect(r.isWorkletNode).toBe(true);
    expect(r.settled).toBeCloseTo(0.01 * 480, 1);
  });

  it.skipIf(firefox)(`a buffer set while suspended applies from the first frame after resume()${firefox ? ` — skipped: ${NO_SUSPEND}` : ''}`, async () => {
    const r = await call<{ swapFrame: number; before: number; after: number }>('suspendApply');
    expect(r.swapFrame).toBeGreaterThan(0);
    expect(r.before).toBe(0); // no IR: silence
    expect(r.after).toBeLessThan(1e-5); // a unit impulse from the first frame on: the tone itself
  });

  it('runs in a realtime AudioContext and publishes load telemetry through a SharedArrayBuffer', async (test) => {
    if (firefox && !(await realtimeClockRuns())) test.skip(`skipped: ${NO_REALTIME_CLOCK}`);
    const r = await call<{
      telemetry: { meanLoad: number; peakLoad: number; overBudget: number; maxLoad: number } | null;
      errors: string[];
      state: string;
      audioSeconds: number;
      sharedArrayBuffer: boolean;
    }>('realtime');
    console.log(`${browser} realtime: state ${r.state}, ${r.audioSeconds.toFixed(2)} s of audio, telemetry ${JSON.stringify(r.telemetry)}`);
    // Headless Chromium has no sound card here; its fake output's clock has been seen to stall when several
    // browsers run at once (the demo's e2e test in the same run fails the same way). Say so instead of failing.
    // (A first telemetry window needs 0.1 s of audio; without telemetry after 0.2 s of audio it is our bug.)
    if (r.telemetry === null && r.audioSeconds < 0.2) {
      test.skip(`the realtime audio clock did not run (${r.audioSeconds} s in 15 s): environment`);
    }
    expect(r.state).toBe('running');
    expect(r.sharedArrayBuffer).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.telemetry).not.toBeNull();
    expect(r.telemetry!.meanLoad).toBeGreaterThanOrEqual(0);
    expect(r.telemetry!.peakLoad).toBeGreaterThanOrEqual(r.telemetry!.meanLoad);
  });

  it.skipIf(firefox)(`a source connected after the node has run without input is convolved (process() never returned false)${firefox ? ` — skipped: ${NO_SUSPEND}; the scheduled-source test below covers it` : ''}`, async () => {
    const r = await call<{ energyAfter: number }>('lateSource');
    expect(r.energyAfter).toBeGreaterThan(0);
  });

  it('a source scheduled to start after the node has run without input is convolved', async () => {
    const r = await call<{ energyBefore: number; energyAfter: number }>('lateSourceScheduled');
    expect(r.energyBefore).toBeLessThan(1e-9); // Firefox starts the oscillator with a sub-sample ramp
    expect(r.energyAfter).toBeGreaterThan(0);
  });

  it.skipIf(firefox)(`Chromium still never calls a processor again after process() returned false (why ours does not)${firefox ? ` — skipped: ${NO_SUSPEND}` : ''}`, async () => {
    const r = await call<{ energyAfter: number }>('chromiumFalseIsFinal');
    expect(r.energyAfter).toBe(0);
  });

  it.skipIf(!firefox)(`Firefox calls a processor that returned false with no input again when input returns (the spec)${firefox ? '' : ' — skipped: Chromium hands a not-yet-started source to the processor as channels of silence, so it never returns false here; the test above covers Chromium'}`, async () => {
    const r = await call<{ energyAfter: number }>('falseThenInput');
    console.log(`${browser}: energy after the scheduled source starts, from a processor that returned false: ${r.energyAfter.toExponential(2)}`);
    expect(r.energyAfter).toBeGreaterThan(0);
  });

  it('input that stops (tail decays, engines skipped) and starts again keeps working', async () => {
    const r = await call<{ errorDb: number; secondErrorDb: number; secondEnergy: number }>('restart');
    console.log(`${browser} restart: error ${r.errorDb.toFixed(1)} dB, second burst ${r.secondErrorDb.toFixed(1)} dB`);
    expect(r.secondEnergy).toBeGreaterThan(0);
    expect(r.errorDb).toBeLessThan(-80);
    expect(r.secondErrorDb).toBeLessThan(-80);
  });

  it('createConvolverNode on a standardized-audio-context context matches its ConvolverNode', async () => {
    const r = await call<{ errorDb: number; fitted: Fitted }>('standardized');
    console.log(`${browser} standardized-audio-context: error ${r.errorDb.toFixed(1)} dB; ${r.fitted.errorDb.toFixed(1)} dB after removing ${r.fitted.gainDb.toFixed(4)} dB (normalization calibration)`);
    expect(Math.abs(r.fitted.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
  });

  it('the Tone.js node matches Tone.Convolver in Tone.Offline', async () => {
    const r = await call<{ errorDb: number; fitted: Fitted; energy: number }>('tone');
    console.log(`${browser} Tone.js: error ${r.errorDb.toFixed(1)} dB; ${r.fitted.errorDb.toFixed(1)} dB after removing ${r.fitted.gainDb.toFixed(4)} dB`);
    expect(r.energy).toBeGreaterThan(0);
    expect(Math.abs(r.fitted.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
  });

  it('the Tone.js node loads an IR by URL (load(url)) like Tone.Convolver', async () => {
    const r = await call<{ fitted: Fitted; energy: number }>('toneLoad');
    console.log(`${browser} Tone.js load(url): ${r.fitted.errorDb.toFixed(1)} dB after removing ${r.fitted.gainDb.toFixed(4)} dB`);
    expect(r.energy).toBeGreaterThan(0);
    expect(Math.abs(r.fitted.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
  });

  it('the Tone.js node keeps Tone.Convolver’s habits: positional url and onload, normalize, rejections', async () => {
    type Render = { fitted: Fitted; energy: number; onloadCalls: number; toneOnloadCalls: number; normalizeRead: boolean };
    const r = await call<{ normalized: Render; raw: Render; readyRejects: string | null; loadRejects: string | null; defaultNormalize: boolean }>('toneHabits');
    console.log(`${browser} Tone.js positional url: ${r.normalized.fitted.errorDb.toFixed(1)} dB (normalized), ${r.raw.fitted.errorDb.toFixed(1)} dB (normalize = false)`);
    for (const render of [r.normalized, r.raw]) {
      expect(render.energy).toBeGreaterThan(0);
      expect(Math.abs(render.fitted.gainDb)).toBeLessThan(0.1);
      expect(render.fitted.errorDb).toBeLessThan(-80);
      expect(render.onloadCalls).toBe(1);
      expect(render.onloadCalls).toBe(render.toneOnloadCalls);
    }
    expect(r.normalized.normalizeRead).toBe(true);
    expect(r.raw.normalizeRead).toBe(false);
    expect(r.defaultNormalize).toBe(true);
    expect(r.readyRejects).toMatch(/missing\.wav/);
    expect(r.loadRejects).toMatch(/missing\.wav/);
  });
});
