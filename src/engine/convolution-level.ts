/**
 * One level of the non-uniform partitioned convolver: partitions of S frames, FFT size 2S, a
 * frequency-domain delay line (FDL) per input channel, and its work spread evenly over the K = S/B blocks it
 * has before its output is due.
 *
 * Timeline for input chunk c (frames cS … cS+S−1, complete in the block at (c+1)S − B):
 *  - its work (forward FFTs, multiply-accumulate over the FDL, inverse FFTs) runs as K steps, one per block,
 *    from the block where the chunk completes;
 *  - its S output frames are read from the block of the last step on, i.e. from frame cS + 2S − 2B, which is
 *    why a level of size S starts at IR offset 2S − 2B. For S = B this is offset 0: zero latency.
 * Input windows (2S frames: the previous chunk and this one) rotate over three, so the window being
 * transformed is never overwritten by new input; they overlap in one buffer of 4S frames per input (see write()).
 * Inverse results alternate over two buffers, so the one being read is never overwritten by the next chunk's
 * work. The FDL is a ring indexed by chunk: nothing is copied. Windows and results are float32 where the
 * transform computes in float32 (WebAssembly: they held float32 values in float64 before, at twice the memory),
 * the results only their second half, the S frames read (the first half is the circular wrap overlap-save
 * drops); float64 and whole for the JavaScript transform.
 *
 * With `blockKernel`, a BlockLevel runs this level's block (level 0 in one WebAssembly call): the level keeps only
 * the delay lines, impulse spectra and accumulator (and their loading, prefault, reset and release), no windows,
 * results, transform or task list; write/run/read must not be called.
 *
 * Prepare (the constructor) allocates; write/run/read are real-time safe.
 */
import type { ChannelPath } from './channel-matrix.js';
import type { PartitionLevel } from './partition-plan.js';
import { MonoSlots } from './mono-slots.js';
import { createRealTransform, type RealTransform, type TimeBuffer } from './real-transform.js';
import { SpectrumArena, simdAvailable, type FftKernels, type GlueKernels } from './spectrum-arena.js';
import { WasmRealFFT32 } from './wasm-real-fft-f32.js';

/** Floats copied per piece by load(): 256 KiB, a few µs of memcpy. */
const LOAD_PIECE = 65536;
const TASK_FORWARD = 0;
const TASK_MAC = 1;
const TASK_INVERSE = 2;
const TASK_STRIDE = 5; // kind, channel, a, b, c
/** Spectrum bins per multiply-accumulate task (partitions × bins of each). */
const MAC_CHUNK = 2048; // complex bins
/** Partitions the MAC kernel sums in one pass over the accumulator (macring4, mac4). */
const MAC_PASS = 4;
/**
 * Relative cost of one complex multiply-accumulate, in real-FFT step-cost units (≈ 0.27 ns each here): ≈ 0.29 ns
 * a bin with the SIMD kernel summing four partitions a pass (macring4), ≈ 0.23 planar (macring4p), ≈ 3 ns in
 * JavaScript.
 */
const MAC_COST_SIMD = 1.1;
const MAC_COST_PLANAR = 0.85;
const MAC_COST_SCALAR = 11;
/** Bytes of a memory page: prefault() writes once per page. */
const PAGE_BYTES = 4096;
/**
 * Levels of at most this many frames keep their spectra planar for macring4p (groups of four bins, re then im)
 * where the MAC runs WebAssembly; larger levels keep them packed (macring4). See `planar`. Above it the MAC runs
 * over spectra beyond the caches, where planar gained less (8192×16: 0.86 of macring4's time, against 0.76–0.84
 * up to 1024 frames), and the conversion passes, each done in one step, would grow to 2048+ groups of bins.
 */
const PLANAR_UP_TO = 4096; // frames
/**
 * Fewer partitions stay packed: each chunk pays a conversion pass per input and output (≈ 0.1 ns a bin each in
 * Node, and a WebAssembly call each from a level's tasks), the MAC saves ≈ 0.06 ns a bin per partition and path:
 * in Node a 512-frame IR (128×4) measured 1.02–1.07 planar, 4 800 frames (128×6 512×8) 0.99. (10 was tried
 * after one Chromium probe run gave 4 800 frames 1.13–1.17, within that probe's A/A spread of 0.91–0.97; with it
 * a 30 000-frame engine mixed packed and planar levels and test/engine/real-time.test.ts saw 290–330 KB of heap
 * growth over 100 000 blocks, against its 256 KB, where all packed or all planar stayed under.)
 */
