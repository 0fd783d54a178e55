import { dropScopeMemoryIfUnused, type PartitionedConvolver, type PreparedImpulse } from '../src/engine/index.js';
import { LoadMeter, OFFLINE_STRIDE } from './load-meter.js';
import { allEqual, equalPowerCrossfade, mixWetDry } from './mix.js';
import { aloneRehearsalImpulse, claimPlanWarmUp, isLevelZeroAlone, planRehearsalImpulse, rehearse } from './warm-up.js';
import { DOWNMIX, type ConvolverProcessorOptions, type FromProcessor, type ToProcessor } from './protocol.js';
import { createSlot, loadSlotPiece, type Slot } from './impulse-slot.js';
import { hasSignal, InputSelector } from './input-selector.js';
import { ProcessorLifecycle } from './processor-lifecycle.js';
import { AudioWorkletProcessorBase, scopeClock, scopeCurrentFrame, scopeSampleRate } from './worklet-scope.js';
import { count } from '../src/engine/wording.js';

const NO_CHANNELS: Float32Array[] = [];

/**
 * The convolver's AudioWorkletProcessor. Receives IRs already partitioned and transformed (PreparedImpulse, in a
 * transfer list), switches at block boundaries with an equal-power crossfade (two engines run during a swap, so
 * the old tail fades instead of being cut), mixes `wet`/`dry`, and reports its load.
 *
 * Allocates in the constructor and in the message handler (engine state for a new IR); process() allocates
 * nothing, never throws (a failure yields silence and one 'error' message) and never outputs NaN.
 * Its parts: input-selector.ts (the engine's input channels), impulse-slot.ts (an IR's engine),
 * processor-lifecycle.ts (finishing, idling, releasing), warm-up.ts (the per-realm rehearsal), mix.ts.
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
  private readonly meter: LoadMeter; // muted while the processor rehearses (see warm-up.ts)
  private readonly warmUp: boolean; // rehearse before the first IR plays (offline contexts: warm-up.ts)
  private readonly inputs: InputSelector;
  private readonly wet: Float32Array[]; // current IR's output, then the mix
  private readonly fading: Float32Array[]; // previous IR's output during a crossfade
  private current: Slot | null = null;
  private previous: Slot | null = null; // fading out
  private pending: Slot | null = null;
  private hasPending = false; // pending may be null: "clear to silence"
  private fadeFrames: number; // frames
  private fadePosition = 0; // frames into the running crossfade
  private readonly deferLoad: boolean; // copy new IRs in a piece per block (realtime contexts)
  private tailRemaining = 0; // frames until the output is silent if input stays silent
  private disposed = false;
  private finished = false; // process() returned false: it will not be called again
  private reported = false; // one error message per processor: a failing block must not flood the port
  private fallbackReported = false;
  private readonly lifecycle: ProcessorLifecycle;
  // Per-block state kept on the processor itself, so a block touches the lifecycle object only when it has to:
  // with 16 nodes their engines outgrow the caches, and every other object a block reads is a likely miss.
  private readonly lastStart: number; // frames: a block starting here or later is the last (Infinity: realtime)
  private idled = false; // idle blocks were counted since the lifecycle was last told of activity
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
    this.deferLoad = o.deferLoad === true;
    this.lifecycle = new ProcessorLifecycle(this.blockSize, this.sampleRate, o.renderLength, o.revivable === true);
    this.lastStart = this.lifecycle.lastStart;
    const n = this.blockSize;
    this.inputs = new InputSelector(n, o.downmix ?? DOWNMIX.NONE);
    this.wet = [new Float32Array(n), new Float32Array(n)];
    this.fading = [new Float32Array(n), new Float32Array(n)];
    // realtime contexts time every block (each one over budget is a glitch); offline ones a sample (load-meter.ts)
    const stride = this.lifecycle.realtime ? 1 : OFFLINE_STRIDE;
    this.meter = new LoadMeter(
      n,
      this.sampleRate,
      o.telemetry,
      (meanLoad, peakLoad, overBudget) => this.post({ type: 'telemetry', meanLoad, peakLoad, overBudget }),
      stride,
    );
    this.warmUp = o.warmUp === true;
    this.port.onmessage = (event: MessageEvent<ToProcessor>) => this.receive(event.data);
    if (o.impulse) {
      this.rehearseFor(o.impulse);
      try {
        this.current = createSlot(o.impulse, this.blockSize, this.deferLoad, o.impulseId ?? 0);
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
   * Before the first IR plays on an offline context: rehearses this processor's own process() on an engine of
   * the IR's plan (warm-up.ts), once per plan and realm, so the render meets code optimized on what it runs. Not
   * once the rendering has started (its blocks would wait), nor with an IR already playing or waiting.
   * Allocates: constructor and message handler only.
   */
  private rehearseFor(impulse: PreparedImpulse): void {
    if (!this.warmUp || this.finished || impulse.blockSize !== this.blockSize) return;
    if (this.current !== null || this.previous !== null || this.hasPending || scopeCurrentFrame() > 0) return;
    if (!claimPlanWarmUp(impulse.plan, impulse.channels, this.blockSize)) return;
    try {
      this.rehearse(impulse);
    } catch (error) {
      this.report(error);
    }
  }

  /**
   * Runs this processor's own process() on an engine of `impulse`'s plan (a synthetic IR: warm-up.ts) until the
   * JIT has optimized it, then forgets it: no IR, no tail, a meter that starts afresh, no message. Allocates.
   */
  private rehearse(impulse: PreparedImpulse): void {
    const B = this.blockSize;
    const slot = createSlot(planRehearsalImpulse(impulse.plan, impulse.channels, B), B, false, 0);
    // every 4th block on an engine of level 0 alone (IRs up to a few blocks), whose blocks take another path
    const alone = isLevelZeroAlone(impulse.plan, B) ? slot : createSlot(aloneRehearsalImpulse(B), B, false, 0);
    // Fields the IR's arrival and a swap write after the rehearsal, written once here first: V8 compiles the
    // rehearsal's code on fields never changed since construction as constants, and their first change threw
    // render() and connected() away at the real render's start (--trace-opt: "field type constness changed")
    this.pending = slot;
    this.pending = null;
    this.hasPending = true;
    this.hasPending = false;
    this.dropped = true;
    this.dropped = false;
    this.resendAsked = true;
    this.resendAsked = false;
    this.current = slot;
    this.meter.mute(true);
    try {
      // process() itself, bound, not a closure calling it: a closure would be optimized with process() inlined
      rehearse(this.process.bind(this), B, this.clock, (block) => {
        this.current = block % 4 === 2 ? alone : slot;
      });
    } finally {
      slot.engine.release();
      if (alone !== slot) alone.engine.release();
      this.current = null;
      this.tailRemaining = 0;
      this.lifecycle.active();
      this.meter.mute(false);
    }
  }

  /** Real-time safe: no allocation, no throw. */
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean {
    const output = outputs[0];
    if (output === undefined || output.length === 0) return this.keepAlive();
    const input = inputs[0];
    // No input connections and nothing ringing: cost an empty processor's, and release the engine in time.
    if ((input === undefined || input.length === 0) && this.idle(output)) return this.keepAlive();
    const timed = this.meter.timed();
    const start = timed ? this.clock() : 0;
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
    if (timed) this.meter.record(this.clock() - start);
    return this.keepAlive();
  }

  private render(input: Float32Array[], output: Float32Array[], parameters: Record<string, Float32Array>): void {
    if (input.length > 0) this.connected();
    const engineInput = this.inputs.select(input);
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
   * Chromium hands a constant parameter over as 1 value, Firefox as 128 equal ones: both count as constant.
   * true when it handled the block.
   */
  private renderPlain(input: Float32Array[], output: Float32Array[], parameters: Record<string, Float32Array>): boolean {
    const wet = parameters.wet;
    const dry = parameters.dry;
    if (this.previous !== null) return false;
    if (wet !== undefined && !allEqual(wet, 1)) return false;
    if (dry !== undefined && !allEqual(dry, 0)) return false;
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

  private trackTail(input: Float32Array[]): void {
    if (hasSignal(input)) this.tailRemaining = this.tailFrames();
    else if (this.tailRemaining > 0) this.tailRemaining -= this.blockSize;
  }

  private tailFrames(): number {
    const current = this.current?.tail ?? 0;
    const previous = this.previous?.tail ?? 0;
    return current > previous ? current : previous;
  }

  /** Whether the IR waiting to play has what has arrived of it copied in (a piece per block: impulse-slot.ts). */
  private pendingLoaded(): boolean {
    return this.pending === null || loadSlotPiece(this.pending);
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
    // currentFrame only where a rendering has a last block: reading it costs ≈ 95 ns a block in Chromium's worklet
    const last = this.lastStart !== Infinity && this.lifecycle.lastBlock(scopeCurrentFrame());
    const alive = !last && (!this.disposed || this.tailRemaining > 0 || this.previous !== null);
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
      this.active();
      return false;
    }
    this.silence(output);
    this.idled = true;
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
    this.active();
    if (this.asleep) {
      this.asleep = false;
      this.post({ type: 'awake' });
    }
    if (this.dropped && !this.resendAsked) {
      this.resendAsked = true;
      this.post({ type: 'resend' });
    }
  }

  /** The idle time restarts (the lifecycle is told only when idle blocks were counted). */
  private active(): void {
    if (!this.idled) return;
    this.idled = false;
    this.lifecycle.active();
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
        if (message.downmix !== undefined) this.inputs.downmix = message.downmix;
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
    if (impulse !== null) this.rehearseFor(impulse);
    let slot: Slot | null;
    try {
      slot = impulse === null ? null : createSlot(impulse, this.blockSize, this.deferLoad, id);
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
