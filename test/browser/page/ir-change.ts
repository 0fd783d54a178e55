// IR changes on a realtime AudioContext, ours against Chromium's ConvolverNode: how long the `buffer` setter
// blocks the main thread, when the new IR is first heard in the output, whether its streamed tail arrived in
// time, and the web-platform-tests case of an IR given at construction. A recorder worklet (inline module)
// captures the output with its frame numbers; everything is analysed here, in frames.
import { ConvolverWorkletNode, registerConvolverWorklet, traceSetter, type SetterPhase } from 'web-convolver';
import { decayingNoise, toBuffer } from './signals.js';

const RATE = 48000; // Hz
const B = 128; // frames

/** Records input channel 0 and 1 from frame `from` for `frames` frames; posts { data, wallMs } when done. */
const RECORDER = `
class Recorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { from, frames } = options.processorOptions;
    this.from = from; this.frames = frames; this.at = 0; this.done = false; this.first = -1;
    this.data = [new Float32Array(frames), new Float32Array(frames)];
    this.wall = new Float64Array(Math.ceil(frames / 128) + 1); // Date.now() of each recorded block
    this.port.onmessage = (e) => { this.from = e.data.from; };
  }
  process(inputs) {
    const input = inputs[0];
    if (this.first < 0) {
      this.first = currentFrame; // a recorder made too late misses frames: the page waits for this, or retries
      this.port.postMessage({ started: currentFrame });
    }
    if (this.done || currentFrame + 128 <= this.from) return true;
    // started after \`from\`: frame f still lands at index f - from (the frames missed stay zeros)
    if (this.at === 0 && currentFrame > this.from) this.at = Math.min(this.frames, currentFrame - this.from);
    const skip = Math.max(0, this.from - currentFrame);
    const n = Math.min(128 - skip, this.frames - this.at);
    this.wall[Math.floor(this.at / 128)] = Date.now();
    // no input (a source that has ended): zeros, already there
    if (input.length > 0) for (let c = 0; c < 2; c++) this.data[c].set(input[Math.min(c, input.length - 1)].subarray(skip, skip + n), this.at);
    this.at += n;
    if (this.at >= this.frames) { this.done = true; this.port.postMessage({ data: this.data, wall: this.wall, first: this.first }); }
    return true;
  }
}
registerProcessor('ir-change-recorder', Recorder);`;

const contexts = new WeakSet<BaseAudioContext>();
async function registerRecorder(context: AudioContext) {
  if (contexts.has(context)) return;
  await context.audioWorklet.addModule(URL.createObjectURL(new Blob([RECORDER], { type: 'text/javascript' })));
  contexts.add(context);
}

function record(context: AudioContext, source: AudioNode | null, from: number, frames: number) {
  const recorder = new AudioWorkletNode(context, 'ir-change-recorder', {
    numberOfOutputs: 0,
    channelCount: 2,
    channelCountMode: 'explicit',
    processorOptions: { from, frames },
  });
  source?.connect(recorder);
  let markStarted: (frame: number) => void = () => {};
  const started = new Promise<number>((done) => (markStarted = done));
  const recording = new Promise<{ data: Float32Array[]; wall: Float64Array; first: number }>(
    (done) => (recorder.port.onmessage = (e) => (e.data.started === undefined ? done(e.data) : markStarted(e.data.started))),
  );
  return Object.assign(recording, { recorder, started });
}

type Kind = 'native' | 'ours';
type Convolver = AudioNode & { buffer: AudioBuffer | null };

async function make(kind: Kind, context: AudioContext, buffer: AudioBuffer | null): Promise<Convolver> {
  if (kind === 'native') return new ConvolverNode(context, { buffer, disableNormalization: true });
  await registerConvolverWorklet(context);
  const node = new ConvolverWorkletNode(context, { buffer, disableNormalization: true, crossfadeTime: 0.02 });
  const errors: string[] = [];
  node.onconvolvererror = (message) => errors.push(message); // reported with the results
  return Object.assign(node, { errors }) as unknown as Convolver;
}

/** A direct sound of `gain` then a quiet decaying stereo tail: `seconds` long. */
function impulse(seconds: number, gain: number, seed: number): AudioBuffer {
  const channels = decayingNoise(2, Math.round(seconds * RATE), seed, RATE / 4);
  for (const data of channels) {
    for (let i = 0; i < data.length; i++) data[i] *= 0.002;
    data[0] = gain;
  }
  return toBuffer(channels, RATE);
}

/**
 * Constant input 1 through IR A (direct sound 0.1), then `buffer = B` (direct sound 1, `seconds` long): the
 * setter's blocking time, and when the output first rises above A's level (B is heard), in frames after the frame
 * the context had reached when the setter returned, and in wall-clock ms (the recorder's Date.now() of that
 * block against the main thread's at the setter's return; 1 ms resolution).
 */
