// The browser test page. It imports the package by name, as an app would, and Vite bundles it from the built
// dist (aliased by the test runner), so the worklet module is found the way users' bundlers find it.
// Exposes `window.suite`; test/browser/browsers.test.ts drives it in Chromium (playwright-core) and Firefox (puppeteer-core).
import { ConvolverWorkletNode, createConvolverNode, registerConvolverWorklet } from 'web-convolver';
import { ConvolverReverb } from 'web-convolver/tone';
import * as sac from 'standardized-audio-context';
import * as Tone from 'tone';
import { bench, engineAlone, mainThreadBlocking, workletFloor } from './bench.js';
import './lifecycle.js'; // window.lifecycle: the lifecycle-at-scale suite
import { constructionPulse, irChange, irChanges, streamedTail, webPlatformChecks } from './ir-change.js';
import { perBlock } from './per-block.js';
import { decayingNoise, errorDb, energy, gainFittedErrorDb, noise, toChannels, toBuffer } from './signals.js';

const RATE = 48000; // Hz

type Kind = 'native' | 'ours';

/**
 * Renders `context`, running `action` while it is suspended at `time` (s). A failed suspend() or resume()
 * fails the render with its own error instead of surfacing as an unhandled rejection and a puzzling result.
 */
async function renderWithActionAt(context: OfflineAudioContext, time: number, action: () => void): Promise<AudioBuffer> {
  const suspended = context.suspend(time).then(() => {
    action();
    return context.resume();
  });
  const [rendered] = await Promise.all([context.startRendering(), suspended]);
  return rendered;
}

async function node(kind: Kind, context: OfflineAudioContext, options: ConvolverOptions): Promise<AudioNode & { buffer: AudioBuffer | null }> {
  if (kind === 'native') return new ConvolverNode(context, options);
  await registerConvolverWorklet(context);
  return new ConvolverWorkletNode(context, options) as unknown as AudioNode & { buffer: AudioBuffer | null };
}

async function renderThrough(kind: Kind, ir: Float32Array[], input: Float32Array[], normalize: boolean, frames: number) {
  const context = new OfflineAudioContext(2, frames, RATE);
  context.destination.channelInterpretation = 'discrete'; // a mono output stays in the left channel
  const convolver = await node(kind, context, { buffer: toBuffer(ir, RATE), disableNormalization: !normalize });
  const source = new AudioBufferSourceNode(context, { buffer: toBuffer(input, RATE) });
  source.connect(convolver).connect(context.destination);
  source.start();
  return toChannels(await context.startRendering());
}

/** Ours vs Chromium's ConvolverNode: error energy re signal, gain difference, output widths, tail energy. */
async function compare(irChannels: number, inputChannels: number, normalize: boolean) {
  const irFrames = 24_000;
  const inputFrames = 24_000;
  const ir = decayingNoise(irChannels, irFrames, 10 + irChannels);
  if (!normalize) for (const data of ir) data.forEach((v, i) => (data[i] = v * 0.02));
  const input = noise(inputChannels, inputFrames, 20 + inputChannels);
  const frames = inputFrames + irFrames + 2048;
  const expected = await renderThrough('native', ir, input, normalize, frames);
  const actual = await renderThrough('ours', ir, input, normalize, frames);
  const rightSilent = { native: energy([expected[1]]) === 0, ours: energy([actual[1]]) === 0 };
  // Firefox: ours outputs a mono result as L = R (channel-config.ts); then compare the left channels only.
  const rightIsLeft = !rightSilent.ours && actual[1].every((v, i) => v === actual[0][i]);
  const a = rightSilent.native && rightIsLeft ? [actual[0]] : actual;
  const e = rightSilent.native && rightIsLeft ? [expected[0]] : expected;
  const tail = (x: Float32Array[]) => energy(x.map((d) => d.subarray(inputFrames)));
  return {
    errorDb: errorDb(a, e),
    fitted: gainFittedErrorDb(a, e),
    gainDb: 10 * Math.log10(energy(a) / energy(e)),
    rightSilent,
    rightIsLeft,
    tailErrorDb: errorDb(a.map((d) => d.subarray(inputFrames)), e.map((d) => d.subarray(inputFrames))),
    // channels the native node leaves silent (mono output to a discrete destination) have no error ratio
    tailErrorDbPerChannel: a.flatMap((d, c) => (energy([e[c]]) > 0 ? [errorDb([d.subarray(inputFrames)], [e[c].subarray(inputFrames)])] : [])),
    tailEnergy: { native: tail(e), ours: tail(a) },
  };
}

