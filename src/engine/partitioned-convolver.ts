/**
 * Streaming, zero-latency convolution of 1 or 2 input channels with a 1-, 2- or 4-channel impulse response,
 * one block of `blockSize` frames at a time, by non-uniform partitioned FFT convolution.
 *
 * Prepare (the constructor, or prepareImpulse beforehand) allocates; process() and reset() are real-time safe:
 * no allocation, and no exception for well-shaped input.
 *
 * Sharing: one forward FFT per input channel and level, however many impulse channels read that input; one
 * inverse FFT per output channel and level, after the paths are summed in the frequency domain.
 */
import { channelPaths, outputChannelCount } from './channel-matrix.js';
import { BlockGlue } from './block-glue.js';
import { BlockLevel } from './block-level.js';
import { ConvolutionLevel } from './convolution-level.js';
import { validateBlockSize, type PartitionPlan } from './partition-plan.js';
import { isChannelSource, type ImpulseInput } from './impulse-input.js';
import { prepareImpulse, validatePrepared, type PreparedImpulse } from './prepared-impulse.js';
import { describeValue, validateBlock } from './validate-impulse.js';

/**
 * Input and output magnitudes below this (−600 dB) become exact zeros, so a silent tail decays to zeros and
 * never to denormal numbers.
 */
const FLUSH_BELOW = 1e-30;

export interface ConvolverOptions {
  /** Frames per process() call: a power of two from 32 to 4096. Default 128 (or the prepared impulse's). */
  readonly blockSize?: number;
  /**
   * Input channels the engine keeps: 1 or 2. Default 2. A 2-channel engine also takes mono input (it feeds
   * both channels, as Web Audio's speaker up-mix does); a 1-channel engine with a 1-channel IR outputs mono.
   * A 2-channel engine with a 1-channel IR given mono input may also be given one output channel (the spec's
   * mono in, mono IR → mono out), so the default serves both widths.
   */
  readonly inputChannels?: 1 | 2;
  /** Use the WebAssembly SIMD multiply-accumulate where the scope has it. Default true; false forces JavaScript. */
  readonly simd?: boolean;
  /**
   * Leave copying the impulse spectra in to load() calls, so that building an engine for a long IR on an audio
   * thread (a message handler) does not stall it: call load() from process() until it returns true, then use
   * the engine. Default false. process() on a partly loaded engine finishes the copy first.
   * A deferred engine's pages are not prefaulted at construction either (other engines' are): call
   * prefault(maxBytes) a piece at a time before its first process().
   */
  readonly deferLoad?: boolean;
  /**
   * With `deferLoad`: impulse-spectrum values process() copies in per call, floats. Default Infinity (process()
   * finishes the copy first). A finite budget lets spectra supplied later (supply()) stream in across blocks;
   * partitions not in yet contribute nothing until they are (see ConvolutionLevel.run).
   */
  readonly loadPerBlock?: number;
}

export class PartitionedConvolver {
  readonly blockSize: number;
  readonly inputChannels: 1 | 2;
  readonly outputChannels: 1 | 2;
  readonly impulseChannels: 1 | 2 | 4;
  /** IR length in frames: after input stops, output rings for impulseLength − 1 more frames. */
  readonly impulseLength: number;
  /** How the IR is partitioned. */
  readonly plan: PartitionPlan;
  private levels: ConvolutionLevel[]; // emptied by release(): process() then outputs silence
  private readonly scratch: Float32Array[]; // the block's input, flushed once for every level
  private glue: BlockGlue | null; // the same per-sample work in WebAssembly, where every level runs there
  private head: BlockLevel | null; // level 0 in one WebAssembly call a block, where the glue runs
  private complete: boolean; // every impulse spectrum supplied so far is in
  private readonly loadPerBlock: number; // floats
  private readonly deferred: boolean; // deferLoad
  private isReleased = false;
  private started = false; // process() has run: prefault() no longer may write

