// The engine's entry points take what loadImpulse returns and any AudioBuffer-like, as the README promises,
// and give exactly what the same channels as Float32Arrays give. StreamingConvolver takes its input width from
// the first chunk; misuse throws TypeError/RangeError.
import { describe, expect, it } from 'vitest';
import { PartitionedConvolver, StreamingConvolver, convolve, directConvolve, prepareImpulse } from '../../src/engine/index.js';
import { ImpulseAudioBuffer } from '../../src/ir/impulse-buffer.js';
import { loadImpulse } from '../../src/ir/load-impulse.js';
import { encodeWav } from '../../src/ir/wav-codec.js';
import { noise } from '../helpers/random.js';

const BLOCK = 128; // frames

/** A bare AudioBuffer-like: only what the README promises is read. */
function bufferLike(channels: Float32Array[]) {
  return { numberOfChannels: channels.length, getChannelData: (c: number) => channels[c] };
}

function runBlocks(engine: PartitionedConvolver, input: Float32Array[], blocks: number): Float32Array[] {
  const out = Array.from({ length: engine.outputChannels }, () => new Float32Array(blocks * BLOCK));
  const blockOut = Array.from({ length: engine.outputChannels }, () => new Float32Array(BLOCK));
  for (let b = 0; b < blocks; b++) {
    engine.process(input.map((x) => x.subarray(b * BLOCK, (b + 1) * BLOCK)), blockOut);
    blockOut.forEach((y, c) => out[c].set(y, b * BLOCK));
  }
  return out;
}

describe('engine entry points accept AudioBuffer-likes', () => {
  const ir = noise(2, 3000, 7);
  const input = noise(2, 8 * BLOCK, 8);
  const reference = runBlocks(new PartitionedConvolver(ir), input, 8);

  it.each([
    ['ImpulseAudioBuffer', () => new ImpulseAudioBuffer(ir, 48000)],
    ['a bare { numberOfChannels, getChannelData }', () => bufferLike(ir)],
  ])('new PartitionedConvolver(%s) equals the Float32Array[] form', (_, make) => {
    expect(runBlocks(new PartitionedConvolver(make()), input, 8)).toEqual(reference);
  });

  it('prepareImpulse, convolve and StreamingConvolver take loadImpulse’s result', async () => {
    const wav = encodeWav(ir, 48000, '32f');
    const loaded = await loadImpulse(wav, { normalize: 'none' });
    const channels = [0, 1].map((c) => loaded.getChannelData(c));
    expect(prepareImpulse(loaded).spectra).toEqual(prepareImpulse(channels).spectra);
    const whole = convolve(input, loaded);
    expect(whole).toEqual(convolve(input, channels));
    const stream = new StreamingConvolver(loaded);
    const head = stream.push(input);
    const tail = stream.finish();
    expect(head[0].length + tail[0].length).toBe(input[0].length + ir[0].length - 1);
    // Against the float64 textbook sum: the adapter passed the samples through untouched.
    const exact = directConvolve(input, channels);
    let worst = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < exact[c].length; i++) worst = Math.max(worst, Math.abs(whole[c][i] - exact[c][i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it('an AudioBuffer-like with an unsupported channel count is named', () => {
    expect(() => new PartitionedConvolver(bufferLike(noise(3, 10, 1)))).toThrow(RangeError);
    expect(() => new PartitionedConvolver(bufferLike(noise(3, 10, 1)))).toThrow(/impulse has 3 channels; expected 1, 2 or 4/);
    expect(() => prepareImpulse({ numberOfChannels: 0, getChannelData: () => new Float32Array(1) })).toThrow(/0 channels/);
  });
});

describe('StreamingConvolver takes its input width from the first chunk', () => {
  const monoIr = noise(1, 500, 3);

  it('mono push through a mono IR gives mono output, as convolve() does', () => {
    const stream = new StreamingConvolver(monoIr);
    const x = noise(1, 3000, 4);
    const head = stream.push(x);
    expect(stream.inputChannels).toBe(1);
    expect(stream.outputChannels).toBe(1);
    expect(head).toHaveLength(1);
    const tail = stream.finish();
    expect(tail).toHaveLength(1);
    const whole = new Float32Array(head[0].length + tail[0].length);
    whole.set(head[0]);
    whole.set(tail[0], head[0].length);
    expect(whole).toEqual(convolve(x, monoIr)[0]);
  });

  it('a stereo first chunk gives stereo; a later mono chunk feeds both channels', () => {
    const stream = new StreamingConvolver(monoIr);
    expect(stream.push(noise(2, 100, 5))).toHaveLength(2);
    expect(stream.push(noise(1, 100, 6))).toHaveLength(2);
  });

  it('a wider chunk after a mono first chunk is a RangeError naming both counts', () => {
    const stream = new StreamingConvolver(monoIr);
    stream.push(noise(1, 100, 5));
    expect(() => stream.push(noise(2, 100, 6))).toThrow(RangeError);
    expect(() => stream.push(noise(2, 100, 6))).toThrow(/input has 2 channels; expected at most 1/);
  });

  it('the inputChannels option still fixes the width up front', () => {
    const stream = new StreamingConvolver(monoIr, { inputChannels: 2 });
    expect(stream.outputChannels).toBe(2);
    expect(stream.push(noise(1, 100, 5))).toHaveLength(2);
    expect(() => new StreamingConvolver(monoIr, { inputChannels: 3 as 2 })).toThrow(/inputChannels 3 is not supported; expected 1 or 2/);
  });

  it('push after finish and finish twice are TypeErrors, not plain Errors', () => {
    const stream = new StreamingConvolver(monoIr);
    stream.finish();
    expect(() => stream.push(noise(1, 10, 1))).toThrow(TypeError);
    expect(() => stream.push(noise(1, 10, 1))).toThrow(/push\(\) after finish\(\)/);
    expect(() => stream.finish()).toThrow(TypeError);
  });
});