/**
 * A recorded IR (served from ../shared/impulses at /impulses/), decoded by this browser at 48 kHz: ours
 * against the browser's ConvolverNode, unnormalized (the browsers' normalization constants differ from the
 * spec's), 1 s of noise of `inputChannels` then the whole tail. Errors per channel, and of the tail alone.
 */
async function recorded(file: string, inputChannels: number) {
  const response = await fetch(`./impulses/${file}`);
  if (!response.ok) throw new Error(`./impulses/${file}: HTTP ${response.status}`);
  const ir = toChannels(await new OfflineAudioContext(1, 1, RATE).decodeAudioData(await response.arrayBuffer()));
  const inputFrames = RATE;
  const input = noise(inputChannels, inputFrames, 30 + inputChannels);
  const frames = inputFrames + ir[0].length + 2048;
  const expected = await renderThrough('native', ir, input, false, frames);
  const actual = await renderThrough('ours', ir, input, false, frames);
  const tail = (x: Float32Array[]) => x.map((d) => d.subarray(inputFrames));
  const widths = { native: energy([expected[1]]) === 0 ? 1 : 2, ours: energy([actual[1]]) === 0 ? 1 : 2 };
  return {
    irChannels: ir.length,
    irSeconds: ir[0].length / RATE,
    widths,
    errorDb: errorDb(actual, expected),
    channelErrorDb: expected.map((d, c) => errorDb([actual[c]], [d])),
    tailErrorDb: errorDb(tail(actual), tail(expected)),
    tailChannelErrorDb: expected.map((d, c) => errorDb([actual[c].subarray(inputFrames)], [d.subarray(inputFrames)])),
  };
}

/**
 * The input and output widths a bare pass-through processor is handed, block by block, while a stereo source
 * plays 0.25 s and after it ends: Firefox narrows both once the source ends (0 input channels, 1 output
 * channel); Chromium keeps 2. Why a mono-IR node holds 2 channels in Firefox (src/web/channel-config.ts).
 */
