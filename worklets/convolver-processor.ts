import { dropScopeMemoryIfUnused, PartitionedConvolver, type PreparedImpulse } from '../src/engine/index.js';
import { LoadMeter } from './load-meter.js';
import { equalPowerCrossfade, mixWetDry } from './mix.js';
import { claimRealmWarmUp, rehearsalImpulse, rehearse } from './warm-up.js';
import { DOWNMIX, type ConvolverProcessorOptions, type Downmix, type FromProcessor, type ToProcessor } from './protocol.js';
import { ProcessorLifecycle } from './processor-lifecycle.js';
import { AudioWorkletProcessorBase, scopeClock, scopeCurrentFrame, scopeSampleRate } from './worklet-scope.js';
import { count } from '../src/engine/wording.js';

/** One IR ready to play: its engine (state allocated at arrival, off the audio callback) and its tail. */
interface Slot {
  /** The node's id for this IR: 'impulse-part' messages name it. */
  readonly id: number;
  readonly engine: PartitionedConvolver;
  /**
   * Frames of silent input after which the engine's state is all zeros, so skipping it changes nothing: the IR
   * length, plus two of its largest partitions (a level's delay line is flushed with zero spectra up to a
   * partition after the input chunk completes, and its work is spread over one more), plus a block.
   */
  readonly tail: number; // frames
}

const NO_CHANNELS: Float32Array[] = [];
/** Impulse-spectrum values copied into a deferred engine per block: 1 MiB of memcpy, a few % of a block. */
const LOAD_FLOATS_PER_BLOCK = 262_144;
/** Pages of a deferred engine's state prefaulted per block once its IR is in: 1 MiB, ≈ 0.1–0.25 ms. */
const PREFAULT_BYTES_PER_BLOCK = 1 << 20;

/**
 * The convolver's AudioWorkletProcessor. Receives IRs already partitioned and transformed (PreparedImpulse, in a
 * transfer list), switches at block boundaries with an equal-power crossfade (two engines run during a swap, so
 * the old tail fades instead of being cut), mixes `wet`/`dry`, and reports its load.
 *
 * Allocates in the constructor and in the message handler (engine state for a new IR); process() allocates
 * nothing, never throws (a failure yields silence and one 'error' message) and never outputs NaN.
 * Engines always take 2 input channels: mono input is upmixed, so the input width may change at any block
 * without losing the history the tail is made of.
 */
export class ConvolverProcessor extends AudioWorkletProcessorBase {
  static get parameterDescriptors(): { name: string; defaultValue: number; automationRate: 'a-rate' | 'k-rate' }[] {
    return [
      { name: 'wet', defaultValue: 1, automationRate: 'a-rate' },
      { name: 'dry', defaultValue: 0, automationRate: 'a-rate' },
    ];
  }

  private readonly blockSize: number; // frames
  private readonly sampleRate: number; // Hz
  private readonly clock: () => number;
  private meter: LoadMeter; // a silent one while the processor rehearses (see warm-up.ts)
  private readonly zeros: Float32Array;
  private readonly folded: Float32Array; // input folded to mono when the user asked for 1 channel
  private readonly in1: Float32Array[];
  private readonly in2: Float32Array[];
  private readonly wet: Float32Array[]; // current IR's output, then the mix
  private readonly fading: Float32Array[]; // previous IR's output during a crossfade
  private current: Slot | null = null;
  private previous: Slot | null = null; // fading out
  private pending: Slot | null = null;
  private hasPending = false; // pending may be null: "clear to silence"
  private fadeFrames: number; // frames
  private fadePosition = 0; // frames into the running crossfade
  private downmix: Downmix;
  private readonly deferLoad: boolean; // copy new IRs in a piece per block (realtime contexts)
  private tailRemaining = 0; // frames until the output is silent if input stays silent
  private disposed = false;
  private finished = false; // process() returned false: it will not be called again
  private reported = false; // one error message per processor: a failing block must not flood the port
  private fallbackReported = false;
  private readonly lifecycle: ProcessorLifecycle;
  private dropped = false; // idle: the engine was released; the node re-sends the IR when input comes back
  private resendAsked = false;
  private asleep = false; // idle on a revivable browser: process() returns false until input returns