export async function irChange(kind: Kind, seconds: number, firstOfPage = false) {
  const context = new AudioContext({ sampleRate: RATE, latencyHint: 'interactive' });
  await context.resume();
  await registerRecorder(context);
  const a = impulse(0.25, 0.1, 201);
  const convolver = await make(kind, context, firstOfPage ? null : a);
  const constant = new ConstantSourceNode(context, { offset: 1 });
  constant.connect(convolver);
  constant.start();
  await new Promise((done) => setTimeout(done, 400)); // A's output settles (0.1, plus its small tail's sum)
  const change = await measureChange(context, convolver, impulse(seconds, 1, 202));
  constant.stop();
  await context.close();
  return { kind, seconds, ...change };
}

/**
 * IR changes as a long-lived page makes them: one context, `count` changes, alternating between a quiet IR A and
 * a loud `seconds`-long IR B (each B change measured as irChange does). From the third B on, the processor builds
 * its engines in memory released by earlier ones (the realtime cases of irChange each start a fresh context).
 */
export async function irChanges(kind: Kind, seconds: number, count: number) {
  const context = new AudioContext({ sampleRate: RATE, latencyHint: 'interactive' });
  await context.resume();
  await registerRecorder(context);
  const a = impulse(0.25, 0.1, 203); // short: its output settles within the wait
  const convolver = await make(kind, context, a);
  const constant = new ConstantSourceNode(context, { offset: 1 });
  constant.connect(convolver);
  constant.start();
  const changes = [];
  for (let i = 0; i < count; i++) {
    await new Promise((done) => setTimeout(done, 400)); // A's output settles
    changes.push(await measureChange(context, convolver, impulse(seconds, 1, 204 + i)));
    convolver.buffer = a;
  }
  constant.stop();
  await context.close();
  return changes;
}

/** `convolver` plays IR A at a settled level; sets `b` and measures the setter and when B is heard. */
async function measureChange(context: AudioContext, convolver: Convolver, b: AudioBuffer) {
  const recordFrames = RATE; // 1 s
  const from = Math.round(context.currentTime * RATE);
  const recording = record(context, convolver, from, recordFrames);
  // the recorder must be running before the setter, or the output level before it is unknown (a loaded machine
  // may start a new processor late); bounded: a recorder that never starts shows as `lateFrames`
  await Promise.race([recording.started, new Promise((done) => setTimeout(done, 5000))]);
  await new Promise((done) => setTimeout(done, 50));
  const beforeFrame = Math.round(context.currentTime * RATE);
  // the setter's phases (ours): ms from its start to the end of each
  const phases: Partial<Record<SetterPhase, number>> = {};
  const start = performance.now();
  traceSetter((phase) => (phases[phase] ??= performance.now() - start)); // 'part': the tail's first
  convolver.buffer = b;
  const blockMs = performance.now() - start;
  const setWall = Date.now();
  const setFrame = Math.round(context.currentTime * RATE); // the context's position as the setter returns
  const { data, wall, first } = await recording;
  traceSetter(null);
  recording.recorder.disconnect();
  const level = data[0][Math.max(0, beforeFrame - from - B)]; // A's settled output just before the setter
  let heard = -1;
  for (let i = Math.max(0, beforeFrame - from - 4 * B); i < recordFrames && heard < 0; i++) {
    // B raises the output (ours crossfades up from A's level); Chromium's node outputs zeros while its setter
    // holds the IR's lock, which is not B being heard
    if (data[0][i] - level > 0.05) heard = i;
  }
  const heardFrame = heard < 0 ? -1 : from + heard;
  return {
    blockMs,
    phases,
    firstPartMs: phases.part === undefined ? -1 : phases.part - blockMs, // after the setter returned (−1: none)
    heard: heard >= 0, // the frame figures below are −1 when not
    heardFrames: heard < 0 ? -1 : heardFrame - setFrame,
    setterFrames: setFrame - beforeFrame, // frames the context rendered while the setter ran
    earlyFrames: heard < 0 ? -1 : heardFrame - beforeFrame,
    heardMs: heard < 0 ? -1 : wall[Math.floor(heard / B)] - setWall,
    level,
    peak: Math.max(...data[0].subarray(Math.max(0, beforeFrame - from))), // what the output reached after the setter
    lateFrames: first - from, // > 0: the recorder started after `from` (a loaded machine): frames before are zeros
    errors: (convolver as unknown as { errors?: string[] }).errors ?? [],
  };
}

/**
 * `buffer = B` (3 s) on a realtime context, and a click 30 ms later: the click's response must be B whole, so
 * its tail (streamed from the Worker) was in place before each partition was due. Error energy re B's, dB.
 */