async function idleWidths(options: AudioWorkletNodeOptions = {}) {
  const code = `registerProcessor('widths', class extends AudioWorkletProcessor {
    constructor() { super(); this.last = ''; this.changes = []; this.block = 0; }
    process(inputs, outputs) {
      const widths = inputs[0].length + '/' + outputs[0].length;
      if (widths !== this.last) {
        this.changes.push(this.block + ':' + widths);
        this.last = widths;
        this.port.postMessage(this.changes.join(' '));
      }
      this.block++;
      return true;
    }
  });`;
  const context = new OfflineAudioContext(2, RATE / 2, RATE);
  await context.audioWorklet.addModule(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  const node = new AudioWorkletNode(context, 'widths', options);
  let changes = '';
  node.port.onmessage = (event: MessageEvent<string>) => (changes = event.data);
  const source = new AudioBufferSourceNode(context, { buffer: toBuffer(noise(2, RATE / 4, 5), RATE) });
  source.connect(node).connect(context.destination);
  source.start();
  await context.startRendering();
  for (let waited = 0; waited < 2000 && !changes.includes(' '); waited += 20) await new Promise((done) => setTimeout(done, 20));
  // "block:in/out" at each change; the first while the source plays, the last once it has ended
  const list = changes.split(' ');
  const parse = (entry: string) => entry.split(':')[1].split('/').map(Number);
  return { changes, playing: parse(list[0]), ended: parse(list[list.length - 1]) };
}

/**
 * A one-second mono OfflineAudioContext with a pass-through processor that returns false whenever it has no
 * input (the spec's "no longer needed" signal), connected to the destination.
 */
async function passOrStopNode() {
  const code = `registerProcessor('pass-or-stop', class extends AudioWorkletProcessor {
    process(inputs, outputs) {
      if (inputs[0].length === 0) return false;
      outputs[0][0].set(inputs[0][0]);
      return true;
    }
  });`;
  const context = new OfflineAudioContext(1, RATE, RATE);
  await context.audioWorklet.addModule(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  return { context, node: new AudioWorkletNode(context, 'pass-or-stop') };
}

/**
 * A processor that returns false while it has no input, with a source scheduled to start at 0.25 s (no
 * suspend needed, so this runs in Firefox): the spec keeps calling process() when input returns, and Firefox
 * does. (Chromium hands the not-yet-started source as channels of silence: the processor never returns false.)
 */
async function falseThenInput() {
  const { context, node } = await passOrStopNode();
  node.connect(context.destination);
  const tone = new OscillatorNode(context, { frequency: 220 });
  tone.connect(node);
  tone.start(0.25);
  const [out] = toChannels(await context.startRendering());
  return { energyAfter: energy([out.subarray(RATE / 2)]) };
}

/** Our node with its IR, a source scheduled at 0.25 s (no suspend: every browser): convolved once it starts. */
async function lateSourceScheduled() {
  const context = new OfflineAudioContext(1, RATE, RATE);
  await registerConvolverWorklet(context);
  const convolver = new ConvolverWorkletNode(context, { buffer: toBuffer([Float32Array.of(1)], RATE), disableNormalization: true });
  convolver.connect(context.destination);
  const tone = new OscillatorNode(context, { frequency: 220 });
  tone.connect(convolver);
  tone.start(0.25);
  const [out] = toChannels(await context.startRendering());
  return { energyBefore: energy([out.subarray(0, RATE / 4)]), energyAfter: energy([out.subarray(RATE / 2)]) };
}

/** A 220 Hz tone, IR swapped at 1.5 s (suspend/resume): jump near the swap over the largest jump elsewhere. */
async function swap() {
  const swapAt = 1.5; // s: Chromium suspends at the block containing this time
  const result: Record<string, { jumpRatio: number; quietestDb: number; swapFrame: number }> = {};
  for (const kind of ['native', 'ours'] as Kind[]) {
    const context = new OfflineAudioContext(2, 2.5 * RATE, RATE);
    const a = toBuffer(decayingNoise(2, 24_000, 31), RATE);
    const b = toBuffer(decayingNoise(2, 24_000, 32, 8000), RATE);
    const convolver = await node(kind, context, { buffer: a });
    const tone = new OscillatorNode(context, { frequency: 220 });
    tone.connect(convolver).connect(context.destination);
    tone.start();
    let swapFrame = 0;
    const out = toChannels(
      await renderWithActionAt(context, swapAt, () => {
        swapFrame = Math.round(context.currentTime * RATE);
        convolver.buffer = b;
      }),
    );
    result[kind] = { ...jumpAnalysisBetween(out, swapFrame, swapFrame), swapFrame };
  }
  return result;
}

/**
 * The swap on a realtime AudioContext (Firefox has no OfflineAudioContext.suspend): a 220 Hz tone through IR a,
 * IR b set at 1.5 s of audio, 2.5 s recorded after the node by a worklet indexed by the context's frame. The
 * swap lands between the setter and the processor's acknowledgement: the window searched spans both, ±0.1 s.
 */
async function swapRealtime() {
  const recorderCode = `registerProcessor('swap-recorder', class extends AudioWorkletProcessor {
    constructor(options) {
      super();
      this.frames = options.processorOptions.frames;
      this.data = [new Float32Array(this.frames), new Float32Array(this.frames)];
      this.done = false;
    }
    process(inputs) {
      const input = inputs[0];
      if (this.done || input.length === 0) return true;
      const at = currentFrame;
      for (let c = 0; c < 2; c++) {
        const from = input[Math.min(c, input.length - 1)];
        for (let i = 0; i < from.length && at + i < this.frames; i++) this.data[c][at + i] = from[i];
      }
      if (at + 128 >= this.frames) {
        this.done = true;
        this.port.postMessage(this.data);
      }
      return true;
    }
  });`;
  const frames = 2.5 * RATE;
  const result: Record<string, { jumpRatio: number; quietestDb: number; setFrame: number; appliedFrame: number }> = {};
  for (const kind of ['native', 'ours'] as Kind[]) {
    const context = new AudioContext({ sampleRate: RATE });
    await context.audioWorklet.addModule(URL.createObjectURL(new Blob([recorderCode], { type: 'text/javascript' })));
    const a = toBuffer(decayingNoise(2, 24_000, 31), RATE);
    const b = toBuffer(decayingNoise(2, 24_000, 32, 8000), RATE);
    const convolver = kind === 'native' ? new ConvolverNode(context, { buffer: a }) : await createConvolverNode(context, { buffer: a });
    if (kind === 'ours') await (convolver as InstanceType<typeof ConvolverWorkletNode>).applied();
    const recorder = new AudioWorkletNode(context, 'swap-recorder', { processorOptions: { frames }, outputChannelCount: [1] });
    const recorded = new Promise<Float32Array[]>((done) => (recorder.port.onmessage = (event) => done(event.data)));
    const tone = new OscillatorNode(context, { frequency: 220 });
    tone.connect(convolver).connect(recorder).connect(context.destination);
    const startAt = context.currentTime + 0.05;
    tone.start(startAt);
    await context.resume();
    const startFrame = Math.round(startAt * RATE);
    while (context.currentTime < startAt + 1.5) await new Promise((done) => setTimeout(done, 5));
    const setFrame = Math.round(context.currentTime * RATE);
    convolver.buffer = b;
    if (kind === 'ours') await (convolver as InstanceType<typeof ConvolverWorkletNode>).applied();
    const appliedFrame = Math.round(context.currentTime * RATE) + 128;
    const out = (await recorded).map((d) => d.subarray(startFrame + 128, startFrame + frames - 0.3 * RATE));
    await context.close();
    const offset = startFrame + 128;
    result[kind] = { ...jumpAnalysisBetween(out, setFrame - offset, appliedFrame - offset), setFrame, appliedFrame };
  }
  return result;
}

/**
 * Clicks around a swap known to lie between two frames (the same frame when known exactly): the largest
 * sample-to-sample jump within ±0.1 s of them against the largest elsewhere, and the quietest block there
 * against the 0.5 s before.
 */
function jumpAnalysisBetween(out: Float32Array[], from: number, to: number) {
  const margin = 0.1 * RATE; // frames
  let near = 0;
  let elsewhere = 0;
  for (const data of out) {
    for (let n = 1; n < data.length; n++) {
      const jump = Math.abs(data[n] - data[n - 1]);
      if (n >= from - margin && n <= to + margin) near = Math.max(near, jump);
      else elsewhere = Math.max(elsewhere, jump);
    }
  }
  const rms = (a: number, b: number) => Math.sqrt(energy(out.map((d) => d.subarray(a, b))) / (out.length * (b - a)));
  const reference = rms(from - 24_000, from);
  let quietest = Infinity;
  for (let n = from - margin; n < to + margin; n += 128) quietest = Math.min(quietest, rms(n, n + 128));
  return { jumpRatio: near / elsewhere, quietestDb: 20 * Math.log10(quietest / reference) };
}

/**
 * IRs set in a row apply in the order set, although the long one is prepared in a Worker and the short one on
 * the main thread: long → short → render must play the short one (a unit impulse: output = input), from frame 0.
 */
async function ordering() {
  const context = new OfflineAudioContext(1, 8192, RATE);
  await registerConvolverWorklet(context);
  const convolver = new ConvolverWorkletNode(context, { disableNormalization: true });
  convolver.buffer = toBuffer(decayingNoise(2, 3 * RATE, 91), RATE); // → Worker
  convolver.buffer = toBuffer([Float32Array.of(1)], RATE); // → main thread, must still come last
  const input = noise(1, 8192, 92);
  const source = new AudioBufferSourceNode(context, { buffer: toBuffer(input, RATE) });
  source.connect(convolver).connect(context.destination);
  source.start();
  const [out] = toChannels(await context.startRendering());
  let worst = 0;
  for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - input[0][i]));
  return { worst };
}