  constructor(options?: { processorOptions?: Partial<ConvolverProcessorOptions> }) {
    super(options);
    const o = options?.processorOptions ?? {};
    this.sampleRate = scopeSampleRate();
    this.blockSize = o.blockSize ?? 128;
    this.clock = scopeClock();
    this.fadeFrames = Math.round((o.crossfadeTime ?? 0.05) * this.sampleRate);
    this.downmix = o.downmix ?? DOWNMIX.NONE;
    this.deferLoad = o.deferLoad === true;
    this.lifecycle = new ProcessorLifecycle(this.blockSize, this.sampleRate, o.renderLength, o.revivable === true);
    const n = this.blockSize;
    this.zeros = new Float32Array(n);
    this.folded = new Float32Array(n);
    this.in1 = [this.zeros];
    this.in2 = [this.zeros, this.zeros];
    this.wet = [new Float32Array(n), new Float32Array(n)];
    this.fading = [new Float32Array(n), new Float32Array(n)];
    this.meter = new LoadMeter(n, this.sampleRate, undefined, () => {});
    // once per realm: the code it optimizes serves every processor of the realm
    if (o.warmUp === true && !this.lifecycle.lastBlock(scopeCurrentFrame()) && claimRealmWarmUp()) {
      try {
        this.rehearse();
      } catch (error) {
        this.report(error);
      }
    }
    this.meter = new LoadMeter(n, this.sampleRate, o.telemetry, (meanLoad, peakLoad, overBudget) =>
      this.post({ type: 'telemetry', meanLoad, peakLoad, overBudget }),
    );
    this.port.onmessage = (event: MessageEvent<ToProcessor>) => this.receive(event.data);
    if (o.impulse) {
      try {
        this.current = this.createSlot(o.impulse, this.deferLoad, o.impulseId ?? 0);
        // the node's applied() waits for this, as for any IR (the tail may still stream in: see receive())
        if ((o.impulseId ?? 0) > 0) this.post({ type: 'applied', id: o.impulseId as number });
      } catch (error) {
        // applied() always settles: a failed constructor IR rejects it, as a failed `buffer =` does
        if ((o.impulseId ?? 0) > 0) this.post({ type: 'error', message: errorText(error), id: o.impulseId as number });
        else this.report(error);
      }
    }
  }

  /**
   * Runs this processor's own process() on an engine of its own until the JIT has optimized it (warm-up.ts),
   * then forgets it: no IR, no tail, silent meter replaced by the caller. Only in the constructor, before any
   * IR and before the port listens. Allocates.
   */
  private rehearse(): void {
    const slot = this.createSlot(rehearsalImpulse(this.blockSize), false, 0);
    this.current = slot;
    try {
      rehearse((inputs, outputs, parameters) => this.process(inputs, outputs, parameters), this.blockSize, this.clock);
    } finally {
      slot.engine.release();
      this.current = null;
      this.tailRemaining = 0;
      this.lifecycle.active();
    }
  }

  /** Real-time safe: no allocation, no throw. */
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean {
    const output = outputs[0];
    if (output === undefined || output.length === 0) return this.keepAlive();
    const input = inputs[0];
    // No input connections and nothing ringing: cost an empty processor's, and release the engine in time.
    if ((input === undefined || input.length === 0) && this.idle(output)) return this.keepAlive();
    const start = this.clock();
    try {
      if (output[0].length !== this.blockSize) {
        // The IR was partitioned for blockSize; a different quantum cannot be convolved with these spectra.
        this.silence(output);
        if (!this.reported) this.report(`render quantum is ${count(output[0].length, 'frame')}; expected ${this.blockSize}`);
      } else {
        this.render(inputs[0] ?? NO_CHANNELS, output, parameters);
      }
    } catch (error) {
      this.silence(output);
      if (!this.reported) this.report(error);
    }
    this.meter.record(this.clock() - start);
    return this.keepAlive();
  }

