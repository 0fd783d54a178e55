import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { convolve } from '../../src/engine/index.js';
import { calculateNormalizationScale } from '../../src/engine/normalization.js';
import { decodeWav, encodeWav } from '../../src/ir/wav-codec.js';
import { resample } from '../../src/ir/resample.js';
import { ImpulseAudioBuffer } from '../../src/ir/impulse-buffer.js';
import { synthesizeNoiseReverb } from '../../src/ir/synth-noise-reverb.js';
import { noiseChannels, tempDir, writeTemp } from '../ir/wav-files.js';
import { run } from './cli-helpers.js';

const dir = tempDir('render');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INPUT_RATE = 44100; // Hz
const IR_RATE = 48000; // Hz: the IR is resampled to the input's rate
// 1.6 s: longer than one 65536-frame read, so chunk boundaries are crossed.
const input = noiseChannels(2, 70000, 21, 0.5);
const monoInput = [input[0]];
const ir = synthesizeNoiseReverb({ rt60: 0.4, channels: 2, seed: 4, sampleRate: IR_RATE });
const irChannels = [ir.getChannelData(0), ir.getChannelData(1)];
const trueStereo = synthesizeNoiseReverb({ rt60: 0.3, channels: 4, seed: 5, sampleRate: INPUT_RATE });
const inputPath = writeTemp(dir, 'in.wav', encodeWav(input, INPUT_RATE, '32f'));
const monoPath = writeTemp(dir, 'mono.wav', encodeWav(monoInput, INPUT_RATE, '32f'));
const irPath = writeTemp(dir, 'ir.wav', encodeWav(irChannels, IR_RATE, '32f'));
const trueStereoPath = writeTemp(dir, 'ts.wav', encodeWav([0, 1, 2, 3].map((c) => trueStereo.getChannelData(c)), INPUT_RATE, '32f'));
const resampledIr = resample(irChannels, IR_RATE, INPUT_RATE);

/** Error energy of `actual` against `expected`, in dB relative to the energy of `expected`. */
function errorDb(actual: Float32Array[], expected: Float32Array[]): number {
  let error = 0, signal = 0;
  expected.forEach((e, c) => e.forEach((x, i) => { const d = actual[c][i] - x; error += d * d; signal += x * x; }));
  return 10 * Math.log10(error / signal);
}

async function render(args: string[]) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.wav`);
  const result = await run(['render', ...args, '-o', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return decodeWav(readFileSync(out));
}

describe('web-convolver render, end to end against convolve()', () => {
  it('stereo in, stereo 48 kHz IR resampled to 44.1 kHz, no normalization, float output', async () => {
    const out = await render([inputPath, '--ir', irPath, '--no-normalize', '--bits', '32f']);
    const expected = convolve(input, resampledIr);
    expect(out.sampleRate).toBe(INPUT_RATE);
    expect(out.channels.map((c) => c.length)).toEqual([70000 + resampledIr[0].length - 1, 70000 + resampledIr[0].length - 1]);
    expect(errorDb(out.channels, expected)).toBeLessThan(-94.5);
  });

  it('normalizes like ConvolverNode by default and mixes --wet (dB) and --dry', async () => {
    const out = await render([inputPath, '--ir', irPath, '--wet=-6dB', '--dry', '0.5', '--bits', '32f']);
    const scale = calculateNormalizationScale(new ImpulseAudioBuffer(resampledIr, INPUT_RATE)) * 10 ** (-6 / 20);
    const expected = convolve(input, resampledIr.map((c) => c.map((x) => x * scale)));
    expected.forEach((c, ch) => { for (let i = 0; i < input[ch].length; i++) c[i] += 0.5 * input[ch][i]; });
    expect(errorDb(out.channels, expected)).toBeLessThan(-94.5);
  });

  it('mono input with a stereo IR gives stereo; stereo input with a true-stereo IR follows the 4-channel matrix', async () => {
    const mono = await render([monoPath, '--ir', irPath, '--no-normalize', '--bits', '32f']);
    expect(errorDb(mono.channels, convolve(monoInput, resampledIr))).toBeLessThan(-94.5);
    const ts = await render([inputPath, '--ir', trueStereoPath, '--no-normalize', '--bits', '32f']);
    const [ll, lr, rl, rr] = [0, 1, 2, 3].map((c) => trueStereo.getChannelData(c));
    const add = (a: Float32Array, b: Float32Array) => a.map((x, i) => x + b[i]);
    const left = add(convolve([input[0]], [ll])[0], convolve([input[1]], [rl])[0]);
    const right = add(convolve([input[0]], [lr])[0], convolve([input[1]], [rr])[0]);
    expect(errorDb(ts.channels, [left, right])).toBeLessThan(-94.5);
  });

  it('24-bit output differs from the float render by rounding only, 16-bit by TPDF dither only', async () => {
    const float = await render([inputPath, '--ir', irPath, '--bits', '32f']);
    const b24 = await render([inputPath, '--ir', irPath, '--bits', '24']);
    const b16 = await render([inputPath, '--ir', irPath, '--bits', '16']);
    const errorDbfs = (a: Float32Array[], b: Float32Array[]) => {
      let sum = 0, n = 0;
      a.forEach((c, ch) => c.forEach((x, i) => { sum += (x - b[ch][i]) ** 2; n++; }));
      return 10 * Math.log10(sum / n);
    };
    // Rounding: LSB²/12 = −149.3 dBFS at 24 bits. TPDF dither plus rounding: LSB²/4 = −96.3 dBFS at 16 bits (LSB = 2^−15).
    expect(errorDbfs(b24.channels, float.channels)).toBeLessThan(-146);
    expect(errorDbfs(b16.channels, float.channels)).toBeGreaterThan(-98);
    expect(errorDbfs(b16.channels, float.channels)).toBeLessThan(-94.5);
  });

  it('takes a bundled impulse by id', async () => {
    const out = await render([monoPath, '--ir', 'telephone', '--bits', '32f']);
    expect(out.channels).toHaveLength(1);
    expect(out.channels[0].length).toBeGreaterThan(70000);
  });

  it('draws a progress bar on stderr when asked (and on a terminal for long inputs)', async () => {
    const out = join(dir, 'progress.wav');
    const result = await run(['render', inputPath, '--ir', irPath, '-o', out, '--progress']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/rendering \[#+\] 100%\n$/);
    const quiet = await run(['render', inputPath, '--ir', irPath, '-o', out, '-q'], { tty: true });
    expect(quiet.stderr + quiet.stdout).toBe('');
  });

  it('warns when integer output clips', async () => {
    const out = join(dir, 'clip.wav');
    const result = await run(['render', inputPath, '--ir', irPath, '--no-normalize', '--wet', '100', '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: \d+ samples clipped at full scale; use --bits 32f or a lower --wet\n$/);
  });
});
