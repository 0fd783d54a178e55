import { expect, it } from 'vitest';
import { convolve } from '../../src/engine/index.js';
import { measureImpulse } from '../../src/ir/measure-impulse.js';
import { createSweep } from '../../src/ir/sweep.js';

const RATE = 48000; // Hz
const BLOCK = 4096; // frames: the ScriptProcessorNode buffer size measureImpulse asks for

/**
 * A stand-in for a live AudioContext: when the sweep starts it "plays" it through `impulse` with `latency`
 * frames of round-trip delay and delivers the microphone to the recorder in blocks, with the playbackTime a
 * real ScriptProcessorNode reports, starting before the sweep does.
 */
function fakeLiveContext(impulse: Float32Array, latency: number) {
  let sweep = new Float32Array(0);
  const node = () => ({ connect: (next: unknown) => next, disconnect: () => undefined });
  const recorder = { ...node(), onaudioprocess: null as null | ((event: unknown) => void) };
  const context = {
    sampleRate: RATE,
    currentTime: 1.0, // s
    destination: node(),
    createGain: () => ({ ...node(), gain: { value: 1 } }),
    createBuffer: () => ({ copyToChannel: (data: Float32Array) => { sweep = data.slice(); } }),
    createScriptProcessor: () => recorder,
    createBufferSource: () => ({
      ...node(),
      buffer: null,
      start: (when: number) => {
        const [heard] = convolve([sweep], [impulse]);
        const first = Math.round((context.currentTime - when) * RATE) - 2 * BLOCK; // blocks before the sweep
        const drive = (block: number) => {
          if (recorder.onaudioprocess === null) return;
          const start = first + block * BLOCK; // frames from the sweep's start
          const data = new Float32Array(BLOCK).map((_, i) => heard[start + i - latency] ?? 0);
          const inputBuffer = { length: BLOCK, numberOfChannels: 1, getChannelData: () => data };
          recorder.onaudioprocess({ inputBuffer, playbackTime: when + (start + BLOCK) / RATE });
          setImmediate(drive, block + 1);
        };
        setImmediate(drive, 0);
      },
    }),
  };
  return context as unknown as BaseAudioContext;
}

it('live path: the recording is aligned to the sweep start by playbackTime; latency shows as pre-delay', async () => {
  const impulse = new Float32Array(400);
  impulse[0] = 0.8;
  impulse[150] = -0.4;
  impulse[399] = 0.2;
  for (const latency of [0, 333]) {
    const options = { input: { connect: () => undefined, disconnect: () => undefined } as unknown as AudioNode, duration: 1, tail: 0.05 };
    const { impulse: measured, recording } = await measureImpulse(fakeLiveContext(impulse, latency), options);
    expect(recording[0].length).toBe(RATE + 0.05 * RATE);
    const h = measured.getChannelData(0);
    // Each tap comes back at its delay, scaled by the band-limited impulse's peak (sweep ∗ inverse at T,
    // ≈ 0.86 for 20 Hz – 21.6 kHz), within 1 % of full scale.
    const sweep = createSweep({ sampleRate: RATE, duration: 1 });
    const peakGain = convolve([sweep.sweep], [sweep.inverse])[0][sweep.sweep.length - 1];
    for (const [at, value] of [[0, 0.8], [150, -0.4], [399, 0.2]]) expect(Math.abs(h[at + latency] - value * peakGain)).toBeLessThan(0.01);
    let peak = 0;
    for (let i = 0; i < h.length; i++) if (Math.abs(h[i]) > Math.abs(h[peak])) peak = i;
    expect(peak).toBe(latency);
  }
});

it('live path without options.input: opens the microphone itself, raw (no processing), and stops it afterwards', async () => {
  const impulse = new Float32Array([1]);
  const context = fakeLiveContext(impulse, 0) as unknown as Record<string, unknown>;
  const stopped: string[] = [];
  let constraints: unknown = null;
  context.createMediaStreamSource = () => ({ connect: (next: unknown) => next, disconnect: () => undefined });
  const fakeNavigator = {
    mediaDevices: {
      getUserMedia: async (c: unknown) => {
        constraints = c;
        return { getTracks: () => [{ stop: () => stopped.push('track 0') }] };
      },
    },
  };
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: fakeNavigator, configurable: true });
  try {
    await measureImpulse(context as unknown as BaseAudioContext, { duration: 0.25, tail: 0.05 });
  } finally {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
  }
  expect(constraints).toMatchObject({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  expect(stopped).toEqual(['track 0']);
});