  private render(input: Float32Array[], output: Float32Array[], parameters: Record<string, Float32Array>): void {
    if (input.length > 0) this.connected();
    const engineInput = this.selectInput(input);
    // Swap first: whether the old IR still rings is decided by the blocks before this one.
    if (this.hasPending && this.previous === null && this.pendingLoaded()) this.startSwap();
    this.trackTail(engineInput);
    if (this.renderPlain(engineInput, output, parameters)) return;
    if (this.current === null || (this.tailRemaining <= 0 && this.previous === null)) {
      // Silent input for longer than the IR: the delay lines hold only zeros, so skipping them changes nothing.
      this.wet[0].fill(0);
      this.wet[1].fill(0);
    } else {
      this.current.engine.process(engineInput, this.wet);
    }
    if (this.previous !== null) {
      this.previous.engine.process(engineInput, this.fading);
      this.crossfade();
    }
    if (!mixWetDry(this.wet, engineInput, output, parameters)) this.fail(output);
  }

  /**
   * The common case — `wet` 1 and `dry` 0, not automated, no crossfade running — costs no mixing pass: the
   * engine writes the node's output arrays itself (or they are zeroed, through a silence longer than the IR).
   * true when it handled the block.
   */
  private renderPlain(input: Float32Array[], output: Float32Array[], parameters: Record<string, Float32Array>): boolean {
    const wet = parameters.wet;
    const dry = parameters.dry;
    if (this.previous !== null) return false;
    if (wet !== undefined && (wet.length !== 1 || wet[0] !== 1)) return false;
    if (dry !== undefined && (dry.length !== 1 || dry[0] !== 0)) return false;
    const current = this.current;
    if (current === null || this.tailRemaining <= 0) {
      this.silence(output);
      return true;
    }
    const engine = current.engine;
    // the engine fills 2 outputs, or 1 where mono input meets a 1-channel IR (both outputs would be equal)
    const fits = output.length === engine.outputChannels || (output.length === 1 && input.length === 1 && engine.impulseChannels === 1);
    if (!fits) return false;
    if (!engine.process(input, output)) this.fail(output);
    return true;
  }

  private fail(output: Float32Array[]): void {
    this.silence(output);
    this.current?.engine.reset();
    this.previous?.engine.reset();
    if (!this.reported) this.report('non-finite output (NaN or Infinity in the input?); engine state was reset');
  }

  /** Picks 1 or 2 engine input channels without allocating. */
  private selectInput(input: Float32Array[]): Float32Array[] {
    if (input.length === 0) {
      this.in1[0] = this.zeros;
      return this.in1;
    }
    if (input.length === 1 || this.downmix === DOWNMIX.DISCRETE) {
      this.in1[0] = input[0];
      return this.in1;
    }
    if (this.downmix === DOWNMIX.SPEAKERS) {
      const left = input[0];
      const right = input[1];
      const folded = this.folded;
      for (let i = 0; i < folded.length; i++) folded[i] = 0.5 * (left[i] + right[i]);
      this.in1[0] = folded;
      return this.in1;
    }
    const left = input[0];
    const right = input[1];
    // A mono source up-mixed to the 2 explicit channels a stereo IR asks for arrives as L = R: the engine's
    // mono path (one forward FFT, R = L) gives the same output for less work. Stereo differs within a few frames.
    let same = left.length === right.length;
    for (let i = 0; same && i < left.length; i++) same = left[i] === right[i];
    if (same) {
      this.in1[0] = left;
      return this.in1;
    }
    this.in2[0] = left;
    this.in2[1] = right;
    return this.in2;
  }

  private trackTail(input: Float32Array[]): void {
    let active = false;
    for (let c = 0; c < input.length && !active; c++) {
      const data = input[c];
      for (let i = 0; i < data.length; i++) {
        if (data[i] !== 0) {
          active = true;
          break;
        }
      }
    }
    if (active) this.tailRemaining = this.tailFrames();
    else if (this.tailRemaining > 0) this.tailRemaining -= this.blockSize;
  }

  private tailFrames(): number {
    const current = this.current?.tail ?? 0;
    const previous = this.previous?.tail ?? 0;
    return current > previous ? current : previous;
  }

