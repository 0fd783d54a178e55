// The per-block benchmark's page side (bench/per-block.ts drives it): what one 128-frame block costs in an
// OfflineAudioContext — the floor (an empty graph; a bare pass-through AudioWorklet reading two a-rate params,
// the shape of ours without the convolution) beside Chromium's ConvolverNode and ConvolverWorkletNode, for short
// stereo IRs and for many nodes at once. Each call renders one fresh context: a fresh worklet realm, as users get.
import { ConvolverWorkletNode, registerConvolverWorklet } from 'web-convolver';
import { decayingNoise, noise, toBuffer } from './signals.js';

const RATE = 48000; // Hz
const BLOCK = 128; // frames per render quantum

export type PerBlockKind = 'empty' | 'passthrough' | 'native' | 'ours';

/** The floor worklet: copies its input and reads its two a-rate params, as a convolver processor must. */
const PASS_THROUGH = `registerProcessor('bare-pass-through', class extends AudioWorkletProcessor {
  static get parameterDescriptors() {
    return [{ name: 'wet', defaultValue: 1, automationRate: 'a-rate' }, { name: 'dry', defaultValue: 0, automationRate: 'a-rate' }];
  }
  process(inputs, outputs, parameters) {
    const input = inputs[0];
    const output = outputs[0];
    if (parameters.wet[0] === 1 && parameters.dry[0] === 0 && input.length > 0) {
      for (let c = 0; c < output.length; c++) output[c].set(input[c < input.length ? c : 0]);
    }
    return true;
  }
});`;
const passThroughUrl = URL.createObjectURL(new Blob([PASS_THROUGH], { type: 'text/javascript' }));

/**
 * Renders `seconds` of stereo noise through `nodes` parallel nodes of `kind` (a stereo decaying-noise IR of
 * `irFrames` for the convolvers); returns µs of render time per 128-frame block, timed from startRendering()
 * (our nodes' IRs are applied, and their processors warmed up, before that).
 */
export async function perBlock(kind: PerBlockKind, irFrames: number, nodes: number, seconds: number): Promise<number> {
  const frames = seconds * RATE;
  const context = new OfflineAudioContext(2, frames, RATE);
  const source = new AudioBufferSourceNode(context, { buffer: toBuffer(noise(2, frames, 91), RATE) });
  const ir = toBuffer(decayingNoise(2, Math.max(1, irFrames), 92, Math.max(1, irFrames) / 6), RATE);
  if (kind === 'empty') {
    source.connect(context.destination);
  } else {
    if (kind === 'ours') await registerConvolverWorklet(context);
    if (kind === 'passthrough') await context.audioWorklet.addModule(passThroughUrl);
    const applied: Promise<void>[] = [];
    for (let n = 0; n < nodes; n++) {
      let node: AudioNode;
      if (kind === 'native') {
        node = new ConvolverNode(context, { buffer: ir });
      } else if (kind === 'ours') {
        const ours = new ConvolverWorkletNode(context, { buffer: ir });
        applied.push(ours.applied());
        node = ours as unknown as AudioNode;
      } else {
        node = new AudioWorkletNode(context, 'bare-pass-through', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [2] });
      }
      source.connect(node).connect(context.destination);
    }
    await Promise.all(applied);
  }
  source.start();
  const start = performance.now();
  await context.startRendering();
  return ((performance.now() - start) * 1000) / (frames / BLOCK);
}
