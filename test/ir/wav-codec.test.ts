import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { decodeWav, encodeWav, type WavBitDepth } from '../../src/ir/wav-codec.js';
import { loadImpulse } from '../../src/ir/load-impulse.js';
import { noiseChannels, tempDir, wavefileBytes, writeTemp } from './wav-files.js';

const dir = tempDir('wav');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Largest decoding error allowed per bit depth: one quantization step of the format (float: exact to float32).
const STEP: Record<string, number> = { '8': 2 / 127, '16': 2 / 32767, '24': 2 / 8388607, '32': 1e-7, '32f': 1e-7, '64': 1e-7 };
const DEPTHS: WavBitDepth[] = ['8', '16', '24', '32', '32f', '64'];

function maxError(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((c, ch) => c.forEach((x, i) => { worst = Math.max(worst, Math.abs(x - b[ch][i])); }));
  return worst;
}

describe('WAV decoding: every common form, written by wavefile to a file, read by loadImpulse', () => {
  for (const depth of DEPTHS) {
    for (const count of [1, 2, 4]) {
      it(`${depth}-bit ${depth.endsWith('f') || depth === '64' ? 'float' : 'PCM'}, ${count} channel(s)`, async () => {
        const signal = noiseChannels(count, 1000, 7 * count + depth.length);
        const path = writeTemp(dir, `v-${depth}-${count}.wav`, wavefileBytes(signal, 44100, depth));
        const buffer = await loadImpulse(path);
        expect([buffer.numberOfChannels, buffer.length, buffer.sampleRate]).toEqual([count, 1000, 44100]);
        const decoded = Array.from({ length: count }, (_, c) => buffer.getChannelData(c));
        expect(maxError(decoded, signal)).toBeLessThanOrEqual(STEP[depth]);
      });
    }
  }

  it('decodes 3-channel WAVs, which loadImpulse then rejects as an IR', async () => {
    const bytes = wavefileBytes(noiseChannels(3, 64, 3), 48000, '16');
    expect(decodeWav(bytes).channels).toHaveLength(3);
    await expect(loadImpulse(bytes)).rejects.toThrow(/3 channels; expected 1 \(mono\), 2 \(stereo\) or 4/);
  });
});

describe('WAV encoding round trip, WAVE_FORMAT_EXTENSIBLE included', () => {
  for (const depth of DEPTHS) {
    for (const extensible of [false, true]) {
      it(`${depth}${extensible ? ' EXTENSIBLE' : ''}`, () => {
        const signal = noiseChannels(2, 777, 11);
        const bytes = encodeWav(signal, 48000, depth, { extensible, dither: false });
        const decoded = decodeWav(bytes);
        expect(decoded.format.extensible).toBe(extensible);
        expect(decoded.sampleRate).toBe(48000);
        expect(maxError(decoded.channels, signal)).toBeLessThanOrEqual(STEP[depth]);
      });
    }
  }

  it('dithers 16-bit output with seeded TPDF noise: reproducible, error ≤ 1.5 LSB, unbiased', () => {
    const signal = [new Float32Array(20000).fill(0.3 / 32768)]; // 0.3 LSB: rounding alone would give 0
    const a = encodeWav(signal, 48000, '16');
    expect(encodeWav(signal, 48000, '16')).toEqual(a);
    const decoded = decodeWav(a).channels[0];
    const mean = decoded.reduce((s, x) => s + x, 0) / decoded.length;
    expect(mean * 32768).toBeCloseTo(0.3, 1);
    expect(maxError([decoded], signal)).toBeLessThanOrEqual(1.5 / 32768);
  });

  it('pads odd-sized data to an even size, as RIFF requires, and the sizes in the header agree', () => {
    const bytes = encodeWav([new Float32Array(3).fill(0.5)], 8000, '8');
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(44 + 3 + 1);
    expect(view.getUint32(4, true)).toBe(bytes.length - 8);
    expect(view.getUint32(40, true)).toBe(3);
    expect(decodeWav(bytes).channels[0]).toHaveLength(3);
  });

  it('clips integer output at full scale instead of wrapping', () => {
    const decoded = decodeWav(encodeWav([new Float32Array([2, -2])], 48000, '16', { dither: false })).channels[0];
    expect(Array.from(decoded)).toEqual([32767 / 32768, -1]);
  });
});