  /**
   * Copies the next piece of a deferred IR into its engine; true once what has arrived is in (or there is none).
   * Then prefaults a piece of its state, best effort: a new IR is heard from the block its head is in (issue
   * "heard at once"), so the prefault does not hold the swap back; a long IR's later pages fault in as it plays.
   */
  private pendingLoaded(): boolean {
    const pending = this.pending;
    if (pending === null) return true;
    if (!pending.engine.load(LOAD_FLOATS_PER_BLOCK)) return false;
    pending.engine.prefault(PREFAULT_BYTES_PER_BLOCK);
    return true;
  }

  private startSwap(): void {
    const next = this.pending;
    this.pending = null;
    this.hasPending = false;
    const audible = this.current !== null && this.tailRemaining > 0;
    if (!audible || this.fadeFrames === 0) {
      // Nothing is ringing (or no fade was asked for): switch at once, from this very block.
      if (this.current !== null) this.retire(this.current.engine);
      this.current = next;
      return;
    }
    this.previous = this.current;
    this.current = next;
    this.fadePosition = 0;
  }

  private crossfade(): void {
    equalPowerCrossfade(this.wet, this.fading, this.fadePosition, this.fadeFrames, this.blockSize);
    this.fadePosition += this.blockSize;
    if (this.fadePosition >= this.fadeFrames && this.previous !== null) {
      this.retire(this.previous.engine);
      this.previous = null;
    }
  }

  private silence(output: Float32Array[]): void {
    for (let c = 0; c < output.length; c++) output[c].fill(0);
  }

  /**
   * Offline: false after the last frame of the rendering, so a completed context releases the node. Realtime:
   * true until dispose() and then until the tail has decayed. Never false before dispose() there, even with
   * nothing connected: Chromium never calls a processor again once process() has returned false, not even when
   * a source connects later (a node created before its source would be silent for good); an idle node costs an
   * empty processor's time instead and releases its engine (see idle()). Where the browser revives a processor
   * whose input returns (Firefox), an idle node that has let go of its engine returns false instead (asleep).
   */
  private keepAlive(): boolean {
    if (this.asleep) return false;
    const alive = this.lifecycle.lastBlock(scopeCurrentFrame())
      ? false
      : !this.disposed || this.tailRemaining > 0 || this.previous !== null;
    if (!alive && !this.finished) this.finish();
    return alive;
  }

  /**
   * The last call: release every engine now. It allocates (the scope memory's free list), once per processor,
   * after its last output — there is no later message handler to leave it to.
   */
  private finish(): void {
    this.finished = true;
    for (const slot of [this.current, this.previous, this.pending]) if (slot !== null) slot.engine.release();
    this.current = null;
    this.previous = null;
    this.pending = null;
    this.lifecycle.releaseRetired();
    this.post({ type: 'finished' });
    // offline, every processor of the context finishes in the same last block: the last one lets the memory go
    if (!this.lifecycle.realtime) dropScopeMemoryIfUnused();
  }

  /**
   * A block without input connections: when nothing rings and no IR waits, outputs silence and returns true
   * (no engine work); after IDLE_RELEASE seconds of that on a realtime context, retires the engine, and on a
   * browser that revives processors (Firefox) falls asleep: keepAlive() returns false until input returns.
   * Real-time safe (one message when the engine is retired, one when it falls asleep; one on waking).
   */
  private idle(output: Float32Array[]): boolean {
    if (this.tailRemaining > 0 || this.previous !== null || this.hasPending) {
      this.lifecycle.active();
      return false;
    }
    this.silence(output);
    if (!this.lifecycle.idleBlock()) return true;
    if (this.current !== null) {
      this.retire(this.current.engine);
      this.current = null;
      this.dropped = true;
    }
    if (this.lifecycle.canSleep && !this.asleep && !this.disposed) {
      this.asleep = true;
      this.post({ type: 'asleep' });
    }
    return true;
  }

