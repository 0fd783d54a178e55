// createConvolverNode: registers the worklet once per context, builds on the AudioWorkletNode it is given
// (node-web-audio-api's here), and resamples IRs of another rate instead of throwing.
import { describe, expect, it } from 'vitest';
import { createConvolverNode } from '../../src/web/create-convolver-node.js';
import { isConvolverWorkletRegistered, registerConvolverWorklet } from '../../src/web/register-convolver-worklet.js';
import { bufferOf, nwa, render, source, RATE } from './offline-helpers.js';
import { workletBundlePath } from './worklet-bundle.js';

describe('createConvolverNode', () => {
  it('registers once per context and resamples a 44.1 kHz IR', async () => {
    const context = new nwa.OfflineAudioContext(2, RATE, RATE);
    const addModule = context.audioWorklet.addModule.bind(context.audioWorklet);
    let loads = 0;
    context.audioWorklet.addModule = (url: string) => {
      loads++;
      return addModule(url);
    };
    const moduleUrl = await workletBundlePath();
    const options = { moduleUrl, AudioWorkletNode: nwa.AudioWorkletNode, disableNormalization: true };
    expect(isConvolverWorkletRegistered(context)).toBe(false);
    const impulse = new Float32Array(441).fill(0.01); // 10 ms at 44.1 kHz
    const node = await createConvolverNode(context as never, { ...options, buffer: bufferOf(context as never, [impulse], 44100) });
    const second = await createConvolverNode(context as never, options);
    await registerConvolverWorklet(context as never, moduleUrl);
    expect(loads).toBe(1);
    expect(isConvolverWorkletRegistered(context)).toBe(true);
    expect(node.resample).toBe(true);
    expect(second.buffer).toBe(null);
    const input = new Float32Array(RATE).fill(1);
    const player = source(context as never, [input]);
    player.connect(node as never);
    node.connect(context.destination as never);
    player.start();
    const out = await render(context as never);
    expect(out[0][RATE / 2]).toBeCloseTo(0.01 * 480, 1); // a resampled constant keeps its level
  });

  it('says what it needs outside a browser', async () => {
    const context = new nwa.OfflineAudioContext(1, 128, RATE);
    await expect(createConvolverNode(context as never, { moduleUrl: await workletBundlePath() })).rejects.toThrow(/options.AudioWorkletNode/);
  });
});
