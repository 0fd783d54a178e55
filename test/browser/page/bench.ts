// The browser benchmark: OfflineAudioContext renders of 10 s of stereo noise through Chromium's ConvolverNode
// and through ours, for stereo IRs of 1, 3 and 10 s at 48 kHz; and how long setting a 10 s stereo IR blocks
// the main thread. Times are wall-clock in this page; the load telemetry comes from the processor.
import { ConvolverWorkletNode, PartitionedConvolver, prepareImpulse, registerConvolverWorklet } from 'web-convolver';
import { decayingNoise, noise, toBuffer } from './signals.js';

const RATE = 48000; // Hz
const INPUT_SECONDS = 10;

async function renderSpeed(ours: boolean, ir: AudioBuffer, input: AudioBuffer) {
  const context = new OfflineAudioContext(2, input.length, RATE);
  if (ours) await registerConvolverWorklet(context);
  const setupStart = performance.now();
  const convolver = ours ? new ConvolverWorkletNode(context, { buffer: ir }) : new ConvolverNode(context, { buffer: ir });
  const source = new AudioBufferSourceNode(context, { buffer: input });
  source.connect(convolver).connect(context.destination);
  source.start();
  // Render speed only: ours prepares long IRs in a Worker, so wait until the processor has the IR (the native
  // node prepared it synchronously in the setter above). Setup costs are measured by mainThreadBlocking.
  if (ours) await (convolver as InstanceType<typeof ConvolverWorkletNode>).applied();
  const setupMs = performance.now() - setupStart; // ours: Worker FFTs, processor warm-up, engine state
  const start = performance.now();
  await context.startRendering();
  const seconds = (performance.now() - start) / 1000;
  const telemetry = ours ? (convolver as InstanceType<typeof ConvolverWorkletNode>).telemetry : null;
  return { timesRealTime: input.duration / seconds, telemetry, setupMs };
}

export async function bench(irSeconds: number, inputSeconds = INPUT_SECONDS) {
  const ir = toBuffer(decayingNoise(2, irSeconds * RATE, 61, (irSeconds * RATE) / 6), RATE);
  const input = toBuffer(noise(2, inputSeconds * RATE, 62), RATE);
  const native = await renderSpeed(false, ir, input);
  const ours = await renderSpeed(true, ir, input);
  return {
    irSeconds,
    native: native.timesRealTime,
    ours: ours.timesRealTime,
    ratio: ours.timesRealTime / native.timesRealTime,
    telemetry: ours.telemetry,
    setupMs: { native: native.setupMs, ours: ours.setupMs },
  };
}

/** Milliseconds the `buffer` setter blocks the main thread for a 10 s stereo IR: ours (prepare + post) vs native. */
export async function mainThreadBlocking() {
  const context = new OfflineAudioContext(2, RATE, RATE);
  await registerConvolverWorklet(context);
  const ir = toBuffer(decayingNoise(2, 10 * RATE, 71), RATE);
  const time = (f: () => void) => {
    const start = performance.now();
    f();
    return performance.now() - start;
  };
  const native = new ConvolverNode(context);
  const ours = new ConvolverWorkletNode(context);
  const results = { native: [] as number[], ours: [] as number[] };
  for (let i = 0; i < 3; i++) {
    results.native.push(time(() => (native.buffer = ir)));
    results.ours.push(time(() => (ours.buffer = ir)));
  }
  return { nativeMs: Math.min(...results.native), oursMs: Math.min(...results.ours) };
}

/** The engine alone on this page's main thread, same IR and input length: what the worklet path adds is the rest. */
export function engineAlone(irSeconds: number) {
  const blockSize = 128; // frames
  const ir = decayingNoise(2, irSeconds * RATE, 61, (irSeconds * RATE) / 6);
  const engine = new PartitionedConvolver(prepareImpulse(ir, { blockSize }), { blockSize, inputChannels: 2 });
  const input = noise(2, blockSize, 63);
  const output = [new Float32Array(blockSize), new Float32Array(blockSize)];
  const blocks = (INPUT_SECONDS * RATE) / blockSize;
  const start = performance.now();
  for (let i = 0; i < blocks; i++) engine.process(input, output);
  return { irSeconds, timesRealTime: INPUT_SECONDS / ((performance.now() - start) / 1000) };
}

/**
 * The worklet floor: microseconds per 128-frame block of an offline render of `seconds` of stereo noise through
 * nothing (source → destination), a bare pass-through AudioWorklet, the same with two a-rate AudioParams (as
 * ours has: wet, dry), and the browser's ConvolverNode with a 512-tap stereo IR. Best of `rounds` each.
 */
export async function workletFloor(seconds = 10, rounds = 3) {
  const code = `
    const pass = (inputs, outputs) => {
      const input = inputs[0];
      const output = outputs[0];
      for (let c = 0; c < output.length; c++) if (c < input.length) output[c].set(input[c]);
      return true;
    };
    registerProcessor('floor-pass', class extends AudioWorkletProcessor { process(i, o) { return pass(i, o); } });
    registerProcessor('floor-params', class extends AudioWorkletProcessor {
      static get parameterDescriptors() {
        return [{ name: 'wet', defaultValue: 1, automationRate: 'a-rate' }, { name: 'dry', defaultValue: 0, automationRate: 'a-rate' }];
      }
      process(i, o) { return pass(i, o); }
    });`;
  const moduleUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  const input = toBuffer(noise(2, seconds * RATE, 64), RATE);
  const shortIr = toBuffer(decayingNoise(2, 512, 65), RATE);
  const blocks = (seconds * RATE) / 128;
  const kinds = ['empty', 'pass', 'params', 'native512'] as const;
  const best: Record<(typeof kinds)[number], number> = { empty: Infinity, pass: Infinity, params: Infinity, native512: Infinity };
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const context = new OfflineAudioContext(2, input.length, RATE);
      await context.audioWorklet.addModule(moduleUrl);
      const source = new AudioBufferSourceNode(context, { buffer: input });
      let last: AudioNode = source;
      if (kind === 'pass' || kind === 'params') {
        const node = new AudioWorkletNode(context, kind === 'pass' ? 'floor-pass' : 'floor-params', { outputChannelCount: [2] });
        last = last.connect(node);
      } else if (kind === 'native512') {
        last = last.connect(new ConvolverNode(context, { buffer: shortIr }));
      }
      last.connect(context.destination);
      source.start();
      const start = performance.now();
      await context.startRendering();
      best[kind] = Math.min(best[kind], ((performance.now() - start) * 1000) / blocks);
    }
  }
  return { emptyUs: best.empty, passUs: best.pass, paramsUs: best.params, native512Us: best.native512 };
}