  /** Allocates: main thread, Worker, or a message handler — never in process(). */
  constructor(impulse: ImpulseInput | PreparedImpulse, options: ConvolverOptions = {}) {
    const inputChannels = options.inputChannels ?? 2;
    if (inputChannels !== 1 && inputChannels !== 2) {
      throw new RangeError(`inputChannels ${String(inputChannels)} is not supported; expected 1 or 2`);
    }
    let prepared: PreparedImpulse;
    if (Array.isArray(impulse) || isChannelSource(impulse)) {
      prepared = prepareImpulse(impulse, { blockSize: options.blockSize ?? 128 });
    } else {
      validatePrepared(impulse);
      prepared = impulse;
      if (options.blockSize !== undefined && validateBlockSize(options.blockSize) !== prepared.blockSize) {
        throw new RangeError(
          `blockSize ${options.blockSize} does not match the prepared impulse's ${prepared.blockSize}; prepare it again`,
        );
      }
    }
    this.plan = prepared.plan; // the prepared spectra are copied into the levels: nothing keeps them alive
    this.blockSize = prepared.blockSize;
    this.inputChannels = inputChannels;
    this.impulseChannels = prepared.channels;
    this.impulseLength = prepared.length;
    this.outputChannels = outputChannelCount(inputChannels, prepared.channels);
    this.deferred = options.deferLoad === true;
    this.complete = !this.deferred;
    this.loadPerBlock = options.deferLoad === true ? (options.loadPerBlock ?? Infinity) : Infinity;
    this.scratch = Array.from({ length: inputChannels }, () => new Float32Array(prepared.blockSize));
    const paths = channelPaths(inputChannels, prepared.channels);
    const build = (l: number, blockKernel: boolean) =>
      new ConvolutionLevel(
        prepared.plan.levels[l],
        this.blockSize,
        inputChannels,
        this.outputChannels,
        paths,
        prepared.spectra.slice(l * prepared.channels, (l + 1) * prepared.channels),
        options.simd ?? true,
        options.deferLoad ?? false,
        blockKernel,
      );
    // level 0 without the windows, results and transform a BlockLevel makes its own (≈ 22 KB a stereo engine),
    // where one is likely to stand in; built again with them when none can (no WebAssembly memory for every level)
    const blockKernel = BlockLevel.likely(prepared.plan.levels[0]?.size === this.blockSize, options.simd ?? true);
    this.levels = prepared.plan.levels.map((_, l) => build(l, l === 0 && blockKernel));
    this.glue = this.levels.length > 0 && this.levels.every((level) => level.simd) ? BlockGlue.create(this.blockSize, inputChannels, this.outputChannels) : null;
    this.head = this.glue !== null ? BlockLevel.create(this.levels[0], this.glue, inputChannels, this.outputChannels, paths) : null;
    if (this.head === null && blockKernel) {
      this.levels[0].release();
      this.levels[0] = build(0, false);
      if (this.glue !== null && !this.levels[0].simd) {
        this.glue.release();
        this.glue = null;
      }
    }
    // Fresh WebAssembly memory is mapped on first write: fault the state's pages in here, in preparation, or the
    // first seconds of blocks page-fault their way through the delay lines (bench/fresh-engine.ts: p99.9 ≈ 5–7×
    // steady without). A deferred engine is built on an audio thread: its owner prefaults it a piece at a time.
    if (!this.deferred) this.prefault();
  }

  /**
   * Convolves one block. `input`: 1 … inputChannels Float32Arrays of blockSize frames; `output`:
   * outputChannels Float32Arrays of blockSize frames, overwritten — or 1 when the input is mono and the IR has
   * 1 channel (both outputs would be equal). Output frame n depends on input frames ≤ n. Returns false when
   * the output is not finite (NaN or Infinity in the input), so callers need no pass of their own to check.
   * Real-time safe. Throws only for ill-shaped buffers.
   */
  process(input: Float32Array[], output: Float32Array[]): boolean {
    if (!this.complete) this.load(this.loadPerBlock);
    this.started = true;
    const B = this.blockSize;
    validateBlock('input', input, 1, this.inputChannels, B);
    const monoOut = this.impulseChannels === 1 && input.length === 1 ? 1 : this.outputChannels;
    validateBlock('output', output, monoOut, this.outputChannels, B);
    const levels = this.levels;
    const last = input.length - 1;
    const stereo = last > 0;
    const glue = this.glue;
    const head = this.head;
    // level 0's kernel flushes the input itself; its output is in the glue's blocks first, the other levels add to
    // it, and when there are none it flushes the output too
    const staged = glue !== null ? glue.takeInput(input, head === null) : this.flushInput(input);
    const from = head !== null ? 1 : 0;
    const alone = head !== null && levels.length === 1;
    let finite = head !== null ? head.process(stereo, output.length, alone) : true;
    for (let l = from; l < levels.length; l++) {
      const level = levels[l];
      level.beginBlock(stereo);
      for (let i = 0; i < this.inputChannels; i++) level.write(i, staged[i < last ? i : last]);
      level.run();
    }
    for (let o = 0; o < output.length; o++) {
      const out = output[o];
      // the first level with output overwrites, the others add: no zeroing pass
      let written = head !== null;
      if (glue !== null) {
        const address = glue.outputs[o].byteOffset;
        for (let l = from; l < levels.length; l++) if (levels[l].readInto(o, address, !written)) written = true;
        if (alone) out.set(glue.outputs[o]);
        else if (written && !glue.giveOutput(o, out)) finite = false;
      } else {
        for (let l = 0; l < levels.length; l++) if (levels[l].read(o, out, !written)) written = true;
        if (written && !flushOutput(out)) finite = false;
      }
      if (!written) out.fill(0);
    }
    for (let l = from; l < levels.length; l++) levels[l].endBlock();
    return finite;
  }

  /** The JavaScript path of BlockGlue.takeInput: input into `scratch`, flushed of denormal-bound values. */
  private flushInput(input: Float32Array[]): Float32Array[] {
    const B = this.blockSize;
    const scratch = this.scratch;
    for (let c = 0; c < input.length; c++) {
      const src = input[c];
      const dst = scratch[c];
      for (let i = 0; i < B; i++) {
        const v = src[i];
        dst[i] = v < FLUSH_BELOW && v > -FLUSH_BELOW ? 0 : v;
      }
    }
    return scratch;
  }

