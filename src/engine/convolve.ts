/**
 * Offline convolution: the whole signal, or a long stream in chunks of any length, with the whole tail.
 * Runs the streaming engine with large blocks (cheap per sample, latency irrelevant offline).
 *
 * Allocates: offline use only (tests, the command line, rendering), not for the audio thread.
 */
import { outputChannelCount } from './channel-matrix.js';
import { checkInput } from './direct-convolve.js';
import { impulseChannelsOf, type ImpulseInput } from './impulse-input.js';
import { PartitionedConvolver } from './partitioned-convolver.js';
import { prepareImpulse, type PreparedImpulse } from './prepared-impulse.js';
import { count } from './wording.js';

export interface OfflineOptions {
  /** Engine block size; default 4096 frames for IRs over 8192 frames, else 1024. */
  readonly blockSize?: number;
  /** Input channels: 1 or 2. Default: taken from the first chunk (StreamingConvolver) or the input. */
  readonly inputChannels?: 1 | 2;
  /** Gain applied to the IR. Default 1. */
  readonly scale?: number;
}

const SMALL_IR = 8192; // frames

/**
 * Streams input of any chunk length through the engine; memory stays bounded by the IR and one block.
 * The input channel count is `options.inputChannels` or else the first chunk's (a mono chunk through a mono IR
 * gives mono output); later chunks may have fewer channels (mono feeds both), never more.
 */
export class StreamingConvolver {
  readonly impulseLength: number;
  private readonly impulseChannels: 1 | 2 | 4;
  private prepared: PreparedImpulse | null; // until the engine copies it in
  private engine: PartitionedConvolver | null = null; // built when the input channel count is known
  private inBlock: Float32Array[] = [];
  private outBlock: Float32Array[] = [];
  private fill = 0; // frames waiting in inBlock
  private pushed = 0; // input frames received
  private emitted = 0; // output frames returned
  private finished = false;
  private inputs: 1 | 2 | null;

  /** `impulse`: Float32Array channels or an AudioBuffer-like (loadImpulse's result). Allocates. */
  constructor(impulse: ImpulseInput, options: OfflineOptions = {}) {
    const channels = impulseChannelsOf(impulse) as Float32Array[];
    // prepareImpulse validates the impulse (and throws the errors naming what is wrong); the length here only
    // picks a block size, so a malformed impulse may get any
    const length: number = Array.isArray(channels) && channels[0] instanceof Float32Array ? channels[0].length : 0;
    const blockSize = options.blockSize ?? (length > SMALL_IR ? 4096 : 1024);
    const inputs = options.inputChannels;
    if (inputs !== undefined && inputs !== 1 && inputs !== 2) {
      throw new RangeError(`inputChannels ${String(inputs)} is not supported; expected 1 or 2`);
    }
    this.inputs = inputs ?? null;
    this.prepared = prepareImpulse(channels, { blockSize, scale: options.scale });
    this.impulseLength = this.prepared.length;
    this.impulseChannels = this.prepared.channels;
    if (this.inputs !== null) this.build(this.inputs);
  }

  /** 1 or 2: the option, or the first chunk's channel count; 2 until the first chunk when neither is known yet. */
  get inputChannels(): 1 | 2 {
    return this.inputs ?? 2;
  }

  /** Channels of every returned chunk: mono only when input and IR are. Final once inputChannels is. */
  get outputChannels(): 1 | 2 {
    return outputChannelCount(this.inputChannels, this.impulseChannels);
  }

  /** Takes a chunk (1 … inputChannels channels, any length); returns the output frames ready so far. Allocates. */
  push(input: Float32Array[]): Float32Array[] {
    if (this.finished) throw new TypeError('push() after finish(); expected a new StreamingConvolver for a new stream');
    const channels = checkInput(input);
    const engine = this.engine ?? this.build(channels);
    if (channels > this.inputChannels) {
      throw new RangeError(
        `input has ${count(channels, 'channel')}; expected at most ${this.inputChannels}, as in the first chunk or the inputChannels option`,
      );
    }
    const frames = input[0].length;
    const B = engine.blockSize;
    const out = this.allocOut(Math.floor((this.fill + frames) / B) * B);
    let written = 0;
    for (let i = 0; i < frames; ) {
      const n = Math.min(B - this.fill, frames - i);
      for (let c = 0; c < this.inputChannels; c++) {
        this.inBlock[c].set(input[Math.min(c, channels - 1)].subarray(i, i + n), this.fill);
      }
      this.fill += n;
      i += n;
      if (this.fill === B) written = this.runBlock(out, written);
    }
    this.pushed += frames;
    return out;
  }

  /** Flushes the input and returns the rest of the output, through the end of the IR's tail. Allocates. */
  finish(): Float32Array[] {
    if (this.finished) throw new TypeError('finish() called twice; expected one finish() per stream');
    this.finished = true;
    const engine = this.engine ?? this.build(this.inputChannels);
    const total = this.pushed + this.impulseLength - 1;
    const out = this.allocOut(total - this.emitted);
    const B = engine.blockSize;
    let written = 0;
    while (written < out[0].length) {
      for (let c = 0; c < this.inputChannels; c++) this.inBlock[c].fill(0, this.fill);
      this.fill = B;
      written = this.runBlock(out, written);
    }
    engine.release(); // its memory goes back to the scope now, not when the collector finds it
    return out;
  }

  private build(inputs: 1 | 2): PartitionedConvolver {
    this.inputs = inputs;
    const engine = new PartitionedConvolver(this.prepared as PreparedImpulse, { inputChannels: inputs });
    this.engine = engine;
    this.prepared = null; // the engine has its own copy of the spectra
    this.inBlock = Array.from({ length: inputs }, () => new Float32Array(engine.blockSize));
    this.outBlock = Array.from({ length: engine.outputChannels }, () => new Float32Array(engine.blockSize));
    return engine;
  }

  private allocOut(frames: number): Float32Array[] {
    return Array.from({ length: this.outputChannels }, () => new Float32Array(frames));
  }

  /** Processes the full input block and copies as much of its output as `out` has room for. */
  private runBlock(out: Float32Array[], written: number): number {
    const engine = this.engine as PartitionedConvolver; // built before any block runs
    engine.process(this.inBlock, this.outBlock);
    this.fill = 0;
    const n = Math.min(engine.blockSize, out[0].length - written);
    for (let c = 0; c < this.outputChannels; c++) out[c].set(this.outBlock[c].subarray(0, n), written);
    this.emitted += n;
    return written + n;
  }
}

/**
 * Full linear convolution of `input` with `impulse`, with the ConvolverNode channel matrix. Output length is
 * input + IR − 1 frames (the whole tail); output is mono only when input and IR are.
 */
export function convolve(input: Float32Array[], impulse: ImpulseInput, options: OfflineOptions = {}): Float32Array[] {
  // push() checks the samples; only the channel count is needed first, and checkInput names a bad one
  const inputChannels = Array.isArray(input) && (input.length === 1 || input.length === 2) ? input.length : checkInput(input);
  const stream = new StreamingConvolver(impulse, { ...options, inputChannels: options.inputChannels ?? inputChannels });
  const head = stream.push(input);
  const tail = stream.finish();
  const result: Float32Array[] = [];
  for (let c = 0; c < stream.outputChannels; c++) {
    const y = new Float32Array(head[c].length + tail[c].length);
    y.set(head[c]);
    y.set(tail[c], head[c].length);
    result.push(y);
  }
  return result;
}
