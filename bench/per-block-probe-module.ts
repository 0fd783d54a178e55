/**
 * The module behind bench/per-block-probe.ts (bundled on its own, loaded both as the AudioWorklet module and as
 * the page's script). In a worklet scope it registers probe processors — variants of ours with one thing taken
 * away or repeated — each warmed by the same per-realm rehearsal as ours (warm-up.ts); on the page it exposes
 * the render and tight-loop functions the driver calls. A diagnostic, not part of the library.
 */
import { PartitionedConvolver, prepareImpulse, SpectrumArena, createRealTransform } from '../src/engine/index.js';
import type { GlueKernels } from '../src/engine/spectrum-arena.js';
import { ConvolverProcessor } from '../worklets/convolver-processor.js';
import { lastRehearsal, rehearse } from '../worklets/warm-up.js';

const B = 128; // frames per block
const RATE = 48000; // Hz

/** Probe kinds: what process() does per block. */
import type { Probe } from './probe-names.js';
export { PROBES, type Probe } from './probe-names.js';

/** The stereo decaying-noise IR every probe uses (seeded, identical in every realm). */
function impulse(frames: number): Float32Array[] {
  let seed = 92;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return [0, 1].map(() => Float32Array.from({ length: frames }, (_, i) => (rand() * 2 - 1) * Math.exp((-6 * i) / frames)));
}

type Io = Float32Array[][];
type Params = Record<string, Float32Array>;

interface ProbeOptions {
  probe: Probe;
  irFrames: number;
}

function copyThrough(inputs: Io, outputs: Io): void {
  const input = inputs[0];
  const output = outputs[0];
  if (input.length > 0) for (let c = 0; c < output.length; c++) output[c].set(input[c < input.length ? c : 0]);
}

interface WorkletGlobals {
  AudioWorkletProcessor: new () => object;
  registerProcessor(name: string, ctor: unknown): void;
}
const scope = globalThis as unknown as Partial<WorkletGlobals>;