  /**
   * Supplies partitions first … first + n − 1 of level `level` (spectra[c]: n packed partition spectra of
   * impulse channel c, as prepareImpulseParts makes them), for an engine built from a PreparedImpulse that held
   * only a head (see prepareImpulseHead). In order: each level's partitions follow the ones it has. Copied at
   * once, or with `deferLoad` by load() / process(). Allocates: views (a message handler, never process()).
   */
  supply(level: number, first: number, spectra: Float32Array[]): void {
    const target = this.levels[level];
    if (target === undefined || !Array.isArray(spectra) || !(spectra[0] instanceof Float32Array)) {
      throw new RangeError(`level ${level} with spectra ${describeValue(spectra)}; expected a level below ${this.levels.length} and Float32Array spectra`);
    }
    target.supply(first, spectra);
    this.complete = false;
    if (!this.deferred) this.load(Infinity);
  }

  /** Impulse partitions (over all levels) whose spectra are not in the engine yet. Real-time safe. */
  get missingPartitions(): number {
    let missing = 0;
    for (let l = 0; l < this.levels.length; l++) missing += this.levels[l].missing;
    return missing;
  }

  /**
   * With `deferLoad`: copies up to `maxFloats` more impulse-spectrum values in (at least one piece of whole
   * partitions, a few µs); true once all supplied so far are in. Real-time safe.
   */
  load(maxFloats: number): boolean {
    if (this.complete) return true;
    let budget = maxFloats;
    let loading = false;
    for (let l = 0; l < this.levels.length; l++) {
      const level = this.levels[l];
      if (budget > 0) budget -= level.load(budget);
      if (level.loading) loading = true;
    }
    this.complete = !loading;
    return this.complete;
  }

  /**
   * Prepares a fresh engine's memory so its first blocks run at steady-state speed: writes a zero into each
   * page of its state (delay lines, windows, results) not yet touched, up to `maxBytes` of pages a call (a
   * page fault costs ≈ 0.3–1 µs: 1 MiB ≈ 0.1–0.25 ms); true once all are touched. The constructor does it for
   * engines without `deferLoad`; call it for a deferred one, a piece per block, before its first process().
   * After an engine's first process() it does nothing and returns true. Real-time safe.
   */
  prefault(maxBytes = Infinity): boolean {
    if (this.started) return true;
    let budget = maxBytes;
    let done = true;
    for (let l = 0; l < this.levels.length; l++) {
      const level = this.levels[l];
      if (budget > 0) budget -= level.prefault(budget);
      if (!level.prefaulted) done = false;
    }
    return done;
  }

  /**
   * Bytes of typed arrays and WebAssembly memory the engine holds (its state and its copy of the impulse
   * spectra; not the PreparedImpulse it was built from, which the caller may drop).
   */
  get byteLength(): number {
    let bytes = 0;
    for (let l = 0; l < this.levels.length; l++) bytes += this.levels[l].byteLength;
    return bytes + (this.head?.byteLength ?? 0) + (this.glue?.byteLength ?? 0);
  }

  /** true when every level runs the WebAssembly SIMD kernels in the scope's shared memory. */
  get simd(): boolean {
    return this.levels.length > 0 && this.levels.every((level) => level.simd);
  }

  /**
   * true when WebAssembly memory was wanted but could not be created or grown (the address space is exhausted):
   * some levels run the JavaScript path instead, with the same results, only slower.
   */
  get fallback(): boolean {
    return this.levels.some((level) => level.fallback);
  }

  /** true once release() has run. */
  get released(): boolean {
    return this.isReleased;
  }

  /**
   * Returns the engine's memory to the scope's shared WebAssembly memory, for the next engine; engines that are
   * garbage-collected unreleased give it back too, later. Afterwards process() outputs silence (it never touches
   * memory another engine may now hold) and byteLength is 0. Idempotent. Allocates: prepare only (a message
   * handler, never process()).
   */
  release(): void {
    for (let l = 0; l < this.levels.length; l++) this.levels[l].release();
    this.levels = [];
    this.glue?.release();
    this.glue = null;
    this.head?.release();
    this.head = null;
    this.complete = true;
    this.isReleased = true;
  }

  /** Forgets all input: the next block starts from silence. Real-time safe. */
  reset(): void {
    for (let l = 0; l < this.levels.length; l++) this.levels[l].reset();
    this.head?.reset();
  }
}

/**
 * The JavaScript path of BlockGlue.giveOutput: values bound for float32 denormals (products of tiny inputs and a
 * tiny IR tail; slow here and downstream) become 0; false when a value is not finite.
 */
function flushOutput(out: Float32Array): boolean {
  let check = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v < FLUSH_BELOW && v > -FLUSH_BELOW) out[i] = 0;
    else check += v;
  }
  // check − check is NaN for NaN and ±Infinity, 0 for every finite sum
  return check - check === 0;
}
