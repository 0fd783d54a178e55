// ConvolverNode semantics that an AudioWorkletNode does not give for free, written against the spec text
// (https://webaudio.github.io/web-audio-api/#ConvolverNode), checked in node-web-audio-api.
import { describe, expect, it } from 'vitest';
import { noise } from '../helpers/random.js';
import { bufferOf, decayingNoise, energy, errorDb, native, nwa, offlineContext, ours, render, source, RATE, type Context } from './offline-helpers.js';

const unit = (delay = 0) => {
  const h = new Float32Array(delay + 1);
  h[delay] = 1;
  return [h];
};

function expectNotSupported(f: () => unknown, mentions: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DOMException);
  expect((caught as DOMException).name).toBe('NotSupportedError');
  expect((caught as DOMException).message).toMatch(mentions);
}

async function playThrough(context: Context, node: AudioNode, input: Float32Array[]): Promise<Float32Array[]> {
  const player = source(context, input);
  player.connect(node);
  node.connect(context.destination as never);
  player.start();
  return render(context);
}

describe('constructor and setter errors are the spec’s', () => {
  it('NotSupportedError for channelCount > 2 and channelCountMode "max", in the constructor and the setters', async () => {
    const context = await offlineContext(2, 128);
    expectNotSupported(() => ours(context, { channelCount: 3 }), /channelCount 3/);
    expectNotSupported(() => ours(context, { channelCountMode: 'max' }), /'max'/);
    const node = ours(context, {});
    expectNotSupported(() => (node.channelCount = 3), /channelCount 3/);
    expectNotSupported(() => (node.channelCountMode = 'max'), /'max'/);
    expect(node.channelCount).toBe(2);
    expect(node.channelCountMode).toBe('clamped-max');
    expect(node.channelInterpretation).toBe('speakers');
    await render(context); // lets node-web-audio-api end the worklet's thread (an unrendered context keeps it spinning)
  });

  it('NotSupportedError for a buffer of 3 or 5 channels or of another sample rate', async () => {
    const context = await offlineContext(2, 128);
    const node = ours(context, {});
    for (const channels of [3, 5]) {
      const buffer = bufferOf(context, noise(channels, 100, channels));
      expectNotSupported(() => (node.buffer = buffer), new RegExp(`${channels} channels`));
      expectNotSupported(() => ours(context, { buffer }), new RegExp(`${channels} channels`));
    }
    const other = bufferOf(context, noise(1, 100, 1), 44100);
    expectNotSupported(() => (node.buffer = other), /44100 Hz.*48000 Hz/);
    expect(node.buffer).toBe(null);
    await render(context);
  });

  it('bad buffers throw on the main thread with a clear message; the previous IR keeps playing', async () => {
    const context = await offlineContext(1, 4096);
    const good = bufferOf(context, unit(3));
    const node = ours(context, { buffer: good, disableNormalization: true, maxLength: 0.5 });
    const withNaN = noise(1, 100, 2);
    withNaN[0][50] = NaN;
    expect(() => (node.buffer = bufferOf(context, withNaN))).toThrow(/channel 0 has NaN at frame 50/);
    const withInf = noise(2, 100, 2);
    withInf[1][7] = -Infinity;
    expect(() => (node.buffer = bufferOf(context, withInf))).toThrow(/channel 1 has -Infinity at frame 7/);
    expect(() => (node.buffer = bufferOf(context, noise(1, RATE, 3)))).toThrow(/at most maxLength = 0.5 s/);
    // AudioBuffers cannot be empty, but buffer-like objects can.
    const empty = { numberOfChannels: 1, length: 0, sampleRate: RATE, getChannelData: () => new Float32Array(0) };
    expect(() => (node.buffer = empty)).toThrow(/0 frames; expected ≥ 1/);
    expect(() => (node.buffer = {} as never)).toThrow(/expected an AudioBuffer or null/);
    expect(node.buffer).toBe(good);
    const input = noise(1, 2048, 4);
    const [out] = await playThrough(context, node, input);
    // FFT convolution with a unit impulse is exact to float32 rounding.
    for (let n = 3; n < 2048; n++) expect(Math.abs(out[n] - input[0][n - 3])).toBeLessThan(1e-6);
  });
});

