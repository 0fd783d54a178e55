// Page suite for lifecycle at scale (test/browser/lifecycle.test.ts and bench/lifecycle.ts drive it through
// `window.lifecycle`): many OfflineAudioContexts of many never-disposed nodes one after another in one page, and
// many realtime nodes made, fed, disconnected and dropped. Our node against Chromium's ConvolverNode each time.
import { ConvolverWorkletNode, registerConvolverWorklet } from 'web-convolver';
import { decayingNoise, gainFittedErrorDb, noise, toBuffer, toChannels } from './signals.js';

const RATE = 48000; // Hz
const IR_SECONDS = 0.5;
const INPUT_SECONDS = 0.25;

type Kind = 'native' | 'ours';
/** Offline renders also with 'bare': pass-through AudioWorkletNodes, the worklet mechanism's own per-context cost. */
export type OfflineKind = Kind | 'bare' | 'registered';

/**
 * A pass-through processor that finishes as ours does on an offline context (returns false in the block that
 * holds the last frame), registered per context as ours is: what any worklet node costs a page, nothing else.
 */
const BARE = `registerProcessor('lifecycle-bare', class extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.length = options.processorOptions.renderLength;
  }
  process(inputs, outputs) {
    const input = inputs[0];
    const output = outputs[0];
    for (let c = 0; c < output.length && input.length > 0; c++) output[c].set(input[c < input.length ? c : 0]);
    return currentFrame + output[0].length < this.length;
  }
});`;
const bareUrl = URL.createObjectURL(new Blob([BARE], { type: 'text/javascript' }));

/**
 * The page's memory: measureUserAgentSpecificMemory() where the page may call it (and `precise`: it waits for
 * the next garbage collection, up to ≈ 20 s), else the main thread's JS heap.
 */
async function pageMemory(precise = true): Promise<{ bytes: number; how: string }> {
  const p = performance as unknown as {
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
    memory?: { usedJSHeapSize: number };
  };
  if (precise && typeof p.measureUserAgentSpecificMemory === 'function' && crossOriginIsolated) {
    try {
      // it resolves at the next garbage collection: bounded, so a busy page does not hang the suite
      const measured = await Promise.race([
        p.measureUserAgentSpecificMemory(),
        new Promise<null>((done) => setTimeout(() => done(null), 20_000)),
      ]);
      if (measured !== null) return { bytes: measured.bytes, how: 'measureUserAgentSpecificMemory' };
    } catch {
      // not allowed here: fall through to the heap figure
    }
  }
  return { bytes: p.memory?.usedJSHeapSize ?? Number.NaN, how: 'usedJSHeapSize' };
}

/**
 * One OfflineAudioContext: `nodes` convolvers (each its own 0.5 s stereo IR, never disposed) fed the same
 * 0.25 s of stereo noise, each written to two channels of a 2·nodes-channel output through a merger.
 */