const PLANAR_MIN_PARTITIONS = 6;

export class ConvolutionLevel {
  /** For tests and the bench: levels built afterwards are planar up to this size (frames; with 6 partitions or more). */
  static planarUpTo = PLANAR_UP_TO;
  readonly size: number;
  /**
   * true when the delay lines, impulse spectra and accumulator are planar — groups of four bins, [re × 4]
   * [im × 4], packed bin 0's DC and Nyquist in lane 0 (toplanar in the .wat) — and the MAC is macring4p: no
   * shuffle at all, where the interleaved layout needs two a partition and bin pair (≈ 0.7–0.75 of macring4's
   * time, bench/planar-mac.ts). Each forward transform's spectrum is made planar in place after its last step,
   * the accumulator packed again before the inverse's first, the impulse spectra as they are copied in. Only
   * where the level's arena is WebAssembly memory; the given (prepared, transferred) spectra stay packed.
   */
  readonly planar: boolean;
  readonly count: number;
  /** Blocks per chunk (S / B): the steps the work is spread over. */
  readonly steps: number;

  private readonly blockSize: number;
  private readonly macWidth: number; // complex bins of the slice a MAC task covers
  private readonly fft: RealTransform | null; // null with blockKernel
  private readonly timeInArena: boolean; // windows and results are float32 views of the arena (else float64 arrays)
  // the views into the arena are remade when the scope memory grows (rebindViews), hence not readonly
  private windowBuffers: TimeBuffer[]; // [input]: 4S frames, which the input's three windows overlap (see write())
  private windows: TimeBuffer[]; // [input · 3 + chunk % 3], 2S frames each: views of windowBuffers
  private fdl: Float32Array[]; // [input], count packed spectra of 2S numbers
  private spectra: Float32Array[]; // [impulse channel], count packed spectra
  private readonly arena: SpectrumArena; // holds fdl, spectra and acc; runs the MAC
  private readonly loadFrom: Float32Array[] = []; // pieces of the given spectra still to copy…
  private readonly loadTo: Float32Array[] = []; // …and where they go
  private readonly loadReady: number[] = []; // …and how many partitions are complete once that piece is in
  private loaded = 0; // pieces copied
  private readonly loadChannel: number[] = []; // …and where each piece goes: impulse channel, first float and
  private readonly loadStart: number[] = []; // length in this.spectra (loadTo's views are remade from these
  private readonly loadLength: number[] = []; // after a grow: a detached subarray forgets its offset)
  private supplied = 0; // partitions whose spectra were given (constructor, supply())
  private ready = 0; // partitions whose spectra are in the arena: the MAC reads only these
  private jobReady = 0; // `ready` when the running job started, so one chunk never mixes two states
  private acc: Float32Array; // the output spectrum being summed
  // [output · 2 + chunk % 2], inverse FFT results (swapped, see RealTransform): float32, their second half only
  // (S frames, what read() reads), or float64, whole (2S)
  private results: TimeBuffer[];
  private readonly resultFrom: number; // frame of a result where this block's output starts, before readPos
  private readonly pathInput: Int32Array[]; // [output] → input channel of each path into it
  private readonly pathImpulse: Int32Array[]; // [output] → impulse channel of each path into it
  private readonly tasks: Int32Array;
  private faultView = 0; // prefault()'s cursor over the state views (see stateView) …
  private faultAt = 0; // … and the element within that view
  private readonly stepStart: Int32Array; // tasks of step s: [stepStart[s], stepStart[s + 1])
  private slotOffset = 0; // set by locate(): FDL offset of the partition the MAC reads…
  private slotInput: Float32Array; // …and its FDL array
  private readonly quadInputs: Float32Array[] = []; // the four FDL arrays of one mac4 pass…
  private readonly quadOffsets = new Int32Array(4); // …and their offsets
  /**
   * Mono input into a 2-input engine (see MonoSlots): monoWindow[w]: every block written into window w so far was
   * mono; slots.mono[slot]: that FDL slot's chunk was transformed for input 0 only. A chunk whose outputs are
   * equal (slots.shared) skips output 1's MAC and inverse; its reads take output 0's result (resultShared[chunk % 2]).
   */
  private readonly monoWindow = new Uint8Array(3).fill(1);
  private readonly slots: MonoSlots;
  private readonly resultShared = new Uint8Array(2);
  private jobShared = false;