/** createConvolverNode on a native context: default module URL, default AudioWorkletNode, resampling on. */
async function createNative() {
  const context = new OfflineAudioContext(1, RATE / 2, RATE);
  const impulse = new Float32Array(441).fill(0.01); // 10 ms at 44.1 kHz: a box that sums to ≈ 4.8 at 48 kHz
  const convolver = await createConvolverNode(context, { buffer: toBuffer([impulse], 44100), disableNormalization: true });
  const source = new ConstantSourceNode(context, { offset: 1 });
  source.connect(convolver).connect(context.destination);
  source.start();
  const [out] = toChannels(await context.startRendering());
  return { settled: out[RATE / 4], isWorkletNode: convolver instanceof AudioWorkletNode };
}

/**
 * A buffer set while an OfflineAudioContext is suspended applies from the first frame after resume(), as
 * ConvolverNode's does, although it travels by port message (and a long one through a Worker).
 */
async function suspendApply() {
  const context = new OfflineAudioContext(1, RATE, RATE);
  await registerConvolverWorklet(context);
  const convolver = new ConvolverWorkletNode(context, { disableNormalization: true });
  const tone = new OscillatorNode(context, { frequency: 220 });
  tone.connect(convolver).connect(context.destination);
  tone.start();
  let swapFrame = -1;
  const impulse = new Float32Array(RATE / 2); // long enough to go through the Worker
  impulse[0] = 1;
  const [out] = toChannels(
    await renderWithActionAt(context, 0.5, () => {
      swapFrame = Math.round(context.currentTime * RATE);
      convolver.buffer = toBuffer([impulse], RATE);
    }),
  );
  const reference = new OfflineAudioContext(1, RATE, RATE);
  const referenceTone = new OscillatorNode(reference, { frequency: 220 });
  referenceTone.connect(reference.destination);
  referenceTone.start();
  const [toneOut] = toChannels(await reference.startRendering());
  let before = 0;
  let after = 0;
  for (let n = 0; n < swapFrame; n++) before = Math.max(before, Math.abs(out[n]));
  for (let n = swapFrame; n < out.length; n++) after = Math.max(after, Math.abs(out[n] - toneOut[n]));
  return { swapFrame, before, after };
}

