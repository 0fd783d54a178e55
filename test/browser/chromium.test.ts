// Headless Chromium: our node against Chromium's own ConvolverNode, through the package entry bundled as an
// app bundles it; an IR swap mid-render; the tail; standardized-audio-context and the Tone.js node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openPage, type Harness } from './browser-harness.js';

interface Fitted {
  gainDb: number;
  errorDb: number;
}
type Suite = Record<string, (...args: unknown[]) => Promise<unknown>>;
let harness: Harness;

async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  return harness.page.evaluate(
    ([fn, params]) => ((window as unknown as { suite: Suite }).suite[fn as string] as (...a: unknown[]) => Promise<unknown>)(...(params as unknown[])),
    [name, args] as const,
  ) as Promise<T>;
}

describe.skipIf(!chromiumAvailable)('in headless Chromium', () => {
  beforeAll(async () => {
    harness = await openPage();
  });
  afterAll(async () => {
    await harness?.close();
  });

  const cases: [number, number, boolean][] = [];
  for (const ir of [1, 2, 4]) for (const input of [1, 2]) for (const normalize of [true, false]) cases.push([ir, input, normalize]);

  it.each(cases)('%i-ch IR, %i-ch input, normalize %s: matches ConvolverNode ≥ 80 dB, tail included', async (ir, input, normalize) => {
    const r = await call<{
      errorDb: number;
      fitted: Fitted;
      gainDb: number;
      rightSilent: { native: boolean; ours: boolean };
      tailErrorDb: number;
      tailEnergy: { native: number; ours: number };
    }>('compare', ir, input, normalize);
    console.log(
      `chromium: IR ${ir} ch, input ${input} ch, normalize ${normalize}: error ${r.errorDb.toFixed(1)} dB, ` +
        `after removing a gain of ${r.fitted.gainDb.toFixed(4)} dB ${r.fitted.errorDb.toFixed(1)} dB, tail ${r.tailErrorDb.toFixed(1)} dB`,
    );
    // Chromium normalizes with a calibration of −58 dB (0.0012589) where the spec says 0.00125: our spec-exact
    // normalization is 0.062 dB quieter. So with normalization: gain within 0.1 dB, error ≥ 80 dB down once
    // that constant gain is removed; without: ≥ 80 dB down as is.
    expect(Math.abs(r.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
    if (!normalize) {
      expect(r.errorDb).toBeLessThan(-80);
      expect(r.tailErrorDb).toBeLessThan(-80);
    }
    expect(r.rightSilent.ours).toBe(r.rightSilent.native);
    expect(r.tailEnergy.ours).toBeGreaterThan(0);
  });

  it('IR swap mid-render: no zero block, no jump larger than the signal’s own (native cuts)', async () => {
    const r = await call<Record<'native' | 'ours', { jumpRatio: number; quietestDb: number }>>('swap');
    console.log(`chromium swap: jump ratio ours ${r.ours.jumpRatio.toFixed(2)} vs native ${r.native.jumpRatio.toFixed(2)}; quietest block ours ${r.ours.quietestDb.toFixed(1)} dB, native ${r.native.quietestDb.toFixed(1)} dB`);
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

  it('a buffer set while suspended applies from the first frame after resume()', async () => {
    const r = await call<{ swapFrame: number; before: number; after: number }>('suspendApply');
    expect(r.swapFrame).toBeGreaterThan(0);
    expect(r.before).toBe(0); // no IR: silence
    expect(r.after).toBeLessThan(1e-5); // a unit impulse from the first frame on: the tone itself
  });

  it('runs in a realtime AudioContext and publishes load telemetry through a SharedArrayBuffer', async (test) => {
    const r = await call<{
      telemetry: { meanLoad: number; peakLoad: number; overBudget: number; maxLoad: number } | null;
      errors: string[];
      state: string;
      audioSeconds: number;
      sharedArrayBuffer: boolean;
    }>('realtime');
    console.log(`chromium realtime: state ${r.state}, ${r.audioSeconds.toFixed(2)} s of audio, telemetry ${JSON.stringify(r.telemetry)}`);
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

  it('a source connected after the node has run without input is convolved (process() never returned false)', async () => {
    const r = await call<{ energyAfter: number }>('lateSource');
    expect(r.energyAfter).toBeGreaterThan(0);
  });

  it('Chromium still never calls a processor again after process() returned false (why ours does not)', async () => {
    const r = await call<{ energyAfter: number }>('chromiumFalseIsFinal');
    expect(r.energyAfter).toBe(0);
  });

  it('input that stops (tail decays, engines skipped) and starts again keeps working', async () => {
    const r = await call<{ errorDb: number; secondErrorDb: number; secondEnergy: number }>('restart');
    console.log(`chromium restart: error ${r.errorDb.toFixed(1)} dB, second burst ${r.secondErrorDb.toFixed(1)} dB`);
    expect(r.secondEnergy).toBeGreaterThan(0);
    expect(r.errorDb).toBeLessThan(-80);
    expect(r.secondErrorDb).toBeLessThan(-80);
  });

  it('createConvolverNode on a standardized-audio-context context matches its ConvolverNode', async () => {
    const r = await call<{ errorDb: number; fitted: Fitted }>('standardized');
    console.log(`chromium standardized-audio-context: error ${r.errorDb.toFixed(1)} dB; ${r.fitted.errorDb.toFixed(1)} dB after removing ${r.fitted.gainDb.toFixed(4)} dB (normalization calibration)`);
    expect(Math.abs(r.fitted.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
  });

  it('the Tone.js node matches Tone.Convolver in Tone.Offline', async () => {
    const r = await call<{ errorDb: number; fitted: Fitted; energy: number }>('tone');
    console.log(`chromium Tone.js: error ${r.errorDb.toFixed(1)} dB; ${r.fitted.errorDb.toFixed(1)} dB after removing ${r.fitted.gainDb.toFixed(4)} dB`);
    expect(r.energy).toBeGreaterThan(0);
    expect(Math.abs(r.fitted.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
  });

  it('the Tone.js node loads an IR by URL (load(url)) like Tone.Convolver', async () => {
    const r = await call<{ fitted: Fitted; energy: number }>('toneLoad');
    console.log(`chromium Tone.js load(url): ${r.fitted.errorDb.toFixed(1)} dB after removing ${r.fitted.gainDb.toFixed(4)} dB`);
    expect(r.energy).toBeGreaterThan(0);
    expect(Math.abs(r.fitted.gainDb)).toBeLessThan(0.1);
    expect(r.fitted.errorDb).toBeLessThan(-80);
  });

  it('the Tone.js node keeps Tone.Convolver’s habits: positional url and onload, normalize, rejections', async () => {
    type Render = { fitted: Fitted; energy: number; onloadCalls: number; toneOnloadCalls: number; normalizeRead: boolean };
    const r = await call<{ normalized: Render; raw: Render; readyRejects: string | null; loadRejects: string | null; defaultNormalize: boolean }>('toneHabits');
    console.log(`chromium Tone.js positional url: ${r.normalized.fitted.errorDb.toFixed(1)} dB (normalized), ${r.raw.fitted.errorDb.toFixed(1)} dB (normalize = false)`);
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