  private phase = 0; // block within the chunk being filled, 0 … steps − 1
  private chunk = 0; // index of the chunk being filled
  private job = -1; // chunk whose work is in progress
  private reading = false;
  private readParity = 0;
  private readPos = 0; // frames of the current result already read

  constructor(
    level: PartitionLevel,
    blockSize: number,
    inputs: number,
    outputs: number,
    paths: readonly ChannelPath[],
    spectra: Float32Array[],
    simd = true,
    deferLoad = false,
    blockKernel = false,
  ) {
    const S = level.size;
    const slots = level.count * 2 * S; // floats in one delay line or one impulse channel's spectra
    this.size = S;
    this.count = level.count;
    this.blockSize = blockSize;
    this.steps = S / blockSize;
    this.macWidth = Math.min(S, MAC_CHUNK / MAC_PASS);
    // float32 values: delay lines, impulse spectra, accumulator; where the arena runs WebAssembly, also the
    // windows (4S frames an input), results (2 × S an output) and the float32 transform's scratch and tables
    // (createRealTransform gives WasmRealFFT32 there: levels have 2S ≥ 64 frames); the JavaScript path keeps its
    // float64 windows and results outside the arena
    const stepped = blockKernel ? 0 : 4 * S * inputs + 2 * S * outputs + WasmRealFFT32.arenaFloats(2 * S);
    const floats = (inputs + spectra.length) * slots + 2 * S + (simd && simdAvailable() ? stepped : 0);
    // the impulse spectra come first and need no zeroing: the MAC reads only partitions loaded in (`ready`)
    this.arena = new SpectrumArena(floats, simd, spectra.length * slots);
    this.planar = this.arena.simd && S >= 4 && S <= ConvolutionLevel.planarUpTo && level.count >= PLANAR_MIN_PARTITIONS;
    this.fft = blockKernel ? null : createRealTransform(2 * S, this.arena);
    this.timeInArena = this.fft?.float32Time === true;
    // built in preparation: map the transform's scratch pages now (bench/fresh-engine.ts: a fresh 10 s engine's
    // first-3 s p99.9 4.8× steady without); a deferred engine, built on an audio thread, maps them as it runs
    if (!deferLoad) this.fft?.touchScratch?.();
    // copied into the arena: the SIMD kernel reads only its own memory (a transferred buffer cannot be adopted);
    // now, or piece by piece through load() when the copy must not hold up an audio thread
    this.spectra = spectra.map(() => this.arena.alloc(slots));
    this.supply(0, spectra);
    if (!deferLoad) this.load(Infinity);
    this.fdl = [];
    for (let i = 0; i < inputs; i++) this.fdl.push(this.arena.alloc(slots));
    this.acc = this.arena.alloc(2 * S);
    const time = blockKernel ? 0 : 1;
    this.windowBuffers = Array.from({ length: time * inputs }, () => this.timeBuffer(4 * S));
    this.windows = this.windowViews();
    this.resultFrom = this.timeInArena ? 0 : S;
    this.results = Array.from({ length: time * 2 * outputs }, () => this.timeBuffer(this.timeInArena ? S : 2 * S));
    this.slots = new MonoSlots(level.count, inputs, outputs, spectra.length);
    this.slotInput = this.fdl[0];
    for (let j = 0; j < 4; j++) this.quadInputs.push(this.fdl[0]);
    this.pathInput = [];
    this.pathImpulse = [];
    for (let o = 0; o < outputs; o++) {
      const into = paths.filter((p) => p.output === o);
      this.pathInput.push(Int32Array.from(into, (p) => p.input));
      this.pathImpulse.push(Int32Array.from(into, (p) => p.impulse));
    }
    const { tasks, stepStart } = this.schedule(inputs, outputs);
    this.tasks = tasks;
    this.stepStart = stepStart;
    this.arena.onRebind = () => this.rebindViews();
  }

  /** A zeroed window or result buffer of `frames`: float32 in the arena, or float64 for the JavaScript transform. */
  private timeBuffer(frames: number): TimeBuffer {
    return this.timeInArena ? this.arena.alloc(frames) : new Float64Array(frames);
  }

