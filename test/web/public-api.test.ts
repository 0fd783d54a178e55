// What a newcomer types, run in node-web-audio-api: errors that say what to call, buffers that are
// AudioBuffers both ways (loadImpulse with a context, reading `buffer` back), dispose() is final, and the
// class's name survives. The matching compile-time checks are in public-types.test.ts.
import { describe, expect, it } from 'vitest';
import { ConvolverWorkletNode as GlobalConvolverWorkletNode } from '../../src/web/convolver-worklet-node-global.js';
import { convolverWorkletNodeClass } from '../../src/web/convolver-worklet-node.js';
import { createConvolverNode } from '../../src/web/create-convolver-node.js';
import { PartitionedConvolver, convolve } from '../../src/engine/index.js';
import { ImpulseAudioBuffer } from '../../src/ir/impulse-buffer.js';
import { loadImpulse } from '../../src/ir/load-impulse.js';
import { encodeWav } from '../../src/ir/wav-codec.js';
import { noise } from '../helpers/random.js';
import { bufferOf, nwa, offlineContext, ours, render, source, RATE } from './offline-helpers.js';

function caught(f: () => unknown): { name?: string; message?: string } {
  try {
    f();
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected a throw');
}

describe('errors say what to call', () => {
  it('forgetting registerConvolverWorklet: InvalidStateError naming registerConvolverWorklet', () => {
    const context = new nwa.OfflineAudioContext(1, 128, RATE); // no module registered
    const Node = convolverWorkletNodeClass(nwa.AudioWorkletNode as never);
    const error = caught(() => new Node(context as never, {}));
    expect(error.name).toBe('InvalidStateError');
    expect(error.message).toMatch(/registerConvolverWorklet\(context\)/);
    expect(error.message).toMatch(/createConvolverNode/);
    expect((error as { cause?: { name?: string } }).cause?.name).toBe('InvalidStateError'); // the implementation's
  });

  it('in Node, the global ConvolverWorkletNode names node-web-audio-api’s AudioWorkletNode', () => {
    const error = caught(() => new GlobalConvolverWorkletNode({} as BaseAudioContext));
    expect(error.name).toBe('TypeError');
    expect(error.message).toMatch(/import \{ AudioWorkletNode \} from 'node-web-audio-api'/);
    expect(error.message).toMatch(/createConvolverNode\(context, \{ AudioWorkletNode \}\)/);
  });

  it('createConvolverNode without the class names it too', async () => {
    const context = new nwa.OfflineAudioContext(1, 128, RATE);
    await expect(createConvolverNode(context as never)).rejects.toThrow(/import \{ AudioWorkletNode \} from 'node-web-audio-api'/);
  });

  it('setting buffer after dispose() is an InvalidStateError naming dispose', async () => {
    const context = await offlineContext(1, 128);
    const node = ours(context, {});
    node.dispose();
    const error = caught(() => (node.buffer = bufferOf(context, [Float32Array.of(1)])));
    expect(error.name).toBe('InvalidStateError');
    expect(error.message).toMatch(/after dispose\(\)/);
    expect(() => (node.buffer = null)).toThrow(/after dispose\(\)/);
  });

  it('the class keeps its name', async () => {
    const context = await offlineContext(1, 128);
    expect(ours(context, {}).constructor.name).toBe('ConvolverWorkletNode');
    expect(new ImpulseAudioBuffer([Float32Array.of(1)], RATE).constructor.name).toBe('ImpulseAudioBuffer');
  });
});

describe('buffers are AudioBuffers where ConvolverNode’s are', () => {
  const ir = noise(2, 2000, 3);
  const wav = () => encodeWav(ir, RATE, '32f');

  it('loadImpulse with a context returns that implementation’s AudioBuffer: ConvolverNode and the engine take it', async () => {
    const context = await offlineContext(2, 4096);
    const buffer = await loadImpulse(wav(), { context: context as unknown as BaseAudioContext });
    expect(buffer).toBeInstanceOf(nwa.AudioBuffer);
    expect(buffer.sampleRate).toBe(RATE);
    expect(buffer.getChannelData(1)).toEqual(ir[1]);
    const native = new nwa.ConvolverNode(context, { buffer: buffer as never, disableNormalization: true });
    const input = noise(2, 1024, 4);
    const player = source(context, input);
    player.connect(native);
    native.connect(context.destination);
    player.start();
    const out = await render(context);
    const expected = convolve(input, buffer); // the engine takes the same object
    let worst = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < 1024; i++) worst = Math.max(worst, Math.abs(out[c][i] - expected[c][i]));
    expect(worst).toBeLessThan(1e-4);
    expect(new PartitionedConvolver(buffer).impulseChannels).toBe(2);
  });

  it('reading back a buffer set as an AudioBuffer-like gives an AudioBuffer a native node accepts', async () => {
    const context = await offlineContext(2, 128);
    const node = ours(context, {});
    const like = new ImpulseAudioBuffer(ir.map((c) => c.slice()), RATE);
    node.buffer = like;
    const read = node.buffer;
    expect(read).toBeInstanceOf(nwa.AudioBuffer);
    expect(read).toBe(node.buffer); // made once
    expect(read?.getChannelData(0)).toEqual(ir[0]);
    const native = new nwa.ConvolverNode(context);
    native.buffer = read as never;
    expect((native.buffer as unknown as AudioBuffer | null)?.length).toBe(2000);
    const real = bufferOf(context, ir);
    node.buffer = real;
    expect(node.buffer).toBe(real); // a real AudioBuffer comes back as itself, as ConvolverNode's does
  });
});
