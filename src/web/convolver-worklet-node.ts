/**
 * ConvolverWorkletNode: an AudioWorkletNode with the ConvolverNode interface (`buffer`, `normalize`, the same
 * constructor options, errors and channel behaviour), plus `wet`/`dry` AudioParams, a crossfade on IR changes
 * and load telemetry. Construct it after registerConvolverWorklet(context) has resolved.
 *
 * The class is built on whichever AudioWorkletNode the context belongs to (native, standardized-audio-context,
 * node-web-audio-api): convolverWorkletNodeClass(AudioWorkletNode) makes one per base, once.
 * Allocates: main thread only. Setting `buffer` partitions and transforms the IR here (off the audio thread)
 * and transfers the spectra to the processor.
 */
import { preparedTransferables, type PreparedImpulse } from '../engine/index.js';
import { PROCESSOR_NAME, TELEMETRY, type FromProcessor, type ToProcessor } from '../../worklets/protocol.js';
import {
  checkChannelCount,
  checkChannelCountMode,
  checkChannelInterpretation,
  internalChannels,
  type ChannelSettings,
} from './channel-config.js';
import { prepareChecked } from './impulse-preparer.js';
import { checkImpulseBuffer, type AudioBufferLike } from './prepare-impulse-buffer.js';
import { workletUrlOf } from './register-convolver-worklet.js';
import { holdRendering } from './rendering-gate.js';

export interface ConvolverWorkletNodeOptions {
  buffer?: AudioBuffer | AudioBufferLike | null;
  disableNormalization?: boolean;
  channelCount?: number;
  channelCountMode?: ChannelCountMode;
  channelInterpretation?: ChannelInterpretation;
  /** Initial `wet` gain. Default 1. */
  wet?: number;
  /** Initial `dry` gain. Default 0 (ConvolverNode's behaviour). */
  dry?: number;
  /** Equal-power crossfade between the old and the new IR, seconds. Default 0.05. */
  crossfadeTime?: number;
  /** Longest accepted IR, seconds. Default 60. */
  maxLength?: number;
  /** Resample buffers of another rate instead of the spec's NotSupportedError. Default false. */
  resample?: boolean;
}

export const DEFAULT_OPTIONS = Object.freeze({
  buffer: null,
  disableNormalization: false,
  channelCount: 2,
  channelCountMode: 'clamped-max' as ChannelCountMode,
  channelInterpretation: 'speakers' as ChannelInterpretation,
  wet: 1,
  dry: 0,
  crossfadeTime: 0.05,
  maxLength: 60,
  resample: false,
});

export interface ConvolverTelemetry {
  /** Mean process() time over the last ≤100 ms window, as a fraction of the block's real-time budget. */
  meanLoad: number;
  /** Slowest block of that window, same unit. */
  peakLoad: number;
  /** Blocks over budget since the node was created. */
  overBudget: number;
  /** Slowest window peak since the node was created. */
  maxLoad: number;
}

export interface ConvolverWorkletNode extends AudioWorkletNode {
  buffer: AudioBuffer | AudioBufferLike | null;
  normalize: boolean;
  readonly wet: AudioParam;
  readonly dry: AudioParam;
  crossfadeTime: number;
  readonly maxLength: number;
  resample: boolean;
  /** Latest load figures, or null before the first 100 ms window. */
  readonly telemetry: ConvolverTelemetry | null;
  /** Called with the processor's error text (it has gone silent). */
  onconvolvererror: ((message: string) => void) | null;
  /** Resolves once every buffer set so far has reached the processor. */
  applied(): Promise<void>;
  /** Stops the processor once its tail has rung out, and disconnects. */
  dispose(): void;
}

export type ConvolverWorkletNodeConstructor = new (
  context: BaseAudioContext,
  options?: ConvolverWorkletNodeOptions,
) => ConvolverWorkletNode;

type AudioWorkletNodeConstructor = new (
  context: BaseAudioContext,
  name: string,
  options?: AudioWorkletNodeOptions,
) => AudioWorkletNode;

const classes = new WeakMap<AudioWorkletNodeConstructor, ConvolverWorkletNodeConstructor>();

export function convolverWorkletNodeClass(Base: AudioWorkletNodeConstructor): ConvolverWorkletNodeConstructor {
  const existing = classes.get(Base);
  if (existing !== undefined) return existing;
  const made = defineClass(Base);
  classes.set(Base, made);
  return made;
}