  /** The three windows of each input: frames [wS, wS + 2S) of its buffer, w = chunk % 3. Allocates. */
  private windowViews(): TimeBuffer[] {
    const S = this.size;
    const views: TimeBuffer[] = [];
    for (const buffer of this.windowBuffers) for (let w = 0; w < 3; w++) views.push(buffer.subarray(w * S, (w + 2) * S));
    return views;
  }

  /** true when the multiply-accumulate and (direct sizes) the FFT run WebAssembly SIMD. */
  get simd(): boolean {
    return this.arena.simd;
  }

  /** true when WebAssembly memory was wanted but could not be had: this level runs JavaScript. */
  get fallback(): boolean {
    return this.arena.fallback;
  }

  /**
   * Returns the level's memory to the scope. The level must not be used again (PartitionedConvolver drops it).
   * Allocates: prepare only.
   */
  release(): void {
    this.arena.release();
    this.windowBuffers = [];
    this.windows = [];
    this.fdl = [];
    this.spectra = [];
    this.results = [];
    this.acc = new Float32Array(0);
    this.slotInput = this.acc;
    this.quadInputs.fill(this.acc);
    this.loadFrom.length = 0;
    this.loadTo.length = 0;
    this.loadReady.length = 0;
    this.loadChannel.length = 0;
    this.loadStart.length = 0;
    this.loadLength.length = 0;
    this.loaded = 0;
  }

  /** The scope memory grew and detached every view: take them again (state and contents are kept). */
  private rebindViews(): void {
    const arena = this.arena;
    this.windowBuffers = this.windowBuffers.map((v) => arena.rebound(v));
    this.windows = this.windowViews();
    this.fdl = this.fdl.map((v) => arena.rebound(v));
    this.spectra = this.spectra.map((v) => arena.rebound(v));
    this.results = this.results.map((v) => arena.rebound(v));
    this.acc = arena.rebound(this.acc);
    for (let i = 0; i < this.loadTo.length; i++) {
      const start = this.loadStart[i];
      this.loadTo[i] = this.spectra[this.loadChannel[i]].subarray(start, start + this.loadLength[i]);
      if (i < this.loaded) this.loadFrom[i] = this.loadTo[i]; // copied: only kept to drop the caller's buffer
    }
    this.slotInput = this.fdl[0];
    this.quadInputs.fill(this.fdl[0]);
  }

  /** Builds the task list of one chunk and cuts it into `steps` slices of about equal cost. */
  private schedule(inputs: number, outputs: number): { tasks: Int32Array; stepStart: Int32Array } {
    const list: number[] = [];
    const costs: number[] = [];
    const S = this.size;
    const fft = this.fft;
    if (fft === null) return { tasks: new Int32Array(0), stepStart: new Int32Array(this.steps + 1) };
    for (let i = 0; i < inputs; i++) {
      for (let s = 0; s < fft.forwardSteps; s++) {
        list.push(TASK_FORWARD, i, s, 0, 0);
        costs.push(fft.stepCost(s, false));
      }
    }
    // a task: `group` partitions (at least four: the kernel's pass) over a slice of macWidth bins
    const width = this.macWidth;
    const group = MAC_CHUNK / width;
    for (let o = 0; o < outputs; o++) {
      const paths = this.pathInput[o].length;
      for (let p0 = 0; p0 < this.count; p0 += group) {
        const p1 = Math.min(this.count, p0 + group);
        for (let q = 0; q < S / width; q++) {
          list.push(TASK_MAC, o, p0, p1, q);
          costs.push((p1 - p0) * paths * width * (this.planar ? MAC_COST_PLANAR : this.arena.simd ? MAC_COST_SIMD : MAC_COST_SCALAR));
        }
      }
      for (let s = 0; s < fft.inverseSteps; s++) {
        list.push(TASK_INVERSE, o, s, 0, 0);
        costs.push(fft.stepCost(s, true));
      }
    }
    const total = costs.reduce((a, b) => a + b, 0);
    const stepStart = new Int32Array(this.steps + 1);
    let cum = 0;
    let step = 0;
    for (let t = 0; t < costs.length; t++) {
      // a task belongs to the step in which its cost midpoint falls
      const s = Math.min(this.steps - 1, Math.floor(((cum + costs[t] / 2) / total) * this.steps));
      while (step < s) stepStart[++step] = t;
      cum += costs[t];
    }
    while (step < this.steps) stepStart[++step] = costs.length;
    return { tasks: Int32Array.from(list), stepStart };
  }