export async function streamedTail(seconds: number) {
  const context = new AudioContext({ sampleRate: RATE, latencyHint: 'interactive' });
  await context.resume();
  await registerRecorder(context);
  const b = impulse(seconds, 1, 211);
  const convolver = await make('ours', context, null);
  await new Promise((done) => setTimeout(done, 200));
  convolver.buffer = b;
  const clickFrame = Math.ceil((context.currentTime + 0.03) * RATE / B) * B;
  const click = new AudioBufferSourceNode(context, { buffer: toBuffer([Float32Array.of(1)], RATE) });
  click.connect(convolver);
  click.start(clickFrame / RATE);
  const { data } = await record(context, convolver, clickFrame, b.length + 2 * B);
  await context.close();
  let error = 0;
  let signal = 0;
  for (let c = 0; c < 2; c++) {
    const expected = b.getChannelData(c);
    for (let i = 0; i < expected.length; i++) {
      error += (data[c][i] - expected[i]) ** 2;
      signal += expected[i] ** 2;
    }
  }
  return { errorDb: 10 * Math.log10(error / signal), peak: Math.max(...data[0].subarray(0, 4)) };
}

/**
 * The web-platform-tests case: a 16 384-frame square IR given at construction, a square pulse scheduled 512
 * frames after the node is made. Returns the share of the expected output the recording carries
 * (Σ out·expected / Σ expected²) for ours and for the native node. The expected output is the IR convolved
 * with the pulse as recorded at the convolver's input: on a loaded machine the render thread may already be
 * past the scheduled frame when start() arrives, and a pulse started late is the source's doing, not the node's.
 */
export async function constructionPulse() {
  const result: Record<string, number> = {};
  for (const kind of ['native', 'ours'] as Kind[]) {
    for (let attempt = 1; attempt <= 5 && result[kind] === undefined; attempt++) {
      const share = await pulseOnce(kind);
      if (share !== null) result[kind] = share;
    }
  }
  return result;
}

/** One run; null when a recorder started after the pulse (a loaded machine): the caller tries again. */
async function pulseOnce(kind: Kind): Promise<number | null> {
  {
    const context = new AudioContext({ sampleRate: RATE, latencyHint: 'interactive' });
    await context.resume();
    await registerRecorder(context);
    if (kind === 'ours') await registerConvolverWorklet(context);
    const irFrames = 16_384;
    const pulseFrames = 2048;
    const level = 1 / pulseFrames;
    const ir = toBuffer([new Float32Array(irFrames).fill(level)], RATE);
    const pulse = toBuffer([new Float32Array(pulseFrames).fill(1)], RATE);
    const frames = irFrames + pulseFrames;
    const made = Math.round(context.currentTime * RATE);
    const startFrame = made + 512;
    const outRecording = record(context, null, startFrame, frames);
    const inRecording = record(context, null, startFrame, frames);
    const convolver = await make(kind, context, ir); // registered above: no await in between for ours
    const source = new AudioBufferSourceNode(context, { buffer: pulse });
    source.connect(convolver).connect(outRecording.recorder);
    source.connect(inRecording.recorder);
    source.start(startFrame / RATE);
    const [out, input] = await Promise.all([outRecording, inRecording]);
    await context.close();
    if (out.first > startFrame || input.first > startFrame) return null;
    // square ∗ recorded input: a running sum of the input over the last irFrames frames, times the IR's level
    let dot = 0;
    let norm = 0;
    let sum = 0;
    for (let n = 0; n < frames; n++) {
      sum += input.data[0][n] - (n >= irFrames ? input.data[0][n - irFrames] : 0);
      const expected = sum * level;
      dot += out.data[0][n] * expected;
      norm += expected * expected;
    }
    return dot / norm;
  }
}

/** ConvolverNode behaviours the web-platform-tests check: a non-dictionary options argument, a detached buffer. */
export async function webPlatformChecks() {
  const context = new OfflineAudioContext(1, 2048, RATE);
  await registerConvolverWorklet(context);
  const thrown = (f: () => unknown) => {
    try {
      f();
      return 'none';
    } catch (error) {
      return (error as Error).name;
    }
  };
  const options42 = {
    native: thrown(() => new ConvolverNode(context, 42 as unknown as ConvolverOptions)),
    ours: thrown(() => new ConvolverWorkletNode(context, 42 as never)),
  };
  // an IR whose channel data was transferred away (detached): silence, as the spec's "acquire the content" says
  const ir = toBuffer([new Float32Array(64).fill(0.5)], RATE);
  const data = ir.getChannelData(0);
  structuredClone(data.buffer, { transfer: [data.buffer] });
  const convolver = new ConvolverWorkletNode(context, { disableNormalization: true });
  const setter = thrown(() => (convolver.buffer = ir));
  const source = new ConstantSourceNode(context);
  source.connect(convolver).connect(context.destination);
  source.start();
  const out = (await context.startRendering()).getChannelData(0);
  return { options42, setter, peak: Math.max(...out.map(Math.abs)) };
}