async function renderContext(kind: OfflineKind, nodes: number): Promise<{ channels: Float32Array[]; pending: number; ms: number }> {
  const frames = Math.ceil((IR_SECONDS + INPUT_SECONDS) * RATE) + 1024;
  const context = new OfflineAudioContext(2 * nodes, frames, RATE);
  context.destination.channelInterpretation = 'discrete';
  context.destination.channelCountMode = 'explicit';
  context.destination.channelCount = 2 * nodes;
  const start = performance.now();
  if (kind === 'ours' || kind === 'registered') await registerConvolverWorklet(context);
  if (kind === 'bare') await context.audioWorklet.addModule(bareUrl);
  const source = new AudioBufferSourceNode(context, { buffer: toBuffer(noise(2, INPUT_SECONDS * RATE, 5), RATE) });
  const merger = new ChannelMergerNode(context, { numberOfInputs: 2 * nodes });
  merger.connect(context.destination);
  let pending = 0;
  const made: WeakRef<object>[] = [];
  const settled: Promise<void>[] = [];
  for (let n = 0; n < nodes; n++) {
    const buffer = toBuffer(decayingNoise(2, IR_SECONDS * RATE, 100 + n), RATE);
    const convolver =
      kind === 'native' || kind === 'registered'
        ? new ConvolverNode(context, { buffer })
        : kind === 'bare'
          ? new AudioWorkletNode(context, 'lifecycle-bare', { outputChannelCount: [2], processorOptions: { renderLength: frames } })
          : new ConvolverWorkletNode(context, { buffer });
    made.push(new WeakRef(convolver));
    if (convolver instanceof ConvolverWorkletNode) {
      pending++;
      settled.push(convolver.applied().then(() => void pending--));
    }
    const splitter = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
    source.connect(convolver).connect(splitter);
    splitter.connect(merger, 0, 2 * n);
    splitter.connect(merger, 1, 2 * n + 1);
  }
  source.start();
  const rendered = await context.startRendering();
  probes.push({ kind, context: new WeakRef(context), rendered: new WeakRef(rendered), nodes: made });
  // every applied() must have settled by now; a short grace for the replies' tasks to run
  await Promise.race([Promise.allSettled(settled), new Promise((done) => setTimeout(done, 2000))]);
  return { channels: toChannels(rendered), pending, ms: performance.now() - start };
}

export interface OfflineRound {
  context: number;
  /** Worst node's error against Chromium's ConvolverNode, dB re its output (−∞: identical). */
  worstErrorDb: number;
  /** Nodes whose output was silent. */
  silentNodes: number;
  /** applied() promises still pending after the render. */
  pending: number;
  ms: number;
  /** The main thread's JS heap after the render (when asked for). */
  memory: { bytes: number; how: string } | null;
}

/**
 * `contexts` OfflineAudioContexts one after another, `nodes` of our nodes each, never disposed; each render
 * compared node by node with the same graph of Chromium ConvolverNodes (rendered once).
 */
async function offlineRenders(contexts: number, nodes: number, measureMemory = false): Promise<OfflineRound[]> {
  const reference = (await renderContext('native', nodes)).channels;
  const rounds: OfflineRound[] = [];
  for (let c = 0; c < contexts; c++) {
    const { channels, pending, ms } = await renderContext('ours', nodes);
    let worst = -Infinity;
    let silent = 0;
    for (let n = 0; n < nodes; n++) {
      const ours = channels.slice(2 * n, 2 * n + 2);
      const native = reference.slice(2 * n, 2 * n + 2);
      if (ours.every((d) => d.every((v) => v === 0))) silent++;
      // Chromium normalizes with a −58 dB calibration where the spec (and we) say 0.00125: a 0.062 dB gain
      // difference; compare once that constant gain is removed (a gain off by more shows as error)
      const fitted = gainFittedErrorDb(ours, native);
      worst = Math.max(worst, Math.abs(fitted.gainDb) < 0.1 ? fitted.errorDb : 0);
    }
    rounds.push({ context: c, worstErrorDb: worst, silentNodes: silent, pending, ms, memory: measureMemory ? await pageMemory(false) : null });
  }
  return rounds;
}

/** Of the contexts rendered so far (`of`), how many are alive, with their rendered buffers and nodes. */
export interface LiveCount {
  contexts: number;
  rendered: number;
  of: number;
  /** Convolver (or bare worklet) nodes still alive, of `nodesOf` made. */
  nodes: number;
  nodesOf: number;
}

/** Weak references to every rendered context and its result: which of them the page still holds. */
const probes: { kind: OfflineKind; context: WeakRef<object>; rendered: WeakRef<object>; nodes: WeakRef<object>[] }[] = [];

/** How many rendered contexts (and rendered AudioBuffers) of each kind are still alive. Call after a GC. */
function liveContexts(): Record<string, LiveCount> {
  const out: Record<string, LiveCount> = {};
  for (const probe of probes) {
    const entry = (out[probe.kind] ??= { contexts: 0, rendered: 0, of: 0, nodes: 0, nodesOf: 0 });
    entry.of++;
    entry.nodesOf += probe.nodes.length;
    for (const node of probe.nodes) if (node.deref() !== undefined) entry.nodes++;
    if (probe.context.deref() !== undefined) entry.contexts++;
    if (probe.rendered.deref() !== undefined) entry.rendered++;
  }
  return out;
}