function defineClass(Base: AudioWorkletNodeConstructor): ConvolverWorkletNodeConstructor {
  const baseProto = Base.prototype as object;
  const setBase = (node: object, name: string, value: unknown): boolean => Reflect.set(baseProto, name, value, node);

  class ConvolverWorkletNodeImpl extends Base implements ConvolverWorkletNode {
    #user: ChannelSettings;
    #buffer: AudioBuffer | AudioBufferLike | null = null;
    #impulseChannels = 0; // channels of the IR that sets the output width (kept through `buffer = null`)
    #normalize: boolean;
    #crossfadeTime: number;
    #resample: boolean;
    readonly maxLength: number;
    readonly #blockSize: number; // frames: the context's render quantum
    readonly #sampleRate: number; // Hz
    readonly #shared: Float64Array | null;
    readonly #context: object; // the object the user holds (a wrapper's, not its native context)
    #posted: ConvolverTelemetry | null = null;
    #nextId = 0;
    #acknowledged = 0;
    #waiting: { id: number; resolve: () => void }[] = [];
    #inFlight = 0; // preparations still in a Worker
    #queue: Promise<void> = Promise.resolve();
    onconvolvererror: ((message: string) => void) | null = null;

    constructor(context: BaseAudioContext, options: ConvolverWorkletNodeOptions = {}) {
      const o = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
      const user: ChannelSettings = {
        channelCount: checkChannelCount(o.channelCount),
        channelCountMode: checkChannelCountMode(o.channelCountMode),
        channelInterpretation: checkChannelInterpretation(o.channelInterpretation),
      };
      const blockSize = (context as { renderQuantumSize?: number }).renderQuantumSize ?? 128;
      const prepareOptions = {
        sampleRate: context.sampleRate,
        normalize: !o.disableNormalization,
        maxLength: o.maxLength,
        blockSize,
        resample: o.resample,
      };
      // Checked before super() so that a bad buffer throws before any node exists, as ConvolverNode's does.
      const initial = o.buffer === null ? null : checkImpulseBuffer(o.buffer, prepareOptions);
      const inner = internalChannels(user, o.buffer?.numberOfChannels ?? 0);
      const shared = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(TELEMETRY.LENGTH * 8) : undefined;
      super(context, PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        // No outputChannelCount: the output follows the input's computed width (see channel-config.ts).
        channelCount: inner.channelCount,
        channelCountMode: inner.channelCountMode,
        channelInterpretation: inner.channelInterpretation,
        parameterData: { wet: o.wet, dry: o.dry },
        processorOptions: { blockSize, crossfadeTime: o.crossfadeTime, impulse: null, impulseId: 0, downmix: inner.downmix, telemetry: shared },
      });
      this.#user = user;
      this.#normalize = !o.disableNormalization;
      this.#crossfadeTime = o.crossfadeTime;
      this.#resample = o.resample;
      this.maxLength = o.maxLength;
      this.#blockSize = blockSize;
      this.#sampleRate = context.sampleRate;
      this.#shared = shared === undefined ? null : new Float64Array(shared);
      this.#context = context;
      this.port.onmessage = (event: MessageEvent<FromProcessor>) => this.#receive(event.data);
      if (o.buffer !== null && initial !== null) {
        this.#buffer = o.buffer;
        this.#impulseChannels = o.buffer.numberOfChannels;
        this.#deliver(prepareChecked(initial, workletUrlOf(context)));
      }
    }

    get buffer(): AudioBuffer | AudioBufferLike | null {
      return this.#buffer;
    }

    set buffer(value: AudioBuffer | AudioBufferLike | null) {
      if (value === null || value === undefined) {
        this.#buffer = null;
        this.#deliver(null);
        return;
      }
      // Throws (NotSupportedError, RangeError, TypeError) before anything changes: the old IR keeps playing.
      const checked = checkImpulseBuffer(value, {
        sampleRate: this.#sampleRate,
        normalize: this.#normalize,
        maxLength: this.maxLength,
        blockSize: this.#blockSize,
        resample: this.#resample,
      });
      this.#buffer = value;
      this.#impulseChannels = value.numberOfChannels;
      this.#applyChannels();
      this.#deliver(prepareChecked(checked, workletUrlOf(this.#context)));
    }

    /** As ConvolverNode: affects the next `buffer` assignment, not the current IR. */
    get normalize(): boolean {
      return this.#normalize;
    }
    set normalize(value: boolean) {
      this.#normalize = Boolean(value);
    }

    get resample(): boolean {
      return this.#resample;
    }
    set resample(value: boolean) {
      this.#resample = Boolean(value);
    }

    get crossfadeTime(): number {
      return this.#crossfadeTime;
    }
    set crossfadeTime(value: number) {
      if (!(value >= 0 && value <= 10)) throw new RangeError(`crossfadeTime ${value} s is not supported; expected 0 to 10 s`);
      this.#crossfadeTime = value;
      this.#send({ type: 'config', crossfadeTime: value });
    }

    get wet(): AudioParam {
      return this.parameters.get('wet') as AudioParam;
    }
    get dry(): AudioParam {
      return this.parameters.get('dry') as AudioParam;
    }

    // @ts-expect-error TS2611: lib.dom declares channelCount as a field; the override is an accessor by design.
    get channelCount(): number {
      return #user in this ? this.#user.channelCount : (Reflect.get(baseProto, 'channelCount', this) as number);
    }
    override set channelCount(value: number) {
      if (!(#user in this)) {
        setBase(this, 'channelCount', value);
        return;
      }
      this.#user.channelCount = checkChannelCount(value);
      this.#applyChannels();
    }

    // @ts-expect-error TS2611, as above.
    get channelCountMode(): ChannelCountMode {
      return #user in this ? this.#user.channelCountMode : (Reflect.get(baseProto, 'channelCountMode', this) as ChannelCountMode);
    }
    override set channelCountMode(value: ChannelCountMode) {
      if (!(#user in this)) {
        setBase(this, 'channelCountMode', value);
        return;
      }
      if (value !== 'max' && value !== 'clamped-max' && value !== 'explicit') return; // WebIDL: invalid enum ignored
      this.#user.channelCountMode = checkChannelCountMode(value);
      this.#applyChannels();
    }

    // @ts-expect-error TS2611, as above.
    get channelInterpretation(): ChannelInterpretation {
      return #user in this
        ? this.#user.channelInterpretation
        : (Reflect.get(baseProto, 'channelInterpretation', this) as ChannelInterpretation);
    }
    override set channelInterpretation(value: ChannelInterpretation) {
      if (!(#user in this)) {
        setBase(this, 'channelInterpretation', value);
        return;
      }
      if (value !== 'speakers' && value !== 'discrete') return; // WebIDL: invalid enum ignored
      this.#user.channelInterpretation = value;
      this.#applyChannels();
    }

    get telemetry(): ConvolverTelemetry | null {
      const shared = this.#shared;
      if (shared === null || shared[TELEMETRY.WINDOWS] === 0) return this.#posted;
      return {
        meanLoad: shared[TELEMETRY.MEAN_LOAD],
        peakLoad: shared[TELEMETRY.PEAK_LOAD],
        overBudget: shared[TELEMETRY.OVER_BUDGET],
        maxLoad: shared[TELEMETRY.MAX_LOAD],
      };
    }

    applied(): Promise<void> {
      const id = this.#nextId;
      if (this.#acknowledged >= id) return Promise.resolve();
      return new Promise((resolve) => this.#waiting.push({ id, resolve }));
    }

    dispose(): void {
      this.#send({ type: 'dispose' });
      this.disconnect();
    }

    #applyChannels(): void {
      const inner = internalChannels(this.#user, this.#impulseChannels);
      try {
        setBase(this, 'channelCount', inner.channelCount);
        setBase(this, 'channelCountMode', inner.channelCountMode);
        setBase(this, 'channelInterpretation', inner.channelInterpretation);
      } catch {
        // standardized-audio-context's AudioWorkletNode throws InvalidStateError from these setters (its
        // "Bug #61" workaround): there the input configuration stays as constructed, so pass the buffer (or
        // channelCountMode 'explicit') to the constructor for stereo output from mono input.
      }
      this.#send({ type: 'config', downmix: inner.downmix });
    }

    /**
     * Posts IRs to the processor in the order they were set, although a long one may still be in its Worker:
     * while any preparation is in flight, later ones queue behind it.
     */
    #deliver(preparation: PreparedImpulse | null | Promise<PreparedImpulse>): void {
      const id = ++this.#nextId;
      const send = (impulse: PreparedImpulse | null) =>
        this.#send({ type: 'impulse', id, impulse }, impulse === null ? [] : preparedTransferables(impulse));
      if (this.#inFlight === 0 && !(preparation instanceof Promise)) {
        send(preparation);
      } else {
        this.#inFlight++;
        const previous = this.#queue;
        this.#queue = (async () => {
          await previous;
          try {
            send(await preparation);
          } catch (error) {
            this.#acknowledge(id); // nothing will come back for it: do not hold rendering
            this.onconvolvererror?.(error instanceof Error ? error.message : String(error));
          }
          this.#inFlight--;
        })();
      }
      holdRendering(this.#context, this.applied());
    }

    #acknowledge(id: number): void {
      this.#acknowledged = Math.max(this.#acknowledged, id);
      const ready = this.#waiting.filter((w) => w.id <= this.#acknowledged);
      this.#waiting = this.#waiting.filter((w) => w.id > this.#acknowledged);
      for (const w of ready) w.resolve();
    }

    #send(message: ToProcessor, transfer: Transferable[] = []): void {
      this.port.postMessage(message, transfer);
    }

    #receive(message: FromProcessor): void {
      if (message.type === 'applied') {
        this.#acknowledge(message.id);
      } else if (message.type === 'telemetry') {
        const maxLoad = Math.max(this.#posted?.maxLoad ?? 0, message.peakLoad);
        this.#posted = { meanLoad: message.meanLoad, peakLoad: message.peakLoad, overBudget: message.overBudget, maxLoad };
      } else if (message.type === 'error') {
        this.onconvolvererror?.(message.message);
      }
    }
  }
  return ConvolverWorkletNodeImpl as unknown as ConvolverWorkletNodeConstructor;
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
