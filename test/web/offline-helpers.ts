// Shared scaffolding for node-web-audio-api offline renders: contexts, seeded buffers, our node and the
// native ConvolverNode side by side, and the error measure the issue asks for.
import * as nwa from 'node-web-audio-api';
import { convolverWorkletNodeClass, type ConvolverWorkletNodeOptions } from '../../src/web/convolver-worklet-node.js';
import { registerConvolverWorklet } from '../../src/web/register-convolver-worklet.js';
import { noise } from '../helpers/random.js';
import { workletBundlePath } from './worklet-bundle.js';

export { nwa };
export const RATE = 48000; // Hz

type Ctor = Parameters<typeof convolverWorkletNodeClass>[0];
export const ConvolverWorkletNode = convolverWorkletNodeClass(nwa.AudioWorkletNode as unknown as Ctor);

export type Context = InstanceType<typeof nwa.OfflineAudioContext>;

export async function offlineContext(channels: number, frames: number, rate = RATE): Promise<Context> {
  const context = new nwa.OfflineAudioContext(channels, frames, rate);
  await registerConvolverWorklet(context as unknown as BaseAudioContext, await workletBundlePath());
  return context;
}

export function bufferOf(context: Context, channels: Float32Array[], rate = context.sampleRate): AudioBuffer {
  const buffer = new nwa.AudioBuffer({ numberOfChannels: channels.length, length: channels[0].length, sampleRate: rate });
  channels.forEach((data, c) => buffer.copyToChannel(data as Float32Array<ArrayBuffer>, c));
  return buffer as unknown as AudioBuffer;
}

/** A decaying noise IR: a reverb-like tail, seeded. */
export function decayingNoise(channels: number, frames: number, seed: number, decayFrames = frames / 6): Float32Array[] {
  const out = noise(channels, frames, seed);
  for (const data of out) for (let i = 0; i < frames; i++) data[i] *= Math.exp(-i / decayFrames);
  return out;
}

export function source(context: Context, channels: Float32Array[]): AudioBufferSourceNode {
  const node = new nwa.AudioBufferSourceNode(context, { buffer: bufferOf(context, channels) as never });
  return node as unknown as AudioBufferSourceNode;
}

export function ours(context: Context, options: ConvolverWorkletNodeOptions) {
  return new ConvolverWorkletNode(context as unknown as BaseAudioContext, options);
}

export function native(context: Context, options: ConvolverWorkletNodeOptions): ConvolverNode {
  return new nwa.ConvolverNode(context, options as never) as unknown as ConvolverNode;
}

export async function render(context: Context): Promise<Float32Array[]> {
  const rendered = await context.startRendering();
  const out: Float32Array[] = [];
  for (let c = 0; c < rendered.numberOfChannels; c++) out.push(rendered.getChannelData(c).slice());
  return out;
}

const SUSPEND_ATTEMPTS = 5; // fresh contexts tried before a lost suspend() race fails the test
const SUSPEND_SETTLE_MS = 20; // ms given to node-web-audio-api's worker thread to register a suspend()

/**
 * Renders an offline context built by `build`, running `action` while rendering is suspended at `time` (s),
 * then resuming. Why not just `void context.suspend(time).then(…)`: node-web-audio-api registers suspend() on a
 * worker thread that races startRendering() (also on a worker). When rendering wins, suspend() rejects with
 * InvalidStateError ("cannot suspend when rendering has already started"), the action never runs and the
 * rejection goes unhandled. So: give the registration a moment, and when the race is lost anyway (the render
 * itself completes), build a fresh context and try again, up to SUSPEND_ATTEMPTS times.
 */
export async function renderWithActionAt(
  time: number,
  build: () => Promise<{ context: Context; action: () => void }>,
): Promise<Float32Array[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < SUSPEND_ATTEMPTS; attempt++) {
    const { context, action } = await build();
    const suspended = context.suspend(time).then(
      () => {
        action();
        return context.resume().then(() => null);
      },
      (error: unknown) => error, // handled here: the render completes without the action
    );
    await new Promise((done) => setTimeout(done, SUSPEND_SETTLE_MS));
    const out = await render(context);
    const error = await suspended;
    if (error === null) return out;
    lastError = error;
    console.log(`suspend(${time}) lost its race with startRendering() (${String(error)}); again on a fresh context`);
  }
  throw new Error(`suspend(${time}) lost its race with startRendering() ${SUSPEND_ATTEMPTS} times: ${String(lastError)}`);
}

/** 10·log10(error energy / signal energy), over all channels: the "≥ 80 dB below signal" is ≤ −80. */
export function errorDb(actual: Float32Array[], expected: Float32Array[]): number {
  let error = 0;
  let signal = 0;
  for (let c = 0; c < expected.length; c++) {
    for (let i = 0; i < expected[c].length; i++) {
      const d = actual[c][i] - expected[c][i];
      error += d * d;
      signal += expected[c][i] * expected[c][i];
    }
  }
  return 10 * Math.log10(error / signal);
}

export function energy(channels: Float32Array[]): number {
  let sum = 0;
  for (const data of channels) for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
  return sum;
}
