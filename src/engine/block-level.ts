/**
 * Level 0 — partitions of one block, transforms of two blocks, all its work done in the block it receives — in
 * one WebAssembly call per block (simd-kernels.wat: block0): slide the input windows, forward FFTs, the MAC over
 * every partition and path, inverse FFTs, the float32 output written into the engine's output blocks. Level 0
 * is the whole engine for an IR of a few blocks and the fixed part of every other; run through
 * ConvolutionLevel's write/run/readInto, a stereo block crossed into WebAssembly ≈ 15 times and filled float64
 * windows with TypedArray.set. Same results bit for bit (float32 windows hold what the float64 ones held; see
 * the .wat), except that partly mono delay lines are summed in partition order (the level path groups four
 * partitions there): float32 rounding either way.
 *
 * The ConvolutionLevel it stands in for (built with `blockKernel`: no windows, results or transform of its own)
 * keeps the delay lines, impulse spectra and accumulator (and their loading, prefaulting, reset and release);
 * this class keeps the windows, the transform's scratch and tables, the descriptor the kernel reads, and the
 * per-block bookkeeping of mono input (MonoSlots, as the level path keeps it): a 2-input engine given mono
 * input skips input 1's transform; while some delay-line slots are stereo, a mono slot's input-1 spectrum is
 * copied from input 0's (256 floats, not a transform) so that input-1 paths read one delay line; with a
 * 1-channel IR and every slot mono, output 1 is a copy of output 0.
 *
 * Only where the engine's every level and its glue run in the scope's WebAssembly memory: create() returns null
 * elsewhere, and the engine runs level 0 as a ConvolutionLevel. create() allocates; the rest is real-time safe.
 */
import type { BlockGlue } from './block-glue.js';
import type { ChannelPath } from './channel-matrix.js';
import type { ConvolutionLevel } from './convolution-level.js';
import { MonoSlots } from './mono-slots.js';
import { wasm32Tables } from './real-fft-tables.js';
import { scopeMemory, type Kernels } from './scope-memory.js';
import { SpectrumArena } from './spectrum-arena.js';

/**
 * i32 words of block0's descriptor (see the .wat: constants up to byte 72, then 2 outputs × 2 paths × 2 words,
 * then whether the level's spectra are planar).
 */
const WORDS = 27;
/** block0's fft1: what becomes of input 1's spectrum this block. */
const SKIP = 0;
const TRANSFORM = 1;
const COPY_SLOT = 2;
const COPY_ALL = 3;

export class BlockLevel {
  /** For tests and the bench: false makes engines built afterwards run level 0 as a ConvolutionLevel. */
  static enabled = true;
  private readonly kernel: Kernels['block0'];
  private readonly arena: SpectrumArena;
  private windows: Float32Array[]; // [input]: the last block and this one
  private readonly level: ConvolutionLevel;
  private readonly d: number; // byte address of the descriptor
  private readonly inputs: number;
  private readonly fdl0: number; // byte addresses: the delay lines…
  private readonly fdl1: number;
  private readonly in0: number; // …and the glue's input blocks
  private readonly in1: number;
  private readonly slots: MonoSlots; // which slots' windows were mono (input 1's spectrum = input 0's)
  private slot = 0; // this block's delay-line slot
  private lastStereo = false; // the last block's inputs differed: this block's window is not mono

  /**
   * Whether create() will likely return one for level 0 of an engine (level 0 of one block, `simd` asked for, the
   * scope has WebAssembly memory), so that the level can be built without the state this class keeps instead;
   * create() can still return null (memory refused). Allocates: the scope memory, on first use.
   */
  static likely(oneBlock: boolean, simd: boolean): boolean {
    return BlockLevel.enabled && oneBlock && simd && scopeMemory() !== null;
  }

  /**
   * Level 0's block kernel for `level` (size = the block size) of an engine with `inputs` and `outputs`
   * channels and these paths, reading and writing `glue`'s blocks; null where it cannot run (no WebAssembly
   * memory, or disabled). Allocates.
   */
  static create(level: ConvolutionLevel, glue: BlockGlue, inputs: number, outputs: number, paths: readonly ChannelPath[]): BlockLevel | null {
    const memory = scopeMemory();
    if (!BlockLevel.enabled || memory === null || !level.simd || level.steps !== 1) return null;
    const tables = wasm32Tables(level.size);
    const floats = (inputs + 2) * 2 * level.size + tables.stages.length + tables.real.length + WORDS;
    const arena = new SpectrumArena(floats);
    if (arena.glue === null) {
      arena.release();
      return null;
    }
    return new BlockLevel(memory.kernels.block0, arena, level, glue, inputs, outputs, paths);
  }