/**
 * One render of `nodes` nodes of `kind`, output discarded: the unit a memory probe repeats between garbage
 * collections it forces from outside (CDP). Returns ms and the applied() promises still pending.
 */
async function renderOnce(kind: OfflineKind, nodes: number): Promise<{ ms: number; pending: number }> {
  const { pending, ms } = await renderContext(kind, nodes);
  return { ms, pending };
}

export interface PaceResult {
  /** Audio seconds per wall-clock second after the nodes were dropped (1 = real time). */
  pace: number;
  /** Audio seconds the context played in all. */
  audioSeconds: number;
  errors: string[];
  memory: { bytes: number; how: string } | null;
}

/**
 * A realtime AudioContext: `count` nodes made one after another, each fed `feedMs` of noise, disconnected
 * and dropped (not disposed); then the audio clock's pace over `measureMs` of wall-clock time.
 */
async function droppedNodes(kind: Kind, count: number, feedMs = 30, measureMs = 4000, measureMemory = false): Promise<PaceResult> {
  const context = new AudioContext({ sampleRate: RATE });
  await context.resume();
  if (kind === 'ours') await registerConvolverWorklet(context);
  const errors: string[] = [];
  const buffer = toBuffer(decayingNoise(2, 0.25 * RATE, 7), RATE);
  const input = toBuffer(noise(2, RATE, 8), RATE);
  for (let i = 0; i < count; i++) {
    let convolver: AudioNode | null = kind === 'native' ? new ConvolverNode(context, { buffer }) : new ConvolverWorkletNode(context, { buffer });
    if (convolver instanceof ConvolverWorkletNode) convolver.onconvolvererror = (message) => errors.push(message);
    let source: AudioBufferSourceNode | null = new AudioBufferSourceNode(context, { buffer: input, loop: true });
    source.connect(convolver).connect(context.destination);
    source.start();
    await new Promise((done) => setTimeout(done, feedMs));
    source.stop();
    source.disconnect();
    convolver.disconnect();
    source = null;
    convolver = null; // dropped: only the audio graph can still hold it
  }
  // let the last tails ring out and the idle nodes release their engines
  await new Promise((done) => setTimeout(done, 2000));
  const audio0 = context.currentTime;
  const wall0 = performance.now();
  await new Promise((done) => setTimeout(done, measureMs));
  const pace = (context.currentTime - audio0) / ((performance.now() - wall0) / 1000);
  const audioSeconds = context.currentTime;
  const memory = measureMemory ? await pageMemory() : null;
  await context.close();
  return { pace, audioSeconds, errors, memory };
}

export interface WakeResult {
  /** Whether the realtime clock ran at all (Firefox's needs an audio device). */
  clockRan: boolean;
  /** Messages the processor posted, in order (types only). */
  messages: string[];
  /** Reverb output's peak while the first source played, and after the second source connected. */
  firstPeak: number;
  againPeak: number;
  /** ms from connecting the second source until the reverb was heard (NaN: never within the wait). */
  backAfterMs: number;
  errors: string[];
}

/**
 * A realtime node fed, then left without input connections for `idleMs` (past IDLE_RELEASE: the engine is
 * released; asleep where the browser revives processors), then fed again by a new source: whether, and how
 * soon, the reverb comes back. Output watched through an AnalyserNode (dry 0: only the reverb is heard).
 */