  /**
   * Queues partitions first … first + n − 1 of every impulse channel for load() (spectra[c]: n packed spectra
   * of 2S numbers each; n may be 0). Partitions are supplied in order: a level missing its later partitions
   * convolves with the ones it has (see run()). Allocates: views, in a message handler or on the main thread.
   */
  supply(first: number, spectra: Float32Array[]): void {
    const S2 = 2 * this.size;
    const n = spectra[0].length / S2;
    if (first !== this.supplied) {
      throw new RangeError(`partition ${first} of the ${this.size}-frame level supplied; expected partition ${this.supplied}`);
    }
    if (spectra.length !== this.spectra.length || !Number.isInteger(n) || first + n > this.count) {
      throw new RangeError(
        `${spectra.length} spectra of ${spectra[0].length} numbers from partition ${first} of the ${this.size}-frame ` +
          `level; expected ${this.spectra.length} of a multiple of ${S2} numbers, up to partition ${this.count}`,
      );
    }
    for (let c = 0; c < spectra.length; c++) {
      if (spectra[c].length !== n * S2) throw new RangeError(`impulse channel ${c} has ${spectra[c].length} numbers; expected ${n * S2}`);
    }
    // pieces of whole partitions (at least one), so that readiness advances partition by partition
    const per = Math.max(1, Math.floor(LOAD_PIECE / S2));
    for (let p = 0; p < n; p += per) {
      const q = Math.min(n, p + per);
      for (let c = 0; c < spectra.length; c++) {
        this.loadFrom.push(spectra[c].subarray(p * S2, q * S2));
        this.loadTo.push(this.spectra[c].subarray((first + p) * S2, (first + q) * S2));
        this.loadChannel.push(c);
        this.loadStart.push((first + p) * S2);
        this.loadLength.push((q - p) * S2);
        this.loadReady.push(c === spectra.length - 1 ? first + q : first + p);
      }
    }
    this.supplied = first + n;
  }

  /**
   * Copies whole pieces of the impulse spectra into the arena while fewer than `maxFloats` values have been
   * copied by this call; returns how many it copied. A planar level's pieces are made planar in place by one
   * WebAssembly call (toplanar). Real-time safe (TypedArray.set between views made before).
   */
  load(maxFloats: number): number {
    let copied = 0;
    while (this.loaded < this.loadTo.length && copied < maxFloats) {
      const to = this.loadTo[this.loaded];
      const from = this.loadFrom[this.loaded];
      const floats = from.length;
      to.set(from);
      if (this.planar) (this.arena.fft as FftKernels).toplanar(to.byteOffset, floats / 8);
      this.loadFrom[this.loaded] = to; // drops the reference to the caller's buffer
      this.ready = this.loadReady[this.loaded];
      copied += floats;
      this.loaded++;
    }
    return copied;
  }

  /** Partitions whose spectra are not in yet (not supplied, or not copied). */
  get missing(): number {
    return this.count - this.ready;
  }

  /**
   * Byte addresses in the scope memory of the delay lines (per input), impulse spectra (per impulse channel)
   * and accumulator (all planar when `planar`), for a kernel that runs this level's block itself (block-level.ts). They stay put when the
   * memory grows (only the views are remade). Only for a level whose arena is WebAssembly memory. Allocates.
   */
  addresses(): { fdl: number[]; spectra: number[]; acc: number } {
    return { fdl: this.fdl.map((v) => v.byteOffset), spectra: this.spectra.map((v) => v.byteOffset), acc: this.acc.byteOffset };
  }

  /** true while some impulse spectra are still to be copied in by load(). */
  get loading(): boolean {
    return this.loaded < this.loadTo.length;
  }

  /**
   * Bytes of typed arrays and WebAssembly memory this level holds: its arena, and the JavaScript path's windows,
   * results and transform, which live outside it (the WebAssembly path's live in it).
   */
  get byteLength(): number {
    let bytes = this.arena.byteLength;
    if (this.timeInArena || this.fft === null) return bytes;
    bytes += this.fft.byteLength;
    for (let i = 0; i < this.windowBuffers.length; i++) bytes += this.windowBuffers[i].byteLength;
    for (let i = 0; i < this.results.length; i++) bytes += this.results[i].byteLength;
    return bytes;
  }