describe('buffer semantics', () => {
  it('`buffer` returns the object that was set; null clears to silence', async () => {
    const context = await offlineContext(1, 128);
    const node = ours(context, {});
    const buffer = bufferOf(context, noise(2, 64, 1));
    node.buffer = buffer;
    expect(node.buffer).toBe(buffer);
    node.buffer = null;
    expect(node.buffer).toBe(null);
    await render(context);
    const silent = await offlineContext(1, 8192);
    const cleared = ours(silent, { buffer: bufferOf(silent, unit()) });
    cleared.buffer = null;
    const [out] = await playThrough(silent, cleared, noise(1, 8192, 2));
    expect(energy([out])).toBe(0);
  });

  it('a buffer set after construction, just before startRendering(), applies from frame 0', async () => {
    const context = await offlineContext(1, 4096);
    const node = ours(context, { disableNormalization: true });
    node.buffer = bufferOf(context, unit(5));
    const input = noise(1, 4096, 5);
    const [out] = await playThrough(context, node, input);
    for (let n = 0; n < 5; n++) expect(Math.abs(out[n])).toBeLessThan(1e-6);
    for (let n = 5; n < 4096; n++) expect(Math.abs(out[n] - input[0][n - 5])).toBeLessThan(1e-6);
  });

  it('normalize affects the next buffer only, and matches the native normalization', async () => {
    const ir = decayingNoise(2, 4000, 6);
    const input = noise(2, 8000, 7);
    const renderWith = async (make: (c: Context) => AudioNode & { buffer: AudioBuffer | null; normalize: boolean }) => {
      const context = await offlineContext(2, 12_000);
      const node = make(context);
      node.normalize = false;
      node.buffer = bufferOf(context, ir);
      node.normalize = true; // too late for this buffer
      return playThrough(context, node, input);
    };
    const expected = await renderWith((c) => native(c, {}) as never);
    const actual = await renderWith((c) => ours(c, {}) as never);
    expect(errorDb(actual, expected)).toBeLessThan(-80);
  });

  it('resample: true accepts a buffer of another rate (band-limited resampling to the context rate)', async () => {
    const context = await offlineContext(1, 4096);
    const node = ours(context, { resample: true, disableNormalization: true });
    const dc = new Float32Array(441).fill(0.01); // 10 ms of a constant at 44.1 kHz: sums to ≈ 4.41 → ≈ 4.8 at 48 kHz
    node.buffer = bufferOf(context, [dc], 44100);
    const input = new Float32Array(4096).fill(1);
    const [out] = await playThrough(context, node, [input]);
    // A resampled constant keeps its level, so the step response settles at 0.01 × 480 frames.
    expect(out[2000]).toBeCloseTo(0.01 * 480, 1);
  });
});

describe('channel configurations match the native node', () => {
  const configs: [number, ChannelCountMode, ChannelInterpretation, number, number][] = [
    [1, 'explicit', 'speakers', 2, 2],
    [1, 'clamped-max', 'discrete', 2, 2],
    [1, 'explicit', 'speakers', 4, 2],
    [2, 'explicit', 'discrete', 2, 1],
    [2, 'explicit', 'speakers', 1, 1],
    [2, 'clamped-max', 'discrete', 2, 1],
  ];
  it.each(configs)('channelCount %i, %s, %s, %i-ch IR, %i-ch input', async (channelCount, channelCountMode, channelInterpretation, irChannels, inputChannels) => {
    const ir = decayingNoise(irChannels, 3000, 8);
    const input = noise(inputChannels, 6000, 9);
    const renderWith = async (make: (c: Context, o: object) => AudioNode) => {
      const context = await offlineContext(2, 10_000);
      context.destination.channelInterpretation = 'discrete';
      const node = make(context, { buffer: bufferOf(context, ir), channelCount, channelCountMode, channelInterpretation });
      return playThrough(context, node, input);
    };
    const expected = await renderWith((c, o) => native(c, o) as never);
    const actual = await renderWith((c, o) => ours(c, o));
    expect(errorDb(actual, expected)).toBeLessThan(-80);
  });
});

describe('tail and lifetime', () => {
  it('the tail rings out fully, and input that stops and starts again keeps working', async () => {
    // Two bursts with a gap longer than the IR: in the gap the processor skips its engines (nothing connected,
    // tail decayed) and must still convolve the second burst exactly like the native node.
    const ir = decayingNoise(2, 6000, 12);
    const burst = noise(2, 4800, 13);
    const renderWith = async (make: (c: Context) => AudioNode) => {
      const context = await offlineContext(2, 2 * RATE);
      const node = make(context);
      for (const at of [0, 1]) {
        const player = source(context, burst);
        player.connect(node);
        player.start(at);
      }
      node.connect(context.destination as never);
      return render(context);
    };
    const expected = await renderWith((c) => native(c, { buffer: bufferOf(c, ir) }) as never);
    const actual = await renderWith((c) => ours(c, { buffer: bufferOf(c, ir) }) as never);
    expect(errorDb(actual, expected)).toBeLessThan(-80);
    const second = (x: Float32Array[]) => x.map((d) => d.subarray(RATE));
    expect(energy(second(actual))).toBeGreaterThan(0);
    expect(errorDb(second(actual), second(expected))).toBeLessThan(-80);
  });
});

describe('beyond ConvolverNode', () => {
  it('wet and dry AudioParams (defaults 1 and 0)', async () => {
    const context = await offlineContext(1, 2048);
    const node = ours(context, { buffer: bufferOf(context, unit(1)), disableNormalization: true });
    expect(node.wet.value).toBe(1);
    expect(node.dry.value).toBe(0);
    node.wet.value = 0.5;
    node.dry.value = 0.25;
    const input = noise(1, 2048, 10);
    const [out] = await playThrough(context, node, input);
    for (let n = 1; n < 2048; n++) expect(out[n]).toBeCloseTo(0.5 * input[0][n - 1] + 0.25 * input[0][n], 6);
  });
});
