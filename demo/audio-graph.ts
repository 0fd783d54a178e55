/**
 * The page's audio graph. One input bus feeds, depending on the mode, our ConvolverWorkletNode (A), the
 * browser's ConvolverNode with the same IR (B), or nothing (bypass); all three reach the output gain, then the
 * output analyser, then the speakers:
 *
 *   source ─► inputBus ─┬─► ours (wet/dry AudioParams) ─────────────────┐
 *      │                ├─► native ─► nativeWet ─────────────────────────┼─► outputGain ─► outputAnalyser ─► out
 *      ▼                ├─► nativeDry ───────────────────────────────────┤
 *   inputAnalyser       └─► (bypass) ────────────────────────────────────┘
 *
 * Only the input bus's connections change when switching, so an IR tail already ringing fades naturally.
 * Allocates: main thread only.
 */
import { createConvolverNode, type ConvolverWorkletNodeInstance } from '../src/web/index.js';
import type { ImpulseBuffer } from '../src/ir/index.js';
import { toAudioBuffer } from './audio-buffers.js';

export type ConvolverChoice = 'ours' | 'native';

/** What an IR change cost the main thread (ms), and when ours was heard after its setter returned (ms). */
export interface IrChangeTiming {
  oursBlockMs: number;
  oursHeardMs: Promise<number>;
  nativeBlockMs: number;
}

const RAMP = 0.02; // s: time constant of gain changes, short enough to feel immediate, long enough not to click

export class AudioGraph {
  readonly context: AudioContext;
  readonly inputAnalyser: AnalyserNode;
  readonly outputAnalyser: AnalyserNode;
  readonly ours: ConvolverWorkletNodeInstance;
  readonly #native: ConvolverNode;
  readonly #inputBus: GainNode;
  readonly #nativeWet: GainNode;
  readonly #nativeDry: GainNode;
  readonly #outputGain: GainNode;
  #source: AudioNode | null = null;
  #choice: ConvolverChoice = 'ours';
  #bypass = false;
  #impulse: ImpulseBuffer | null = null;

  private constructor(context: AudioContext, ours: ConvolverWorkletNodeInstance) {
    this.context = context;
    this.ours = ours;
    this.#native = new ConvolverNode(context);
    this.#inputBus = new GainNode(context);
    this.#nativeWet = new GainNode(context);
    this.#nativeDry = new GainNode(context, { gain: 0 });
    this.#outputGain = new GainNode(context);
    this.inputAnalyser = new AnalyserNode(context, { fftSize: 2048 });
    this.outputAnalyser = new AnalyserNode(context, { fftSize: 4096, smoothingTimeConstant: 0.8 });
    ours.connect(this.#outputGain);
    this.#native.connect(this.#nativeWet).connect(this.#outputGain);
    this.#nativeDry.connect(this.#outputGain);
    this.#outputGain.connect(this.outputAnalyser).connect(context.destination);
    this.#route();
  }

  /**
   * Registers the worklet module (`moduleUrl`) in `context` and builds the graph. The context is suspended
   * while the graph is wired (the caller resumes it), so no render quantum sees a half-built graph. (Before
   * 7a1ee59 the processor returned false when its first block had no input, and Chromium never runs such a
   * processor again: one start in three was silent for good. The e2e test's first check catches a return.)
   */
  static async create(context: AudioContext, moduleUrl: string): Promise<AudioGraph> {
    await context.suspend();
    const ours = await createConvolverNode(context, { moduleUrl });
    return new AudioGraph(context, ours);
  }

  /** Replaces the source; the previous one is disconnected (and stopped, for buffer sources). */
  setSource(source: AudioNode | null): void {
    const previous = this.#source;
    if (previous !== null) {
      previous.disconnect();
      if (previous instanceof AudioBufferSourceNode) previous.stop();
    }
    this.#source = source;
    if (source !== null) {
      source.connect(this.#inputBus);
      source.connect(this.inputAnalyser);
    }
  }

  /**
   * Gives both convolvers the IR (already at the context's rate). Throws, before anything changes, when our
   * node rejects it (a NaN sample, 3 channels, too long): the previous IR keeps playing.
   */
  setImpulse(impulse: ImpulseBuffer): IrChangeTiming {
    const native = toAudioBuffer(impulse); // conversion for the demo, not part of the native node's cost
    let start = performance.now();
    this.ours.buffer = impulse;
    const returned = performance.now();
    const oursBlockMs = returned - start;
    // applied(): the processor has the head and plays it from its next block (after a running fade, if any)
    const oursHeardMs = this.ours.applied().then(() => performance.now() - returned);
    start = performance.now();
    this.#native.buffer = native; // prepares the whole IR synchronously, then plays it from its next block
    const nativeBlockMs = performance.now() - start;
    this.#impulse = impulse;
    return { oursBlockMs, oursHeardMs, nativeBlockMs };
  }

  get impulse(): ImpulseBuffer | null {
    return this.#impulse;
  }

  /** Normalization applies when an IR is set (ConvolverNode semantics), so the current IR is set again. */
  setNormalize(normalize: boolean): void {
    this.ours.normalize = normalize;
    this.#native.normalize = normalize;
    if (this.#impulse !== null) this.setImpulse(this.#impulse);
  }

  get normalize(): boolean {
    return this.ours.normalize;
  }

  setWet(gain: number): void {
    this.ours.wet.setTargetAtTime(gain, this.context.currentTime, RAMP);
    this.#nativeWet.gain.setTargetAtTime(gain, this.context.currentTime, RAMP);
  }

  setDry(gain: number): void {
    this.ours.dry.setTargetAtTime(gain, this.context.currentTime, RAMP);
    this.#nativeDry.gain.setTargetAtTime(gain, this.context.currentTime, RAMP);
  }

  setOutputGain(gain: number): void {
    this.#outputGain.gain.setTargetAtTime(gain, this.context.currentTime, RAMP);
  }

  /** Seconds; ours only (the native node swaps IRs at once, which is the click we compare against). */
  setCrossfadeTime(seconds: number): void {
    this.ours.crossfadeTime = seconds;
  }

  setChoice(choice: ConvolverChoice): void {
    this.#choice = choice;
    this.#route();
  }

  get choice(): ConvolverChoice {
    return this.#choice;
  }

  setBypass(bypass: boolean): void {
    this.#bypass = bypass;
    this.#route();
  }

  /** The output gain's current value (linear), for the offline render. */
  get outputGain(): number {
    return this.#outputGain.gain.value;
  }

  #route(): void {
    this.#inputBus.disconnect();
    if (this.#bypass) this.#inputBus.connect(this.#outputGain);
    else if (this.#choice === 'ours') this.#inputBus.connect(this.ours);
    else {
      this.#inputBus.connect(this.#native);
      this.#inputBus.connect(this.#nativeDry);
    }
  }
}