  /**
   * Writes a zero into each page of this level's state (delay lines, input windows, inverse results,
   * accumulator) not yet touched, up to `maxBytes` of pages; returns the bytes of pages it covered. Fresh memory
   * is mapped on first write, so without this the first blocks of a fresh engine page-fault their way through
   * the delay lines. Only before the level's first block: its state is all zeros then. Real-time safe.
   */
  prefault(maxBytes: number): number {
    let touched = 0;
    for (let view = this.stateView(this.faultView); view !== null && touched < maxBytes; view = this.stateView(this.faultView)) {
      const step = PAGE_BYTES / view.BYTES_PER_ELEMENT;
      let i = this.faultAt;
      for (; i < view.length && touched < maxBytes; i += step) {
        view[i] = 0;
        touched += PAGE_BYTES;
      }
      if (i < view.length) {
        this.faultAt = i;
      } else {
        this.faultView++;
        this.faultAt = 0;
      }
    }
    return touched;
  }

  /** true once prefault() has covered every page of the state. */
  get prefaulted(): boolean {
    return this.stateView(this.faultView) === null;
  }

  /** The k-th view of the level's state, in a fixed order; null past the last. */
  private stateView(k: number): Float32Array | Float64Array | null {
    if (k < this.fdl.length) return this.fdl[k];
    k -= this.fdl.length;
    if (k < this.windowBuffers.length) return this.windowBuffers[k];
    k -= this.windowBuffers.length;
    if (k < this.results.length) return this.results[k];
    return k === this.results.length ? this.acc : null;
  }

  /** Forgets all input and output. Real-time safe. */
  reset(): void {
    for (let i = 0; i < this.windowBuffers.length; i++) this.windowBuffers[i].fill(0);
    for (let i = 0; i < this.fdl.length; i++) this.fdl[i].fill(0);
    for (let i = 0; i < this.results.length; i++) this.results[i].fill(0);
    this.acc.fill(0);
    this.monoWindow.fill(1);
    this.slots.reset();
    this.resultShared.fill(0);
    this.jobShared = false;
    this.phase = 0;
    this.chunk = 0;
    this.job = -1;
    this.reading = false;
    this.readPos = 0;
  }

  /**
   * Starts a block, before write(): `stereo` says whether the two inputs differ (2-input engines given two
   * channels). Real-time safe.
   */
  beginBlock(stereo: boolean): void {
    const next = (this.chunk + 1) % 3;
    if (this.phase === 0) this.monoWindow[next] = 1; // the next chunk's window starts filling now
    if (stereo) {
      this.monoWindow[this.chunk % 3] = 0;
      this.monoWindow[next] = 0;
    }
  }

  /**
   * Stores one block of input channel `input` (already flushed of denormal-bound values). Real-time safe.
   *
   * A chunk is the second half of its own window and the first half of the next chunk's. The windows of an input
   * overlap in one buffer of 4S frames — window w is frames [wS, wS + 2S) — so chunk c (w = c % 3) is written once,
   * at (w + 1)S, which both windows share, and chunk c ≡ 2 (mod 3) also at 0, where window 0 starts. What is
   * written while chunk c's window is transformed (chunk c + 1, at (w + 2)S mod 4S) lies outside that window.
   */
  write(input: number, data: Float32Array): void {
    const buffer = this.windowBuffers[input];
    const w = this.chunk % 3;
    const first = this.phase * this.blockSize;
    buffer.set(data, (w + 1) * this.size + first);
    if (w === 2) buffer.set(data, first);
  }

  /** Runs this block's share of the work, after write() and before read(). Real-time safe. */
  run(): void {
    const K = this.steps;
    if (this.phase === K - 1) {
      const job = this.chunk;
      this.slots.mark(job % this.count, this.monoWindow[job % 3]);
      this.job = job;
      this.jobShared = this.slots.shared;
      this.resultShared[job % 2] = this.jobShared ? 1 : 0;
      // A partition whose spectrum is missing contributes nothing to this chunk's output. With the empty
      // history of a new engine, partition p is first needed by job p, so a tail streamed in time is exact.
      this.jobReady = this.ready;
    }
    const step = (this.phase + 1) % K;
    if (this.job >= 0) {
      const tasks = this.tasks;
      const end = this.stepStart[step + 1];
      for (let t = this.stepStart[step]; t < end; t++) this.runTask(t * TASK_STRIDE, tasks);
      if (step === K - 1) {
        this.reading = true;
        this.readParity = this.job % 2;
        this.readPos = 0;
      }
    }
    if (++this.phase === K) {
      this.phase = 0;
      this.chunk++;
    }
  }