/**
 * A realtime AudioContext: the processor runs at the audio clock, the telemetry (SharedArrayBuffer:
 * this page is cross-origin isolated) fills in, no processor error; then dispose().
 */
async function realtime() {
  const context = new AudioContext({ sampleRate: RATE });
  await context.resume();
  const errors: string[] = [];
  const convolver = await createConvolverNode(context, { buffer: toBuffer(decayingNoise(2, RATE, 101), RATE) });
  convolver.onconvolvererror = (message) => errors.push(message);
  const tone = new OscillatorNode(context, { frequency: 220 });
  tone.connect(convolver).connect(context.destination);
  tone.start();
  // The first window is published after 100 ms of audio; the machine may be busy: wait up to 15 s for it.
  for (let waited = 0; convolver.telemetry === null && waited < 15_000; waited += 50) {
    await new Promise((done) => setTimeout(done, 50));
  }
  const telemetry = convolver.telemetry;
  const state = context.state;
  const audioSeconds = context.currentTime; // whether the device clock ran at all
  convolver.dispose();
  tone.stop();
  await context.close();
  return { telemetry, errors, state, audioSeconds, sharedArrayBuffer: typeof SharedArrayBuffer === 'function' && crossOriginIsolated };
}

/**
 * The node exists and runs (no input, no IR) before a source is connected — the usual order in apps. Chromium
 * never calls a processor again after process() returned false, so ours must not return false then.
 */
async function lateSource() {
  const context = new OfflineAudioContext(1, RATE, RATE);
  await registerConvolverWorklet(context);
  const convolver = new ConvolverWorkletNode(context, { disableNormalization: true });
  convolver.connect(context.destination);
  const [out] = toChannels(
    await renderWithActionAt(context, 0.25, () => {
      convolver.buffer = toBuffer([Float32Array.of(1)], RATE);
      const tone = new OscillatorNode(context, { frequency: 220 });
      tone.connect(convolver);
      tone.start();
    }),
  );
  return { energyAfter: energy([out.subarray(RATE / 2)]) };
}

