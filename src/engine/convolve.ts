/**
 * Offline convolution: the whole signal, or a long stream in chunks of any length, with the whole tail.
 * Runs the streaming engine with large blocks (cheap per sample, latency irrelevant offline).
 *
 * Allocates: offline use only (tests, the command line, rendering), not for the audio thread.
 */
import { checkInput } from './direct-convolve.js';
import { PartitionedConvolver } from './partitioned-convolver.js';
import { prepareImpulse } from './prepared-impulse.js';

export interface OfflineOptions {
  /** Engine block size; default 4096 frames for IRs over 8192 frames, else 1024. */
  readonly blockSize?: number;
  /** Input channels: 1 or 2. Default: taken from the first chunk (StreamingConvolver) or the input. */
  readonly inputChannels?: 1 | 2;
  /** Gain applied to the IR. Default 1. */
  readonly scale?: number;
}

const SMALL_IR = 8192; // frames

/** Streams input of any chunk length through the engine; memory stays bounded by the IR and one block. */
export class StreamingConvolver {
  readonly outputChannels: 1 | 2;
  readonly inputChannels: 1 | 2;
  readonly impulseLength: number;
  private readonly engine: PartitionedConvolver;
  private readonly inBlock: Float32Array[];
  private readonly outBlock: Float32Array[];
  private fill = 0; // frames waiting in inBlock
  private pushed = 0; // input frames received
  private emitted = 0; // output frames returned
  private finished = false;

  constructor(impulse: Float32Array[], options: OfflineOptions = {}) {
    // prepareImpulse validates the impulse (and throws the errors naming what is wrong); the length here only
    // picks a block size, so a malformed impulse may get any
    const length: number = Array.isArray(impulse) && impulse[0] instanceof Float32Array ? impulse[0].length : 0;
    const blockSize = options.blockSize ?? (length > SMALL_IR ? 4096 : 1024);
    this.inputChannels = options.inputChannels ?? 2;
    const prepared = prepareImpulse(impulse, { blockSize, scale: options.scale });
    this.engine = new PartitionedConvolver(prepared, { inputChannels: this.inputChannels });
    this.outputChannels = this.engine.outputChannels;
    this.impulseLength = prepared.length;
    this.inBlock = Array.from({ length: this.inputChannels }, () => new Float32Array(blockSize));
    this.outBlock = Array.from({ length: this.outputChannels }, () => new Float32Array(blockSize));
  }

  /** Takes a chunk (1 … inputChannels channels, any length); returns the output frames ready so far. */
  push(input: Float32Array[]): Float32Array[] {
    if (this.finished) throw new Error('push() after finish(); create a new StreamingConvolver');
    const channels = checkInput(input);
    if (channels > this.inputChannels) {
      throw new RangeError(`input has ${channels} channels; this convolver was made for ${this.inputChannels}`);
    }
    const frames = input[0].length;
    const B = this.engine.blockSize;
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

  /** Flushes the input and returns the rest of the output, through the end of the IR's tail. */
  finish(): Float32Array[] {
    if (this.finished) throw new Error('finish() called twice');
    this.finished = true;
    const total = this.pushed + this.impulseLength - 1;
    const out = this.allocOut(total - this.emitted);
    const B = this.engine.blockSize;
    let written = 0;
    while (written < out[0].length) {
      for (let c = 0; c < this.inputChannels; c++) this.inBlock[c].fill(0, this.fill);
      this.fill = B;
      written = this.runBlock(out, written);
    }
    this.engine.release(); // its memory goes back to the scope now, not when the collector finds it
    return out;
  }

  private allocOut(frames: number): Float32Array[] {
    return Array.from({ length: this.outputChannels }, () => new Float32Array(frames));
  }

  /** Processes the full input block and copies as much of its output as `out` has room for. */
  private runBlock(out: Float32Array[], written: number): number {
    this.engine.process(this.inBlock, this.outBlock);
    this.fill = 0;
    const n = Math.min(this.engine.blockSize, out[0].length - written);
    for (let c = 0; c < this.outputChannels; c++) out[c].set(this.outBlock[c].subarray(0, n), written);
    this.emitted += n;
    return written + n;
  }
}

/**
 * Full linear convolution of `input` with `impulse`, with the ConvolverNode channel matrix. Output length is
 * input + IR − 1 frames (the whole tail); output is mono only when input and IR are.
 */
export function convolve(input: Float32Array[], impulse: Float32Array[], options: OfflineOptions = {}): Float32Array[] {
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
