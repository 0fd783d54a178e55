import { describe, expect, it } from 'vitest';
import * as nwa from 'node-web-audio-api';
import { measureImpulse } from '../../src/ir/measure-impulse.js';
import { synthesizeRoom } from '../../src/ir/synth-room.js';
import { butterworth4 } from '../../src/ir/biquad.js';
import { gaussian, mulberry32 } from '../../src/ir/random.js';

const RATE = 48000; // Hz
const SWEEP = 2; // s
const TAIL = 0.25; // s: longer than the known IR

function energy(x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return sum;
}

function bufferOf(channels: Float32Array[]): AudioBuffer {
  const buffer = new nwa.AudioBuffer({ numberOfChannels: channels.length, length: channels[0].length, sampleRate: RATE });
  channels.forEach((data, c) => buffer.copyToChannel(data as Float32Array<ArrayBuffer>, c));
  return buffer as unknown as AudioBuffer;
}

describe('measureImpulse in an OfflineAudioContext (node-web-audio-api)', () => {
  it('measures a ConvolverNode "room" through a noisy path: IR error ≥ 40 dB below the IR', async () => {
    const room = synthesizeRoom({ size: [5, 4, 3], absorption: 0.5, channels: 1, duration: 0.2, source: [1, 2, 1.5], listener: [4, 2.2, 1.4], seed: 3 });
    const known = room.getChannelData(0).slice();
    butterworth4(known, 'highpass', 50, RATE);
    butterworth4(known, 'lowpass', 16000, RATE);
    const frames = Math.round((SWEEP + TAIL) * RATE);
    const context = new nwa.OfflineAudioContext(1, frames, RATE);
    const ctx = context as unknown as BaseAudioContext;
    const convolver = ctx.createConvolver();
    convolver.normalize = false;
    convolver.buffer = bufferOf([known]);
    // Noise 60 dB below the recorded sweep's level (0.5 amplitude sweep through the IR: power ≈ 0.125·Σh²).
    const noiseLevel = Math.sqrt(0.125 * energy(known)) * 1e-3;
    const normal = gaussian(mulberry32(12));
    const noise = new Float32Array(frames).map(() => noiseLevel * normal());
    const noiseSource = ctx.createBufferSource();
    noiseSource.buffer = bufferOf([noise]);
    const microphone = ctx.createGain();
    convolver.connect(microphone);
    noiseSource.connect(microphone);
    noiseSource.start(0);

    const result = await measureImpulse(ctx, { output: convolver, input: microphone, duration: SWEEP, tail: TAIL, harmonics: 2 });
    expect(result.impulse.sampleRate).toBe(RATE);
    expect(result.impulse.length).toBe(Math.round(TAIL * RATE));
    const measured = result.impulse.getChannelData(0);
    let error = 0;
    for (let i = 0; i < known.length; i++) error += (measured[i] - known[i]) ** 2;
    for (let i = known.length; i < measured.length; i++) error += measured[i] ** 2;
    const errorDb = 10 * Math.log10(error / energy(known));
    console.log(`measureImpulse through node-web-audio-api: IR error ${errorDb.toFixed(1)} dB`);
    expect(errorDb).toBeLessThan(-40);
  });

  it('rejects an offline context too short for sweep + tail, and a missing input', async () => {
    const ctx = new nwa.OfflineAudioContext(1, RATE, RATE) as unknown as BaseAudioContext;
    await expect(measureImpulse(ctx, { input: ctx.createGain(), duration: 1, tail: 1 })).rejects.toThrow(
      /OfflineAudioContext has 48000 frames; expected ≥ 96000 \(sweep \+ tail\)/,
    );
    await expect(measureImpulse(ctx, { duration: 0.5, tail: 0.1 })).rejects.toThrow(/options.input is undefined/);
  });
});