/**
 * The Chromium behaviour behind keepAlive(): a pass-through processor that returns false while it has no input
 * is never called again, so a source connected later stays silent. If this ever returns energy, Chromium has
 * changed and ConvolverProcessor could again return false when unconnected (letting idle nodes be collected).
 */
async function chromiumFalseIsFinal() {
  const { context, node } = await passOrStopNode();
  node.connect(context.destination);
  const [out] = toChannels(
    await renderWithActionAt(context, 0.25, () => {
      const tone = new OscillatorNode(context, { frequency: 220 });
      tone.connect(node);
      tone.start();
    }),
  );
  return { energyAfter: energy([out.subarray(RATE / 2)]) };
}

/** Two bursts with a gap longer than the IR (the processor skips its engines in the gap): both convolved as natively. */
async function restart() {
  const ir = decayingNoise(2, 6000, 81);
  const burst = toBuffer(noise(2, 4800, 82), RATE);
  const run = async (kind: Kind) => {
    const context = new OfflineAudioContext(2, 2 * RATE, RATE);
    const convolver = await node(kind, context, { buffer: toBuffer(ir, RATE), disableNormalization: true });
    for (const at of [0, 1]) {
      const player = new AudioBufferSourceNode(context, { buffer: burst });
      player.connect(convolver);
      player.start(at);
    }
    convolver.connect(context.destination);
    return toChannels(await context.startRendering());
  };
  const expected = await run('native');
  const actual = await run('ours');
  const second = (x: Float32Array[]) => x.map((d) => d.subarray(RATE));
  return { errorDb: errorDb(actual, expected), secondErrorDb: errorDb(second(actual), second(expected)), secondEnergy: energy(second(actual)) };
}

/** createConvolverNode on a standardized-audio-context OfflineAudioContext, against its ConvolverNode. */
async function standardized() {
  const ir = decayingNoise(2, 12_000, 41);
  const input = noise(2, 12_000, 42);
  const frames = 26_000;
  const run = async (ours: boolean) => {
    const context = new sac.OfflineAudioContext({ numberOfChannels: 2, length: frames, sampleRate: RATE });
    const buffer = toBuffer(ir, RATE, (o) => new sac.AudioBuffer(o) as unknown as AudioBuffer);
    const convolver = ours
      ? await createConvolverNode(context as never, { buffer, AudioWorkletNode: sac.AudioWorkletNode })
      : new sac.ConvolverNode(context, { buffer: buffer as never });
    const source = new sac.AudioBufferSourceNode(context, { buffer: toBuffer(input, RATE, (o) => new sac.AudioBuffer(o) as unknown as AudioBuffer) as never });
    source.connect(convolver as never);
    (convolver as unknown as sac.IAudioNode<sac.IOfflineAudioContext>).connect(context.destination);
    source.start();
    return toChannels((await context.startRendering()) as unknown as AudioBuffer);
  };
  const expected = await run(false);
  const actual = await run(true);
  return { errorDb: errorDb(actual, expected), fitted: gainFittedErrorDb(actual, expected) };
}

/** The Tone.js node in Tone.Offline, against Tone's own Convolver with the same IR. */
async function tone() {
  const ir = decayingNoise(2, 12_000, 51);
  const input = noise(2, 12_000, 52);
  const duration = 0.6; // s
  const run = async (ours: boolean) => {
    const rendered = await Tone.Offline(async () => {
      const irBuffer = new Tone.ToneAudioBuffer(toBuffer(ir, RATE, (o) => Tone.getContext().createBuffer(o.numberOfChannels, o.length, o.sampleRate)));
      const player = new Tone.Player(new Tone.ToneAudioBuffer(toBuffer(input, RATE, (o) => Tone.getContext().createBuffer(o.numberOfChannels, o.length, o.sampleRate))));
      if (ours) {
        const reverb = new ConvolverReverb({ url: irBuffer.get() });
        await reverb.ready;
        player.connect(reverb);
        reverb.toDestination();
      } else {
        const reverb = new Tone.Convolver(irBuffer);
        player.connect(reverb);
        reverb.toDestination();
      }
      player.start(0);
    }, duration, 2, RATE);
    return toChannels(rendered.get() as AudioBuffer);
  };
  const expected = await run(false);
  const actual = await run(true);
  return { errorDb: errorDb(actual, expected), fitted: gainFittedErrorDb(actual, expected), energy: energy(actual) };
}

