/**
 * ConvolverWorkletNode: an AudioWorkletNode with the ConvolverNode interface (`buffer`, `normalize`, the same
 * constructor options, errors and channel behaviour), plus `wet`/`dry` AudioParams, a crossfade on IR changes
 * and load telemetry. Construct it after registerConvolverWorklet(context) has resolved.
 *
 * The class is built on whichever AudioWorkletNode the context belongs to (native, standardized-audio-context,
 * node-web-audio-api): convolverWorkletNodeClass(AudioWorkletNode) makes one per base, once.
 * Allocates: main thread only. Setting `buffer` checks and normalizes the IR synchronously (spec errors are
 * thrown by the setter), partitions and transforms it off the audio thread (here, or in a Worker for long IRs)
 * and transfers the spectra to the processor.
 */
import { PROCESSOR_NAME, TELEMETRY, type Downmix, type FromProcessor, type ToProcessor } from '../../worklets/protocol.js';
import {
  checkChannelCount,
  checkChannelCountMode,
  checkChannelInterpretation,
  internalChannels,
  narrowsIdleWorkletOutput,
  workletOutputChannelCount,
  type ChannelSettings,
} from './channel-config.js';
import {
  DEFAULT_OPTIONS,
  type AudioWorkletNodeConstructor,
  type ConvolverTelemetry,
  type ConvolverWorkletNode as ConvolverWorkletNodeInterface,
  type ConvolverWorkletNodeConstructor,
  type ConvolverWorkletNodeOptions,
} from './convolver-worklet-node-options.js';
import { copyToAudioBuffer, isAudioBuffer } from './audio-buffer-copy.js';
import { withRegistrationHint } from './registration-hint.js';
import { prepareChecked } from './impulse-preparer.js';
import { checkImpulseBuffer, type AudioBufferLike, type CheckedImpulse } from './prepare-impulse-buffer.js';
import { workletUrlOf } from './register-convolver-worklet.js';
import { ImpulseDelivery, prepareHead } from './impulse-delivery.js';
import { TailStreamer } from './impulse-streamer.js';
import { revivesIdleProcessors } from './processor-lifetime.js';
import { setterPhase } from './setter-trace.js';