  private constructor(
    kernel: Kernels['block0'],
    arena: SpectrumArena,
    level: ConvolutionLevel,
    glue: BlockGlue,
    inputs: number,
    outputs: number,
    paths: readonly ChannelPath[],
  ) {
    const L = level.size; // complex bins of a transform of 2L frames
    const tables = wasm32Tables(L);
    this.kernel = kernel;
    this.arena = arena;
    this.level = level;
    this.inputs = inputs;
    this.windows = Array.from({ length: inputs }, () => arena.alloc(2 * L));
    const a = arena.alloc(2 * L);
    const b = arena.alloc(2 * L);
    const tw = arena.alloc(tables.stages.length);
    tw.set(tables.stages);
    const tw2 = arena.alloc(tables.real.length);
    tw2.set(tables.real);
    // map the pages now: a fresh page's first write costs 12–60 µs on the bench machine (docs/engine.md)
    for (const view of [...this.windows, a, b]) view.fill(0);
    const descriptor = arena.alloc(WORDS);
    this.d = descriptor.byteOffset;
    const { fdl, spectra, acc } = level.addresses();
    this.fdl0 = fdl[0];
    this.fdl1 = fdl[inputs - 1];
    this.in0 = glue.inputs[0].byteOffset;
    this.in1 = glue.inputs[inputs - 1].byteOffset;
    this.slots = new MonoSlots(level.count, inputs, outputs, spectra.length);
    const words = new Int32Array(descriptor.buffer, this.d, WORDS);
    words.set([L, a.byteOffset, b.byteOffset, tw.byteOffset, tw2.byteOffset, acc, level.count, 8 * L, inputs]);
    words.set([this.windows[0].byteOffset, this.windows[inputs - 1].byteOffset, this.in0, this.fdl0, this.fdl1], 9);
    words.set([glue.outputs[0].byteOffset, glue.outputs[outputs - 1].byteOffset], 14);
    for (let o = 0; o < outputs; o++) {
      const into = paths.filter((p) => p.output === o);
      if (into.length > 2) throw new RangeError(`${into.length} paths into output ${o}; expected at most 2`);
      words[16 + o] = into.length;
      into.forEach((p, j) => words.set([p.input, spectra[p.impulse]], 18 + 4 * o + 2 * j));
    }
    words[26] = level.planar ? 1 : 0; // macring4p (and toplanar, fromplanar) or macring4
    arena.onRebind = () => {
      this.windows = this.windows.map((view) => arena.rebound(view));
    };
  }

  /**
   * Level 0's block: the glue's input blocks (input 1's when `stereo`, else input 0's for both) flushed in
   * place and read, its first `outputs` output blocks written (overwritten: level 0 is the first level every
   * block). `last`: no other level adds to the outputs, so they are flushed here too; then false when one is not
   * finite (else always true). Real-time safe.
   */
  process(stereo: boolean, outputs: number, last: boolean): boolean {
    const slot = this.slot;
    let fft1 = SKIP;
    let x1 = this.fdl0;
    if (this.inputs === 2) {
      // the window holds the last block and this one: mono (input 1's = input 0's) only when both were
      const mono = stereo || this.lastStereo ? 0 : 1;
      this.lastStereo = stereo;
      const before = this.slots.mark(slot, mono);
      if (this.slots.stereo > 0) {
        // input-1 paths read input 1's delay line, whole: its mono slots hold copies of input 0's spectra
        x1 = this.fdl1;
        fft1 = mono === 1 ? COPY_SLOT : before === 0 ? COPY_ALL : TRANSFORM;
      }
    }
    const shared = this.slots.shared;
    const level = this.level;
    const finite = this.kernel(
      this.d,
      slot,
      level.count - level.missing,
      fft1,
      x1,
      stereo ? this.in1 : this.in0,
      shared ? 1 : outputs,
      shared && outputs === 2 ? 1 : 0,
      last ? 1 : 0,
    );
    this.slot = slot + 1 === level.count ? 0 : slot + 1;
    return finite === 1;
  }

  /** Bytes of WebAssembly memory it holds (windows, scratch, tables, descriptor). */
  get byteLength(): number {
    return this.arena.byteLength;
  }

  /** Forgets all input (the ConvolutionLevel's reset() clears the delay lines). Real-time safe. */
  reset(): void {
    for (let i = 0; i < this.windows.length; i++) this.windows[i].fill(0);
    this.slots.reset();
    this.slot = 0;
    this.lastStereo = false;
  }

  /** Returns its memory to the scope; it must not be used again. Allocates: prepare only. */
  release(): void {
    this.arena.release();
    this.windows = [];
  }
}
