// Seeded test signals and error measures for the browser page (bundled on its own, from the project's sources).
import { mulberry32 } from '../../../src/ir/random.js';

export { mulberry32 };

export function noise(channels: number, frames: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: channels }, () => Float32Array.from({ length: frames }, () => rand() * 2 - 1));
}

export function decayingNoise(channels: number, frames: number, seed: number, decayFrames = frames / 6): Float32Array[] {
  const out = noise(channels, frames, seed);
  for (const data of out) for (let i = 0; i < frames; i++) data[i] *= Math.exp(-i / decayFrames);
  return out;
}

type Make = (o: { numberOfChannels: number; length: number; sampleRate: number }) => AudioBuffer;

export function toBuffer(channels: Float32Array[], sampleRate: number, make: Make = (o) => new AudioBuffer(o)): AudioBuffer {
  const buffer = make({ numberOfChannels: channels.length, length: channels[0].length, sampleRate });
  channels.forEach((data, c) => buffer.copyToChannel(data as Float32Array<ArrayBuffer>, c));
  return buffer;
}

export function toChannels(buffer: AudioBuffer): Float32Array[] {
  return Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c).slice());
}

export function energy(channels: Float32Array[]): number {
  let sum = 0;
  for (const data of channels) for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
  return sum;
}

export function errorDb(actual: Float32Array[], expected: Float32Array[]): number {
  let error = 0;
  for (let c = 0; c < expected.length; c++) {
    for (let i = 0; i < expected[c].length; i++) error += (actual[c][i] - expected[c][i]) ** 2;
  }
  return 10 * Math.log10(error / energy(expected));
}

/**
 * Error energy re signal after the least-squares gain g (actual ≈ g · expected) is divided out: separates a
 * constant gain difference (Chromium normalizes with −58 dB = 0.0012589, the spec with 0.00125: −0.062 dB)
 * from every other difference.
 */
export function gainFittedErrorDb(actual: Float32Array[], expected: Float32Array[]): { gainDb: number; errorDb: number } {
  let cross = 0;
  for (let c = 0; c < expected.length; c++) for (let i = 0; i < expected[c].length; i++) cross += actual[c][i] * expected[c][i];
  const gain = cross / energy(expected);
  const scaled = actual.map((data) => data.map((v) => v / gain));
  return { gainDb: 20 * Math.log10(gain), errorDb: errorDb(scaled, expected) };
}