  /** Input is connected: the idle time restarts, and a released engine is asked for again (once). */
  private connected(): void {
    this.lifecycle.active();
    if (this.asleep) {
      this.asleep = false;
      this.post({ type: 'awake' });
    }
    if (this.dropped && !this.resendAsked) {
      this.resendAsked = true;
      this.post({ type: 'resend' });
    }
  }

  /** Hands an engine process() stopped using to the lifecycle; asks the main thread for a 'release'. */
  private retire(engine: PartitionedConvolver): void {
    if (this.lifecycle.retire(engine)) this.post({ type: 'release-request' });
  }

  private receive(message: ToProcessor): void {
    try {
      if (message.type === 'impulse') {
        this.receiveImpulse(message.id, message.impulse);
      } else if (message.type === 'release') {
        this.lifecycle.releaseRetired();
      } else if (message.type === 'impulse-part') {
        // A head plays at once; its tail's partitions arrive here and are copied in by the engine a piece per
        // block (deferLoad). An IR superseded (or released) before its tail arrived is no longer held: drop its parts.
        const slot = this.slotWithId(message.id);
        if (slot !== null && !slot.engine.released) slot.engine.supply(message.level, message.first, message.spectra);
      } else if (message.type === 'config') {
        if (message.crossfadeTime !== undefined) this.fadeFrames = Math.round(message.crossfadeTime * this.sampleRate);
        if (message.downmix !== undefined) this.downmix = message.downmix;
      } else if (message.type === 'dispose') {
        this.disposed = true;
        // asleep, it may never be called again (its input is gone): finish here, so the node closes its port
        if (this.asleep && !this.finished) this.finish();
      }
    } catch (error) {
      this.post({ type: 'error', message: errorText(error) });
    }
  }

  /**
   * A new IR: builds its engine (here, not in process()); on failure the previous IR keeps playing and the
   * node's applied() rejects with the error. Allocates: message handler only.
   */
  private receiveImpulse(id: number, impulse: PreparedImpulse | null): void {
    let slot: Slot | null;
    try {
      slot = impulse === null ? null : this.createSlot(impulse, this.deferLoad, id);
    } catch (error) {
      this.post({ type: 'error', message: errorText(error), id });
      return;
    }
    if (this.finished) {
      slot?.engine.release(); // the context has rendered its last frame: nothing will play it
    } else {
      this.pending?.engine.release(); // replaced before it was ever played
      this.pending = slot;
      this.hasPending = true;
      this.dropped = false;
      this.resendAsked = false;
    }
    this.post({ type: 'applied', id });
    if (slot !== null && slot.engine.fallback && !this.fallbackReported) {
      this.fallbackReported = true;
      this.post({
        type: 'fallback',
        message: 'WebAssembly memory could not be had (address space exhausted?): this node runs the JavaScript engine, slower',
      });
    }
  }

  private slotWithId(id: number): Slot | null {
    if (this.pending?.id === id) return this.pending;
    if (this.current?.id === id) return this.current;
    if (this.previous?.id === id) return this.previous;
    return null;
  }

  /** Allocates: message handler only. */
  private createSlot(impulse: PreparedImpulse, deferLoad: boolean, id: number): Slot {
    if (impulse.blockSize !== this.blockSize) {
      throw new RangeError(`impulse was prepared for blocks of ${count(impulse.blockSize, 'frame')}; expected ${this.blockSize}`);
    }
    const engine = new PartitionedConvolver(impulse, {
      blockSize: this.blockSize,
      inputChannels: 2,
      deferLoad,
      loadPerBlock: LOAD_FLOATS_PER_BLOCK, // parts streamed in while it plays are copied a piece per block
    });
    if (!deferLoad) engine.prefault(); // deferred engines: a piece per block in pendingLoaded()
    let largest = this.blockSize;
    for (const level of impulse.plan.levels) if (level.size > largest) largest = level.size;
    return { id, engine, tail: impulse.length + 2 * largest + this.blockSize };
  }

  private report(error: unknown): void {
    this.reported = true;
    this.post({ type: 'error', message: errorText(error) });
  }

  private post(message: FromProcessor): void {
    this.port.postMessage(message);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