if (scope.registerProcessor !== undefined && scope.AudioWorkletProcessor !== undefined) {
  const Base = scope.AudioWorkletProcessor;
  class ProbeProcessor extends Base {
    static get parameterDescriptors() {
      return [
        { name: 'wet', defaultValue: 1, automationRate: 'a-rate' },
        { name: 'dry', defaultValue: 0, automationRate: 'a-rate' },
      ];
    }
    private readonly probe: Probe;
    private readonly engine: PartitionedConvolver | null;
    private readonly other: PartitionedConvolver | null; // engineAB: a second engine, its own memory
    private sink = 0;
    private readonly scratchIn = [new Float32Array(B).fill(0.25), new Float32Array(B).fill(-0.25)];
    private readonly scratchOut = [new Float32Array(B), new Float32Array(B)];
    private readonly views: Float32Array[] = [];
    private readonly glue: GlueKernels | null = null;
    private readonly fft: ReturnType<typeof createRealTransform> | null = null;
    private readonly window: Float64Array | null = null;
    private readonly spectrum: Float32Array | null = null;
    private readonly result: Float64Array | null = null;

    constructor(options: { processorOptions: ProbeOptions }) {
      super();
      const { probe, irFrames } = options.processorOptions;
      this.probe = probe;
      const needsEngine = probe.startsWith('engine');
      const make = () => new PartitionedConvolver(prepareImpulse(impulse(irFrames), { blockSize: B }), { inputChannels: 2 });
      this.engine = needsEngine ? make() : null;
      this.other = probe === 'engineAB' ? make() : null;
      if (probe === 'wasmCopy' || probe === 'ffts' || probe === 'wasm20') {
        const arena = new SpectrumArena(64 * B);
        this.views.push(arena.alloc(B), arena.alloc(B));
        this.fft = createRealTransform(2 * B, arena);
        this.glue = arena.glue;
        this.window = arena.allocF64(2 * B).fill(0.5);
        this.spectrum = arena.alloc(2 * B);
        this.result = arena.allocF64(2 * B);
      }
      rehearse(this.process.bind(this), B, Date.now);
      this.engine?.reset();
      const port = (this as unknown as { port: MessagePort }).port;
      port.postMessage({ type: 'diag', rehearsal: { ...lastRehearsal() }, layout: layoutOf(this.engine) });
      port.postMessage({ type: 'applied', id: 1 });
    }

    process(inputs: Io, outputs: Io, parameters: Params): boolean {
      if (parameters.wet[0] !== 1 || parameters.dry[0] !== 0) return true;
      const input = inputs[0];
      const output = outputs[0];
      const engine = this.engine;
      switch (this.probe) {
        case 'floor':
          copyThrough(inputs, outputs);
          break;
        case 'engine':
          if (input.length > 0) engine!.process(input, output);
          break;
        case 'engine2':
          if (input.length > 0) for (let k = 0; k < 2; k++) engine!.process(input, output);
          break;
        case 'engine4':
          if (input.length > 0) for (let k = 0; k < 4; k++) engine!.process(input, output);
          break;
        case 'engineAB':
          if (input.length > 0) {
            engine!.process(input, output);
            this.other!.process(input, this.scratchOut);
          }
          break;
        case 'engineGlobals': {
          // what ours reads of the scope per block: the clock twice, currentFrame once
          const t0 = Date.now();
          if (input.length > 0) engine!.process(input, output);
          this.sink += Date.now() - t0 + (globalThis as unknown as { currentFrame: number }).currentFrame;
          break;
        }
        case 'wasm20': {
          // twenty calls of a WebAssembly function that returns at once: what a JS → wasm call costs here
          const glue = this.glue!;
          const at = this.views[0].byteOffset;
          for (let k = 0; k < 20; k++) this.sink += glue.flush(at, 0);
          copyThrough(inputs, outputs);
          break;
        }
        case 'spin': {
          // a fixed register-only computation (≈ 3–4 µs): a render whose spin costs more ran on a slower machine,
          // not slower code (a control for the per-render variance of the other probes)
          let x = this.sink | 0;
          for (let k = 0; k < 4000; k++) x = (Math.imul(x, 1103515245) + 12345) | 0;
          this.sink = x;
          copyThrough(inputs, outputs);
          break;
        }
        case 'clock20':
          // Date.now() twenty times a block: what a clock read costs in this scope
          for (let k = 0; k < 20; k++) this.sink += Date.now();
          copyThrough(inputs, outputs);
          break;
        case 'frame20':
          for (let k = 0; k < 20; k++) this.sink += (globalThis as unknown as { currentFrame: number }).currentFrame;
          copyThrough(inputs, outputs);
          break;
        case 'engineScratch':
          engine!.process(this.scratchIn, this.scratchOut);
          copyThrough(inputs, outputs);
          break;
        case 'wasmCopy':
          if (input.length > 0) {
            for (let c = 0; c < 2; c++) this.views[c].set(input[c < input.length ? c : 0]);
            for (let c = 0; c < 2; c++) output[c].set(this.views[c]);
          }
          break;
        case 'ffts': {
          const fft = this.fft!;
          for (let c = 0; c < 2; c++) fft.forward(this.window!, this.spectrum!, 0);
          for (let c = 0; c < 2; c++) fft.inverse(this.spectrum!, this.result!);
          copyThrough(inputs, outputs);
          break;
        }
      }
      return true;
    }
  }
  scope.registerProcessor('probe', ProbeProcessor);
  /** Ours, telling the page how its rehearsal ended and where its engine's arrays lie (before 'applied' arrives). */
  class OursProbe extends ConvolverProcessor {
    constructor(options: ConstructorParameters<typeof ConvolverProcessor>[0]) {
      super(options);
      const engine = (this as unknown as { current: { engine: PartitionedConvolver } | null }).current?.engine ?? null;
      (this as unknown as { port: MessagePort }).port.postMessage({ type: 'diag', rehearsal: { ...lastRehearsal() }, layout: layoutOf(engine) });
    }
  }
  scope.registerProcessor('ours', OursProbe);
}

/**
 * Where an engine's arrays lie in the scope memory: byte address of each view of level 0's arena and of the
 * levels' arenas, "address%4096" (the part that decides 4 KiB aliasing and L1 sets). Reads private fields.
 */
function layoutOf(engine: PartitionedConvolver | null): string {
  if (engine === null) return '';
  type Arena = { viewStarts: number[]; viewLengths: number[] };
  const e = engine as unknown as { head: { arena: Arena } | null; levels: { arena: Arena }[] };
  const arenas = [...(e.head === null ? [] : [e.head.arena]), ...e.levels.map((l) => l.arena)];
  return arenas.map((a) => a.viewStarts.map((s, i) => `${s}%${s % 4096}×${a.viewLengths[i]}`).join(' ')).join(' | ');
}

let prepared: OfflineAudioContext | null = null;
let lastDiag: unknown[] = [];

/**
 * Main thread: builds a context that will render `seconds` of stereo input through one node of `probe`, and
 * waits until its processor is built and has rehearsed; go() renders it.
 */
