// Test helpers: seeded signals and WAV files written by wavefile directly (an encoder independent of ours).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { mulberry32 } from '../../src/ir/random.js';

export function noiseChannels(count: number, frames: number, seed: number, amplitude = 0.9): Float32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const out = new Float32Array(frames);
    for (let i = 0; i < frames; i++) out[i] = amplitude * (2 * random() - 1);
    return out;
  });
}

/** A WAV written by wavefile itself, integers scaled the way wavefile documents for each bit depth. */
export function wavefileBytes(channels: Float32Array[], rate: number, depth: string): Uint8Array {
  const isFloat = depth === '32f' || depth === '64';
  const bits = Number(depth.replace('f', ''));
  const samples = channels.map((c) =>
    Array.from(c, (x) => (isFloat ? x : bits === 8 ? Math.round(x * 127) + 128 : Math.round(x * (2 ** (bits - 1) - 1)))),
  );
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels.length, rate, depth, channels.length === 1 ? samples[0] : samples);
  return wav.toBuffer();
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `web-convolver-${prefix}-`));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