  /**
   * Writes (`overwrite`) or adds this level's output for the block into `out` (channel `output`); false when
   * the level has no output yet (nothing written). Real-time safe.
   */
  read(output: number, out: Float32Array, overwrite: boolean): boolean {
    if (!this.reading) return false;
    const result = this.readResult(output);
    const base = this.resultFrom + this.readPos; // even: results are swapped in pairs, x[j] = result[j ^ 1]
    const B = this.blockSize;
    if (overwrite) {
      for (let i = 0; i < B; i += 2) {
        out[i] = result[base + i + 1];
        out[i + 1] = result[base + i];
      }
    } else {
      for (let i = 0; i < B; i += 2) {
        out[i] += result[base + i + 1];
        out[i + 1] += result[base + i];
      }
    }
    return true;
  }

  /**
   * read() in WebAssembly: this level's output for the block into the float32 block at byte address `out` of
   * the scope memory, written (`overwrite`) or added; false when the level has no output yet. Only for a level
   * whose arena is WebAssembly memory (simd). Real-time safe.
   */
  readInto(output: number, out: number, overwrite: boolean): boolean {
    if (!this.reading) return false;
    const result = this.readResult(output);
    // float32 (the arena's results, their second half only): 4 bytes a frame
    (this.arena.glue as GlueKernels).readout32(result.byteOffset + 4 * this.readPos, out, this.blockSize, overwrite ? 0 : 1);
    return true;
  }

  /** The inverse-FFT result output `output` reads this block (output 0's when the chunk's outputs are equal). */
  private readResult(output: number): TimeBuffer {
    const parity = this.readParity;
    return this.results[(this.resultShared[parity] === 1 ? 0 : output) * 2 + parity];
  }

  /** Advances the read position once every output channel has been read. Real-time safe. */
  endBlock(): void {
    if (this.reading) this.readPos += this.blockSize;
  }

  private runTask(at: number, tasks: Int32Array): void {
    const kind = tasks[at];
    const channel = tasks[at + 1];
    const job = this.job;
    const fft = this.fft;
    if (fft === null) return; // blockKernel: no tasks
    if (kind === TASK_FORWARD) {
      const slot = job % this.count;
      if (channel > 0 && this.slots.mono[slot] === 1) return;
      const step = tasks[at + 2];
      fft.forwardStep(step, this.windows[channel * 3 + (job % 3)], this.fdl[channel], slot * 2 * this.size);
      if (this.planar && step === fft.forwardSteps - 1) {
        (this.arena.fft as FftKernels).toplanar(this.fdl[channel].byteOffset + 8 * slot * this.size, this.size / 4);
      }
    } else if (channel > 0 && this.jobShared) {
      return; // output 1 equals output 0 for this chunk: read() takes output 0's result
    } else if (kind === TASK_MAC) {
      this.mac(channel, tasks[at + 2], tasks[at + 3], tasks[at + 4]);
    } else {
      const step = tasks[at + 2];
      // every MAC task of this output ran in an earlier task: the accumulator is complete
      if (this.planar && step === 0) (this.arena.fft as FftKernels).fromplanar(this.acc.byteOffset, this.size / 4);
      fft.inverseStep(step, this.acc, this.results[channel * 2 + (job % 2)]);
    }
  }