async function prepare(moduleUrl: string, probe: Probe | 'native', irFrames: number, seconds: number, nodes = 1): Promise<void> {
  const frames = seconds * RATE;
  lastDiag = [];
  const context = new OfflineAudioContext(2, frames, RATE);
  if (probe !== 'native') await context.audioWorklet.addModule(moduleUrl);
  const noise = new AudioBuffer({ numberOfChannels: 2, length: frames, sampleRate: RATE });
  for (let c = 0; c < 2; c++) {
    const data = noise.getChannelData(c);
    for (let i = 0; i < frames; i++) data[i] = Math.sin(i * (0.37 + c * 0.11)) * 0.5 + Math.sin(i * 0.0131) * 0.3;
  }
  const source = new AudioBufferSourceNode(context, { buffer: noise });
  const shape = { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [2], channelCount: 2, channelCountMode: 'explicit' as const };
  for (let n = 0; n < nodes; n++) {
    let node: AudioNode;
    if (probe === 'native') {
      const ir = impulse(irFrames);
      const buffer = new AudioBuffer({ numberOfChannels: 2, length: irFrames, sampleRate: RATE });
      ir.forEach((channel, c) => buffer.copyToChannel(channel as Float32Array<ArrayBuffer>, c));
      node = new ConvolverNode(context, { buffer });
    } else {
      let worklet: AudioWorkletNode;
      if (probe === 'ours' || probe === 'oursMsg') {
        // oursMsg: the IR arrives by message after the processor is built, as ConvolverWorkletNode sends it on
        // offline contexts; ours: with the processor's options, as on realtime ones
        const prepared = prepareImpulse(impulse(irFrames), { blockSize: B });
        worklet = new AudioWorkletNode(context, 'ours', {
          ...shape,
          processorOptions: {
            blockSize: B,
            impulse: probe === 'ours' ? prepared : null,
            impulseId: probe === 'ours' ? 1 : 0,
            warmUp: true,
            renderLength: frames,
            // as the node passes it where the page is cross-origin isolated (the load meter then posts nothing)
            telemetry: crossOriginIsolated ? new SharedArrayBuffer(64) : undefined,
          },
        });
        if (probe === 'oursMsg') worklet.port.postMessage({ type: 'impulse', id: 1, impulse: prepared });
      } else {
        worklet = new AudioWorkletNode(context, 'probe', { ...shape, processorOptions: { probe, irFrames } });
      }
      // the processor is built (and has rehearsed) when it says so
      await new Promise<void>((done) => {
        worklet.port.onmessage = (event: MessageEvent<{ type: string }>) => {
          if (event.data.type === 'diag') lastDiag.push(event.data);
          if (event.data.type === 'applied') done();
        };
      });
      node = worklet;
    }
    source.connect(node).connect(context.destination);
  }
  source.start();
  prepared = context;
}

/** Renders the context prepare() built; µs of wall-clock time per 128-frame block. */
async function go(): Promise<number> {
  const context = prepared!;
  prepared = null;
  const start = performance.now();
  await context.startRendering();
  return ((performance.now() - start) * 1000) / (context.length / B);
}

/** Main thread: the engine's process() in a tight loop on browser-shaped (frozen) arrays; µs per block. */
function tightLoop(irFrames: number, blocks: number): { engine: number; ffts: number } {
  const engine = new PartitionedConvolver(prepareImpulse(impulse(irFrames), { blockSize: B }), { inputChannels: 2 });
  const frozen = <T>(items: T[]): T[] => {
    const list = new Array<T>(items.length);
    for (let i = 0; i < items.length; i++) list[i] = items[i];
    return Object.freeze(list) as T[];
  };
  const input = frozen([new Float32Array(B), new Float32Array(B)]);
  for (let i = 0; i < B; i++) {
    input[0][i] = Math.sin(i * 0.3);
    input[1][i] = Math.cos(i * 0.2);
  }
  const output = frozen([new Float32Array(B), new Float32Array(B)]);
  const arena = new SpectrumArena(64 * B);
  const fft = createRealTransform(2 * B, arena);
  const window = arena.allocF64(2 * B).fill(0.5);
  const spectrum = arena.alloc(2 * B);
  const result = arena.allocF64(2 * B);
  const time = (f: () => void): number => {
    for (let i = 0; i < 5000; i++) f();
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < blocks; i++) f();
      best = Math.min(best, ((performance.now() - t0) * 1000) / blocks);
    }
    return best;
  };
  return {
    engine: time(() => engine.process(input, output)),
    ffts: time(() => {
      for (let c = 0; c < 2; c++) fft.forward(window, spectrum, 0);
      for (let c = 0; c < 2; c++) fft.inverse(spectrum, result);
    }),
  };
}

if (scope.registerProcessor === undefined && typeof window !== 'undefined') {
  Object.assign(window, { probes: { prepare, go, tightLoop, diag: () => lastDiag } });
  document.title = 'ready';
}