/** ConvolverReverb.load(url) (the IR file the harness serves) against Tone.Convolver loading the same URL. */
async function toneLoad() {
  const input = noise(2, 12_000, 53);
  const run = async (ours: boolean) => {
    const rendered = await Tone.Offline(async () => {
      const player = new Tone.Player(new Tone.ToneAudioBuffer(toBuffer(input, RATE, (o) => Tone.getContext().createBuffer(o.numberOfChannels, o.length, o.sampleRate))));
      if (ours) {
        const reverb = new ConvolverReverb({ wet: 1 });
        await reverb.ready;
        await reverb.load('./ir.wav');
        player.connect(reverb);
        reverb.toDestination();
      } else {
        const reverb = new Tone.Convolver();
        await reverb.load('./ir.wav');
        player.connect(reverb);
        reverb.toDestination();
      }
      player.start(0);
    }, 0.6, 2, RATE);
    return toChannels(rendered.get() as AudioBuffer);
  };
  const expected = await run(false);
  const actual = await run(true);
  return { fitted: gainFittedErrorDb(actual, expected), energy: energy(actual) };
}

/**
 * Tone.Convolver's habits: a positional url and onload, normalize as a property, and failures that reject
 * `ready` and `load()`. Each positional-url render is compared with Tone.Convolver given the same arguments.
 */
async function toneHabits() {
  const input = noise(2, 12_000, 54);
  const run = async (ours: boolean, normalize: boolean) => {
    let onloadCalls = 0;
    let normalizeRead: boolean | null = null;
    const rendered = await Tone.Offline(async () => {
      const player = new Tone.Player(new Tone.ToneAudioBuffer(toBuffer(input, RATE, (o) => Tone.getContext().createBuffer(o.numberOfChannels, o.length, o.sampleRate))));
      const onload = () => onloadCalls++;
      const reverb = ours ? new ConvolverReverb('./ir.wav', onload) : new Tone.Convolver('./ir.wav', onload);
      if (!normalize) reverb.normalize = false; // before the IR arrives: applies to it, in both
      normalizeRead = reverb.normalize;
      if (reverb instanceof ConvolverReverb) await reverb.ready;
      else await Tone.loaded();
      player.connect(reverb);
      reverb.toDestination();
      player.start(0);
    }, 0.6, 2, RATE);
    return { out: toChannels(rendered.get() as AudioBuffer), onloadCalls, normalizeRead };
  };
  const result: Record<string, unknown> = {};
  for (const normalize of [true, false]) {
    const expected = await run(false, normalize);
    const actual = await run(true, normalize);
    result[normalize ? 'normalized' : 'raw'] = {
      fitted: gainFittedErrorDb(actual.out, expected.out),
      energy: energy(actual.out),
      onloadCalls: actual.onloadCalls,
      toneOnloadCalls: expected.onloadCalls,
      normalizeRead: actual.normalizeRead,
    };
  }
  const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  const original = Tone.getContext();
  Tone.setContext(new Tone.OfflineContext(2, 1, RATE)); // a standardized-audio-context context, as Tone makes
  try {
    const missing = new ConvolverReverb('./missing.wav');
    result.readyRejects = await missing.ready.then(() => null, message);
    const loaded = new ConvolverReverb();
    await loaded.ready;
    result.loadRejects = await loaded.load('./missing.wav').then(() => null, message);
    result.defaultNormalize = loaded.normalize;
  } finally {
    Tone.setContext(original);
  }
  return result;
}

Object.assign(window, { suite: { toneHabits, swapRealtime, compare, recorded, idleWidths, falseThenInput, lateSourceScheduled, swap, restart, ordering, createNative, realtime, suspendApply, lateSource, chromiumFalseIsFinal, standardized, tone, toneLoad, bench, engineAlone, mainThreadBlocking, workletFloor, perBlock, irChange, irChanges, streamedTail, constructionPulse, webPlatformChecks }, Tone, ConvolverReverb });
document.title = 'ready';
