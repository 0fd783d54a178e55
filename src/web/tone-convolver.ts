/**
 * ConvolverReverb: a Tone.js node around ConvolverWorkletNode, so Tone users write `player.connect(reverb)` as
 * with Tone's own Convolver — with IR changes that crossfade instead of cutting the tail, and a `wet` Signal
 * (an equal-power CrossFade between the dry input and the convolved signal, as in Tone's effects).
 *
 * Constructed as Tone.Convolver is: `new ConvolverReverb(url, onload)`, `new ConvolverReverb(buffer)` or
 * `new ConvolverReverb({ url, onload, normalize, wet, … })`. The worklet module loads asynchronously: `ready`
 * resolves once the convolver is in the graph and the `url` given has loaded (then `onload` is called), and
 * rejects when either fails; before that the node passes only its dry part. IRs of another sample rate are
 * resampled. Separate entry ('web-convolver/tone') so the main entry never imports Tone.
 * Allocates: main thread only.
 */
import {
  CrossFade,
  Gain,
  ToneAudioBuffer,
  ToneAudioNode,
  connect,
  optionsFromArguments,
  type Signal,
  type ToneAudioNodeOptions,
} from 'tone';
import { AudioWorkletNode as SacAudioWorkletNode } from 'standardized-audio-context';
import { convolverWorkletNodeClass, type ConvolverWorkletNode } from './convolver-worklet-node.js';
import { registerConvolverWorklet, type WorkletContext } from './register-convolver-worklet.js';

export interface ConvolverReverbOptions extends ToneAudioNodeOptions {
  /** IR to load: a URL, or a buffer. */
  url?: string | AudioBuffer | ToneAudioBuffer;
  /** The spec's ConvolverNode normalization. Default true. */
  normalize: boolean;
  /** Wet/dry balance, 0 (dry) … 1 (wet). Default 1. */
  wet: number;
  /** Crossfade between IRs, seconds. Default 0.05. */
  crossfadeTime: number;
  /** Where the processor module is; default next to the library. */
  moduleUrl?: string | URL;
  /** Called once the `url` has loaded and is applied, as Tone.Convolver's `onload`. */
  onload: () => void;
}

type AudioWorkletNodeConstructor = Parameters<typeof convolverWorkletNodeClass>[0];

export class ConvolverReverb extends ToneAudioNode<ConvolverReverbOptions> {
  readonly name: string = 'ConvolverReverb';
  readonly input: Gain;
  readonly output: Gain;
  /** 0 = dry only, 1 = convolved only (equal-power crossfade in between). */
  readonly wet: Signal<'normalRange'>;
  /** Resolves when the convolver is connected and the constructor's `url` (if any) is applied. */
  readonly ready: Promise<void>;
  private readonly dryWet: CrossFade;
  private readonly loader = new ToneAudioBuffer();
  private convolver: ConvolverWorkletNode | null = null;
  private pendingBuffer: AudioBuffer | null = null;
  private normalizeOption: boolean;
  private readonly crossfadeOption: number;

  constructor(url?: string | AudioBuffer | ToneAudioBuffer, onload?: () => void);
  constructor(options?: Partial<ConvolverReverbOptions>);
  constructor(...args: unknown[]) {
    // Tone's own argument handling: a first argument that is not an options object is the url, the second onload.
    const o = optionsFromArguments(ConvolverReverb.getDefaults(), args as never, ['url', 'onload']) as ConvolverReverbOptions;
    super(o);
    this.input = new Gain({ context: this.context });
    this.output = new Gain({ context: this.context });
    this.dryWet = new CrossFade({ context: this.context, fade: o.wet });
    this.wet = this.dryWet.fade;
    this.normalizeOption = o.normalize;
    this.crossfadeOption = o.crossfadeTime;
    this.input.connect(this.dryWet.a);
    this.dryWet.connect(this.output);
    this.ready = this.initialize(o);
    // `ready` rejects for whoever awaits it; a page that never does must not see an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  static override getDefaults(): ConvolverReverbOptions {
    return Object.assign(ToneAudioNode.getDefaults(), { normalize: true, wet: 1, crossfadeTime: 0.05, onload: () => undefined });
  }

  /** Loads an IR from a URL and applies it (crossfading from the current one); rejects when loading fails. */
  async load(url: string): Promise<void> {
    const buffer = await this.loader.load(url);
    const raw = buffer.get();
    if (raw === undefined) throw new Error(`impulse response ${url} did not load; expected an audio file`);
    this.buffer = raw;
  }

  /**
   * The spec's ConvolverNode normalization, as Tone.Convolver's `normalize`: like there, it applies to the next
   * buffer set or loaded, not to the current one.
   */
  get normalize(): boolean {
    return this.convolver?.normalize ?? this.normalizeOption;
  }
  set normalize(value: boolean) {
    this.normalizeOption = Boolean(value);
    if (this.convolver !== null) this.convolver.normalize = this.normalizeOption;
  }

  get buffer(): AudioBuffer | null {
    return (this.convolver?.buffer as AudioBuffer | null | undefined) ?? this.pendingBuffer;
  }

  set buffer(value: AudioBuffer | ToneAudioBuffer | null) {
    const raw = value instanceof ToneAudioBuffer ? (value.get() ?? null) : value;
    if (this.convolver === null) this.pendingBuffer = raw;
    else this.convolver.buffer = raw;
  }

  /** The convolver's load figures (see ConvolverWorkletNode.telemetry), once ready. */
  get telemetry() {
    return this.convolver?.telemetry ?? null;
  }

  override dispose(): this {
    super.dispose();
    this.input.dispose();
    this.output.dispose();
    this.dryWet.dispose();
    this.loader.dispose();
    this.convolver?.dispose();
    return this;
  }

  private async initialize(o: ConvolverReverbOptions): Promise<void> {
    const raw = this.context.rawContext as unknown as WorkletContext & BaseAudioContext;
    await registerConvolverWorklet(raw, o.moduleUrl);
    // Tone's contexts are standardized-audio-context contexts: build on that library's AudioWorkletNode.
    const Node = convolverWorkletNodeClass(SacAudioWorkletNode as unknown as AudioWorkletNodeConstructor);
    const convolver = new Node(raw, {
      // Tone's effects are stereo; and standardized-audio-context cannot change a worklet node's channel
      // settings after construction, so fix 2 channels (mono input is up-mixed, as ConvolverNode does).
      channelCount: 2,
      channelCountMode: 'explicit',
      disableNormalization: !this.normalizeOption,
      crossfadeTime: this.crossfadeOption,
      resample: true,
    });
    if (this.pendingBuffer !== null) convolver.buffer = this.pendingBuffer;
    this.pendingBuffer = null;
    this.convolver = convolver;
    connect(this.input, convolver as never);
    connect(convolver as never, this.dryWet.b);
    if (typeof o.url === 'string') {
      await this.load(o.url);
      o.onload();
    } else if (o.url !== undefined) {
      this.buffer = o.url;
    }
  }
}
