// Our ConvolverWorkletNode against node-web-audio-api's native ConvolverNode, in the same OfflineAudioContext
// implementation, for every IR width × input width × normalization: the acceptance matrix.
// The destinations use 'discrete' interpretation, so a mono output lands in the left channel only and an output
// of the wrong width shows as an error, not as an up-mix.
import { describe, expect, it } from 'vitest';
import { noise } from '../helpers/random.js';
import { bufferOf, decayingNoise, energy, errorDb, native, offlineContext, ours, render, source, type Context } from './offline-helpers.js';

const IR_FRAMES = 20_000; // 0.42 s at 48 kHz: spans several partition levels
const INPUT_FRAMES = 24_000;
const RENDER_FRAMES = INPUT_FRAMES + IR_FRAMES + 1000; // the whole tail, then silence

type Make = (context: Context, options: { buffer: AudioBuffer; disableNormalization: boolean }) => AudioNode;

async function renderWith(make: Make, ir: Float32Array[], input: Float32Array[], normalize: boolean): Promise<Float32Array[]> {
  const context = await offlineContext(2, RENDER_FRAMES);
  context.destination.channelInterpretation = 'discrete';
  const node = make(context, { buffer: bufferOf(context, ir), disableNormalization: !normalize });
  const player = source(context, input);
  player.connect(node);
  node.connect(context.destination as never);
  player.start();
  return render(context);
}

describe('ConvolverWorkletNode matches the native ConvolverNode (node-web-audio-api)', () => {
  const cases: [number, number, boolean][] = [];
  for (const irChannels of [1, 2, 4]) for (const inputChannels of [1, 2]) for (const normalize of [true, false]) cases.push([irChannels, inputChannels, normalize]);

  it.each(cases)('%i-channel IR, %i-channel input, normalize %s: error ≥ 80 dB below signal', async (irChannels, inputChannels, normalize) => {
    const ir = decayingNoise(irChannels, IR_FRAMES, 100 + irChannels);
    // Unnormalized noise IRs are loud; scale so the native render stays far from clipping (the destination clamps nothing offline, but keep it realistic).
    if (!normalize) for (const data of ir) for (let i = 0; i < data.length; i++) data[i] *= 0.02;
    const input = noise(inputChannels, INPUT_FRAMES, 200 + inputChannels);
    const expected = await renderWith((c, o) => native(c, o) as AudioNode, ir, input, normalize);
    const actual = await renderWith((c, o) => ours(c, o) as AudioNode, ir, input, normalize);

    const db = errorDb(actual, expected);
    console.log(`IR ${irChannels} ch, input ${inputChannels} ch, normalize ${normalize}: error ${db.toFixed(1)} dB`);
    expect(db).toBeLessThan(-80);
    const gainDb = 10 * Math.log10(energy(actual) / energy(expected));
    expect(Math.abs(gainDb)).toBeLessThan(0.1);
    // Output width: mono only for mono input with a mono IR (the right channel of a 'discrete' destination is silent).
    const monoOut = irChannels === 1 && inputChannels === 1;
    expect(energy([expected[1]]) === 0).toBe(monoOut);
    expect(energy([actual[1]]) === 0).toBe(monoOut);
  });
});