export {
  DEFAULT_OPTIONS,
  type ConvolverTelemetry,
  type ConvolverWorkletNode,
  type ConvolverWorkletNodeConstructor,
  type ConvolverWorkletNodeOptions,
} from './convolver-worklet-node-options.js';

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

  // Named as the public class, so that constructor.name, stack traces and console.log say ConvolverWorkletNode.
  class ConvolverWorkletNode extends withRegistrationHint(Base) implements ConvolverWorkletNodeInterface {
    #user: ChannelSettings;
    #buffer: AudioBuffer | AudioBufferLike | null = null;
    #asAudioBuffer: AudioBuffer | null = null; // #buffer as the context's AudioBuffer, made when first read
    #disposed = false;
    #impulseChannels = 0; // channels of the IR that sets the output width (kept through `buffer = null`)
    #normalize: boolean;
    #crossfadeTime: number;
    #resample: boolean;
    readonly maxLength: number;
    readonly #blockSize: number; // frames: the context's render quantum
    readonly #sampleRate: number; // Hz
    readonly #shared: Float64Array | null;
    readonly #context: object; // the object the user holds (a wrapper's, not its native context)
    readonly #delivery: ImpulseDelivery;
    readonly #offline: boolean;
    #posted: ConvolverTelemetry | null = null;
    #downmix: Downmix; // the processor's downmix, as last sent
    #fallback = false;
    #listener: ((event: MessageEvent<FromProcessor>) => void) | null = null; // holds this node: see 'asleep'
    onconvolvererror: ((message: string) => void) | null = null;

    constructor(context: BaseAudioContext, options: ConvolverWorkletNodeOptions = {}) {
      if (options !== null && typeof options !== 'object' && typeof options !== 'function') {
        // WebIDL: a dictionary argument must be an object, undefined or null (ConvolverNode throws the same)
        throw new TypeError(`options is ${typeof options} ${String(options)}; expected a ConvolverOptions dictionary`);
      }
      const o = { ...DEFAULT_OPTIONS, ...stripUndefined(options ?? {}) };
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
      // Offline contexts render nothing else meanwhile: compile the engine before the first block there, and
      // load IRs at once. A realtime context would glitch for the warm-up's duration, so there the JIT warms up
      // as it plays, and long IRs are copied into their engine a piece per block.
      const offline = typeof (context as { startRendering?: unknown }).startRendering === 'function';
      // Realtime: the head goes with the processor's options, so the IR plays from the first rendered block.
      const head = initial === null || initial.detached || offline ? null : prepareHead(initial);
      super(context, PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        // Where possible no outputChannelCount: the output follows the input's computed width; Firefox narrows
        // it when the input goes idle, cutting stereo tails, so there it is fixed at 2 (see channel-config.ts).
        outputChannelCount: workletOutputChannelCount(narrowsIdleWorkletOutput()),
        channelCount: inner.channelCount,
        channelCountMode: inner.channelCountMode,
        channelInterpretation: inner.channelInterpretation,
        parameterData: { wet: o.wet, dry: o.dry },
        processorOptions: {
          blockSize,
          crossfadeTime: o.crossfadeTime,
          impulse: head?.impulse ?? null,
          impulseId: head === null ? 0 : 1,
          downmix: inner.downmix,
          telemetry: shared,
          warmUp: offline,
          deferLoad: !offline,
          // the processor finishes after this frame, so a completed context lets the node go
          renderLength: offline ? (context as { length?: number }).length : undefined,
          // where a processor that returned false plays again when input returns (Firefox), idle nodes sleep
          revivable: !offline && revivesIdleProcessors(),
        },
      });
      this.#user = user;
      this.#downmix = inner.downmix;
      this.#normalize = !o.disableNormalization;
      this.#crossfadeTime = o.crossfadeTime;
      this.#resample = o.resample;
      this.maxLength = o.maxLength;
      this.#blockSize = blockSize;
      this.#sampleRate = context.sampleRate;
      this.#shared = shared === undefined ? null : new Float64Array(shared);
      this.#context = context;
      this.#offline = offline;
      this.#delivery = new ImpulseDelivery(
        (message, transfer) => this.port.postMessage(message, transfer),
        context,
        (message) => this.#error(message),
        offline ? null : new TailStreamer(workletUrlOf(context)),
      );
      this.#listener = (event: MessageEvent<FromProcessor>) => this.#receive(event.data);
      this.port.onmessage = this.#listener;
      if (o.buffer !== null && initial !== null) {
        this.#buffer = o.buffer;
        this.#impulseChannels = o.buffer.numberOfChannels;
        if (head !== null) this.#delivery.adoptHead(initial, head);
        else if (!initial.detached) this.#deliver(initial);
      }
    }

    get buffer(): AudioBuffer | null {
      const value = this.#buffer;
      if (value === null || isAudioBuffer(value)) return value;
      this.#asAudioBuffer ??= copyToAudioBuffer(value, this.#context);
      return this.#asAudioBuffer;
    }

    set buffer(value: AudioBuffer | AudioBufferLike | null) {
      if (this.#disposed) {
        throw new DOMException(
          'buffer set after dispose(); expected a node that is not disposed: create a new ConvolverWorkletNode',
          'InvalidStateError',
        );
      }
      this.#asAudioBuffer = null;
      if (value === null || value === undefined) {
        this.#buffer = null;
        this.#delivery.deliver(null);
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
      setterPhase('channels');
      this.#deliver(checked);
    }

    /** Realtime: the head now, the tail streamed. Offline: all of it before rendering goes on (rendering-gate.ts). */
    #deliver(checked: CheckedImpulse): void {
      if (checked.detached) this.#delivery.deliver(null); // the spec's "acquire the content" failed: silence
      else if (this.#offline) this.#delivery.deliver(prepareChecked(checked, workletUrlOf(this.#context)));
      else this.#delivery.deliverHead(checked);
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

    get fallback(): boolean {
      return this.#fallback;
    }

    applied(): Promise<void> {
      return this.#delivery.applied();
    }

    dispose(): void {
      this.#disposed = true;
      this.#send({ type: 'dispose' });
      this.disconnect();
    }

    #applyChannels(): void {
      const inner = internalChannels(this.#user, this.#impulseChannels);
      // Only what changes: each of these setters takes the graph lock in Chromium, which the audio thread may
      // hold, and the `buffer` setter should not wait for it when the IR's width stays the same.
      const update = (name: string, value: unknown) => {
        if (Reflect.get(baseProto, name, this) !== value) setBase(this, name, value);
      };
      try {
        update('channelCount', inner.channelCount);
        update('channelCountMode', inner.channelCountMode);
        update('channelInterpretation', inner.channelInterpretation);
      } catch {
        // standardized-audio-context's AudioWorkletNode throws InvalidStateError from these setters (its
        // "Bug #61" workaround): there the input configuration stays as constructed, so pass the buffer (or
        // channelCountMode 'explicit') to the constructor for stereo output from mono input.
      }
      // Only when it changes: each message wakes the audio thread, which on a busy machine takes the CPU from
      // the main thread (and the setter) for as long as it runs.
      if (inner.downmix === this.#downmix) return;
      this.#downmix = inner.downmix;
      this.#send({ type: 'config', downmix: inner.downmix });
    }

    #send(message: ToProcessor, transfer: Transferable[] = []): void {
      this.port.postMessage(message, transfer);
    }

    #receive(message: FromProcessor): void {
      if (message.type === 'applied') {
        this.#delivery.acknowledge(message.id);
      } else if (message.type === 'telemetry') {
        const maxLoad = Math.max(this.#posted?.maxLoad ?? 0, message.peakLoad);
        this.#posted = { meanLoad: message.meanLoad, peakLoad: message.peakLoad, overBudget: message.overBudget, maxLoad };
      } else if (message.type === 'error') {
        if (message.id !== undefined) this.#delivery.fail(message.id, message.message);
        this.#error(message.message);
      } else if (message.type === 'release-request') {
        this.#send({ type: 'release' });
      } else if (message.type === 'resend') {
        this.#resend();
      } else if (message.type === 'awake') {
        this.port.onmessage = this.#listener; // input is back: hold the node again while it plays
      } else if (message.type === 'asleep') {
        // The processor sleeps (Firefox) until input returns. A port listener that holds its node keeps the
        // node alive for good (Chromium and Firefox: test/browser/lifecycle.test.ts); one that holds it weakly
        // does not, and while anything can still feed the node (a held source, a playing one) the browser
        // keeps it anyway, so the 'resend' it may need is heard. So a dropped, sleeping node is collectable.
        this.port.onmessage = ConvolverWorkletNode.#weakListener(new WeakRef(this));
      } else if (message.type === 'finished') {
        // Chromium keeps an entangled port with a listener alive, and the listener holds this node (its buffer,
        // its context): close it, so a finished node is collectable
        this.#delivery.close();
        this.port.onmessage = null;
        this.port.close();
      } else if (message.type === 'fallback') {
        this.#fallback = true;
        console.warn(`web-convolver: ${message.message}`);
        this.#dispatch('convolverfallback', message.message);
      }
    }

    /** A port listener that reaches `node` only while something else holds it (a static: it captures no `this`). */
    static #weakListener(node: WeakRef<ConvolverWorkletNode>): (event: MessageEvent<FromProcessor>) => void {
      return (event) => {
        const held = node.deref();
        if (held !== undefined) held.#receive(event.data);
      };
    }

    /** onconvolvererror, then a 'convolvererror' event (its `message` is the processor's error text). */
    #error(message: string): void {
      this.onconvolvererror?.(message);
      this.#dispatch('convolvererror', message);
    }

    #dispatch(type: string, message: string): void {
      if (typeof Event !== 'function' || typeof this.dispatchEvent !== 'function') return;
      const event = new Event(type);
      Object.defineProperty(event, 'message', { value: message });
      this.dispatchEvent(event);
    }

    /**
     * The processor released its engine after idling without input, and input is back: set the same buffer
     * again, through the `buffer` setter's own path (check, normalize, prepare off the audio thread, deliver).
     */
    #resend(): void {
      const buffer = this.#buffer;
      if (buffer === null) return;
      try {
        this.buffer = buffer;
      } catch (error) {
        this.#error(error instanceof Error ? error.message : String(error));
      }
    }
  }
  return ConvolverWorkletNode as unknown as ConvolverWorkletNodeConstructor;
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