async function sleepAndWake(idleMs = 2500, waitMs = 4000): Promise<WakeResult> {
  const context = new AudioContext({ sampleRate: RATE });
  void context.resume();
  await registerConvolverWorklet(context);
  const convolver = new ConvolverWorkletNode(context, { buffer: toBuffer(decayingNoise(2, 0.1 * RATE, 41), RATE) });
  const messages: string[] = [];
  const errors: string[] = [];
  convolver.port.addEventListener('message', (event: MessageEvent<{ type: string }>) => messages.push(event.data.type));
  convolver.onconvolvererror = (message) => errors.push(message);
  const analyser = new AnalyserNode(context, { fftSize: 2048 });
  convolver.connect(analyser);
  analyser.connect(context.destination);
  const samples = new Float32Array(analyser.fftSize);
  const peak = () => {
    analyser.getFloatTimeDomainData(samples);
    let max = 0;
    for (const v of samples) max = Math.max(max, Math.abs(v));
    return max;
  };
  const feed = () => {
    const source = new AudioBufferSourceNode(context, { buffer: toBuffer(noise(2, RATE, 42), RATE), loop: true });
    source.connect(convolver);
    source.start();
    return source;
  };
  const watch = async (ms: number): Promise<{ peak: number; at: number }> => {
    const start = performance.now();
    while (performance.now() - start < ms) {
      await new Promise((done) => setTimeout(done, 20));
      const p = peak();
      if (p > 1e-3) return { peak: p, at: performance.now() - start };
    }
    return { peak: peak(), at: Number.NaN };
  };
  const first = feed();
  const heard = await watch(waitMs);
  first.stop();
  first.disconnect();
  await new Promise((done) => setTimeout(done, idleMs));
  const clockRan = context.currentTime > 0.5;
  feed();
  const back = await watch(waitMs);
  await context.close();
  return { clockRan, messages, firstPeak: heard.peak, againPeak: back.peak, backAfterMs: back.at, errors };
}

/** Processors for droppedWrappers(): one that returns true for ever, one that returns false without input. */
const KEEP_OR_STOP = `registerProcessor('lifecycle-keep', class extends AudioWorkletProcessor { process() { return true; } });
registerProcessor('lifecycle-stop', class extends AudioWorkletProcessor { process(inputs) { return inputs[0].length > 0; } });`;
const keepOrStopUrl = URL.createObjectURL(new Blob([KEEP_OR_STOP], { type: 'text/javascript' }));
let wrappers: Record<string, WeakRef<object>[]> = {};

/**
 * On a realtime context, `count` nodes of each kind — ours, a worklet whose processor returns true for ever
 * ('keep'), one whose processor returns false once it has no input ('stop'), the same with a port listener
 * ('listened'), a GainNode — each fed 30 ms, then
 * disconnected and dropped; weak references kept. Call droppedWrappersAlive() after a forced collection.
 */
async function dropWrappers(count = 5): Promise<void> {
  const context = new AudioContext({ sampleRate: RATE });
  void context.resume();
  await registerConvolverWorklet(context);
  await context.audioWorklet.addModule(keepOrStopUrl);
  const buffer = toBuffer(decayingNoise(2, 0.05 * RATE, 43), RATE);
  wrappers = { ours: [], keep: [], stop: [], listened: [], gain: [] };
  for (let i = 0; i < count; i++) {
    for (const kind of Object.keys(wrappers)) {
      const node =
        kind === 'ours'
          ? new ConvolverWorkletNode(context, { buffer })
          : kind === 'gain'
            ? new GainNode(context)
            : new AudioWorkletNode(context, `lifecycle-${kind === 'listened' ? 'stop' : kind}`);
      if (kind === 'listened' && node instanceof AudioWorkletNode) {
        // a listener that holds its node only weakly: does a listener alone keep the node?
        const weak = new WeakRef(node);
        node.port.onmessage = () => weak.deref();
      }
      const source = new OscillatorNode(context);
      source.connect(node).connect(context.destination);
      source.start();
      await new Promise((done) => setTimeout(done, 30));
      source.stop();
      source.disconnect();
      node.disconnect();
      wrappers[kind].push(new WeakRef(node));
    }
  }
  // past the tails and IDLE_RELEASE: idle processors have released their engines (and stopped, where they do)
  await new Promise((done) => setTimeout(done, 2000));
  (window as unknown as { droppedContext: AudioContext }).droppedContext = context;
}