  /** acc (zeroed at partition 0) += Σ over paths into `output` of FDL[job − p] · H[p], bins of chunk q. */
  private mac(output: number, p0: number, p1: number, q: number): void {
    const acc = this.acc;
    const arena = this.arena;
    const S2 = 2 * this.size;
    const k0 = 2 * q * this.macWidth;
    const k1 = k0 + 2 * this.macWidth;
    const inputs = this.pathInput[output];
    const impulses = this.pathImpulse[output];
    if (p0 === 0) acc.fill(0, k0, k1);
    if (p1 > this.jobReady) p1 = this.jobReady; // partitions not in yet: see run()
    if (p1 <= p0) return; // none of these is in yet (acc was cleared above when p0 is 0)
    if (this.macRing(output, p0, p1, k0, k1)) return;
    const first = k0 === 0 ? 4 : k0; // see lowBins()
    const xs = this.quadInputs;
    const xo = this.quadOffsets;
    for (let path = 0; path < inputs.length; path++) {
      const input = inputs[path];
      const H = this.spectra[impulses[path]];
      let p = p0;
      for (; p + 3 < p1; p += 4) {
        for (let j = 0; j < 4; j++) {
          this.locate(input, p + j);
          xs[j] = this.slotInput;
          xo[j] = this.slotOffset + first;
          if (k0 === 0) this.lowBins(this.slotInput, this.slotOffset, H, (p + j) * S2);
        }
        arena.mac4(acc, first, xs, xo, H, p * S2 + first, S2, k1 - first);
      }
      for (; p < p1; p++) {
        this.locate(input, p);
        if (k0 === 0) this.lowBins(this.slotInput, this.slotOffset, H, p * S2);
        arena.mac(acc, first, this.slotInput, this.slotOffset + first, H, p * S2 + first, k1 - first);
      }
    }
  }

  /**
   * The MAC of partitions [p0, p1) over floats [k0, k1) of their spectra, as one WebAssembly call per path (the
   * per-partition JavaScript would cost more than the arithmetic at small levels). false where it does not
   * apply — no WebAssembly, or packed spectra and an input-1 path whose slots are partly mono (some read input
   * 0's spectra, some input 1's; a planar level takes such a path a partition a call).
   */
  private macRing(output: number, p0: number, p1: number, k0: number, k1: number): boolean {
    const kernels = this.arena.fft;
    if (kernels === null) return false;
    const inputs = this.pathInput[output];
    const impulses = this.pathImpulse[output];
    const P = this.count;
    const stereo = this.slots.stereo;
    const partly = stereo !== 0 && stereo !== P;
    const planar = this.planar;
    if (partly && !planar) {
      for (let path = 0; path < inputs.length; path++) if (inputs[path] > 0) return false;
    }
    const bytes = 8 * this.size; // of one packed spectrum
    const s0 = (((this.job - p0) % P) + P) % P;
    const acc = this.acc.byteOffset;
    for (let path = 0; path < inputs.length; path++) {
      const input = inputs[path];
      const H = this.spectra[impulses[path]].byteOffset;
      if (!planar) {
        const X = this.fdl[input > 0 && stereo === 0 ? 0 : input];
        kernels.macring4(acc, X.byteOffset, bytes, P, s0, H + p0 * bytes, bytes, p1 - p0, k0, k1);
      } else if (input > 0 && partly) {
        for (let p = p0; p < p1; p++) {
          this.locate(input, p);
          kernels.macring4p(acc, this.slotInput.byteOffset + 4 * this.slotOffset, 0, 1, 0, H + p * bytes, bytes, 1, k0, k1);
        }
      } else {
        const X = this.fdl[input > 0 && stereo === 0 ? 0 : input];
        kernels.macring4p(acc, X.byteOffset, bytes, P, s0, H + p0 * bytes, bytes, p1 - p0, k0, k1);
      }
    }
    return true;
  }

  /** acc's bins 0 and 1: bin 0 packs two real bins (DC, Nyquist), multiplied apart; the kernels start at bin 2. */
  private lowBins(X: Float32Array, xo: number, H: Float32Array, ho: number): void {
    const acc = this.acc;
    acc[0] += X[xo] * H[ho];
    acc[1] += X[xo + 1] * H[ho + 1];
    const xr = X[xo + 2];
    const xi = X[xo + 3];
    const hr = H[ho + 2];
    const hi = H[ho + 3];
    acc[2] += xr * hr - xi * hi;
    acc[3] += xr * hi + xi * hr;
  }

  /** Points slotInput/slotOffset at partition p's input spectrum for `input`. */
  private locate(input: number, p: number): void {
    const P = this.count;
    const slot = (((this.job - p) % P) + P) % P;
    this.slotOffset = slot * 2 * this.size;
    this.slotInput = this.fdl[input > 0 && this.slots.mono[slot] === 1 ? 0 : input];
  }
}