/**
 * Where a test cannot force a garbage collection (Firefox): allocates ≈ 16 MB of short-lived arrays every
 * 250 ms for `seconds`, which drives the browser's own collections (and Firefox's cycle collector) several times.
 */
async function allocationPressure(seconds = 10): Promise<number> {
  let held: unknown[] = [];
  for (let t = 0; t < seconds * 4; t++) {
    held = [];
    for (let j = 0; j < 20; j++) held.push(new Array(100_000).fill(t));
    await new Promise((done) => setTimeout(done, 250));
  }
  return held.length;
}

/** Of the nodes dropWrappers() made, how many of each kind are still alive; closes its context. */
async function droppedWrappersAlive(): Promise<Record<string, number>> {
  const alive = Object.fromEntries(Object.entries(wrappers).map(([kind, refs]) => [kind, refs.filter((r) => r.deref() !== undefined).length]));
  await (window as unknown as { droppedContext: AudioContext }).droppedContext.close();
  return alive;
}

/**
 * The case a weakly held sleeping node must survive: the page keeps an input bus and an analyser but not our
 * node between them; the node goes idle (asleep in Firefox), the browser collects garbage for `pressureSeconds`,
 * then a source plays into the bus again. Whether the reverb comes back (the node heard its 'resend').
 */
async function heldInputWakes(pressureSeconds = 6): Promise<{ clockRan: boolean; messages: string[]; backAfterMs: number }> {
  const context = new AudioContext({ sampleRate: RATE });
  void context.resume();
  await registerConvolverWorklet(context);
  const bus = new GainNode(context);
  const analyser = new AnalyserNode(context, { fftSize: 2048 });
  const messages: string[] = [];
  {
    // block scope: nothing that outlives it holds the node
    const convolver = new ConvolverWorkletNode(context, { buffer: toBuffer(decayingNoise(2, 0.1 * RATE, 44), RATE) });
    convolver.port.addEventListener('message', (event: MessageEvent<{ type: string }>) => messages.push(event.data.type));
    bus.connect(convolver).connect(analyser);
  }
  analyser.connect(context.destination);
  const play = () => {
    const source = new AudioBufferSourceNode(context, { buffer: toBuffer(noise(2, RATE, 45), RATE), loop: true });
    source.connect(bus);
    source.start();
    return source;
  };
  const first = play();
  await new Promise((done) => setTimeout(done, 300));
  first.stop();
  first.disconnect();
  await new Promise((done) => setTimeout(done, 2500)); // past the tail and IDLE_RELEASE: released, asleep in Firefox
  await allocationPressure(pressureSeconds);
  const clockRan = context.currentTime > 0.5;
  play();
  const samples = new Float32Array(analyser.fftSize);
  const start = performance.now();
  let backAfterMs = Number.NaN;
  while (performance.now() - start < 4000 && Number.isNaN(backAfterMs)) {
    await new Promise((done) => setTimeout(done, 20));
    analyser.getFloatTimeDomainData(samples);
    if (samples.some((v) => Math.abs(v) > 1e-3)) backAfterMs = performance.now() - start;
  }
  await context.close();
  return { clockRan, messages, backAfterMs };
}

/** Audio-clock pace of an empty realtime context over `measureMs`: the machine's own pace right now. */
async function idlePace(measureMs = 2000): Promise<number> {
  const context = new AudioContext({ sampleRate: RATE });
  await context.resume();
  await new Promise((done) => setTimeout(done, 300));
  const audio0 = context.currentTime;
  const wall0 = performance.now();
  await new Promise((done) => setTimeout(done, measureMs));
  const pace = (context.currentTime - audio0) / ((performance.now() - wall0) / 1000);
  await context.close();
  return pace;
}

Object.assign(window, { lifecycle: { offlineRenders, renderOnce, liveContexts, sleepAndWake, heldInputWakes, dropWrappers, droppedWrappersAlive, allocationPressure, droppedNodes, idlePace, pageMemory } });
