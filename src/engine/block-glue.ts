/**
 * The engine's per-block work on samples outside its levels — flushing the input block of values bound for
 * denormals, reading the levels' float64 results into float32 output, flushing that and checking it is finite —
 * in WebAssembly (simd-kernels.wat: flush, readout32) on blocks of the scope memory, with the input and output
 * copied in and out by TypedArray.set (a memcpy). Moving these per-sample loops out of JavaScript took a 512-tap
 * stereo block from 4.09 to 3.17 µs (Node, CPU time), ≈ 0.8 µs in Chromium's worklet (docs/web.md).
 *
 * For engines whose every level runs in WebAssembly memory; create() returns null elsewhere, and the engine keeps
 * its JavaScript loops. Allocates: create() and the scope memory's grows (rebinding); the rest is real-time safe.
 */
import { SpectrumArena, type GlueKernels } from './spectrum-arena.js';

export class BlockGlue {
  /** The kernels, on the scope memory. */
  readonly kernels: GlueKernels;
  /** Input channels' blocks, adjacent in memory (one flush covers them all). */
  inputs: Float32Array[];
  /** Output channels' blocks. */
  outputs: Float32Array[];
  private readonly arena: SpectrumArena;

  private constructor(arena: SpectrumArena, kernels: GlueKernels, blockSize: number, inputs: number, outputs: number) {
    this.arena = arena;
    this.kernels = kernels;
    this.inputs = Array.from({ length: inputs }, () => arena.alloc(blockSize));
    this.outputs = Array.from({ length: outputs }, () => arena.alloc(blockSize));
    // blocks of a multiple of 16 bytes follow each other without padding: one flush call covers the inputs
    for (let c = 1; c < inputs; c++) {
      if (this.inputs[c].byteOffset !== this.inputs[c - 1].byteOffset + 4 * blockSize) throw new Error('glue input blocks are not adjacent');
    }
    arena.onRebind = () => {
      this.inputs = this.inputs.map((view) => arena.rebound(view));
      this.outputs = this.outputs.map((view) => arena.rebound(view));
    };
  }

  /** Glue for `inputs` and `outputs` channels of `blockSize` frames, or null where the scope has no WebAssembly memory. Allocates. */
  static create(blockSize: number, inputs: number, outputs: number): BlockGlue | null {
    const arena = new SpectrumArena((inputs + outputs) * blockSize);
    if (arena.glue === null) {
      arena.release();
      return null;
    }
    return new BlockGlue(arena, arena.glue, blockSize, inputs, outputs);
  }

  /**
   * Copies `input`'s channels in and flushes them (magnitudes below 1e-30 become 0) unless `flush` is false
   * (level 0's block kernel flushes them itself); returns the blocks, which the levels read. Real-time safe.
   */
  takeInput(input: Float32Array[], flush = true): Float32Array[] {
    const staged = this.inputs;
    for (let c = 0; c < input.length; c++) staged[c].set(input[c]);
    if (flush) this.kernels.flush(staged[0].byteOffset, input.length * staged[0].length);
    return staged;
  }

  /**
   * Flushes output block `o` (filled by the levels' readInto) and copies it to `out`; false when a value is not
   * finite. Real-time safe.
   */
  giveOutput(o: number, out: Float32Array): boolean {
    const block = this.outputs[o];
    const finite = this.kernels.flush(block.byteOffset, block.length) === 1;
    out.set(block);
    return finite;
  }

  /** Bytes of WebAssembly memory it holds (the blocks and their arena's alignment room). */
  get byteLength(): number {
    return this.arena.byteLength;
  }

  /** Returns the memory to the scope; the glue must not be used again. Allocates: prepare only. */
  release(): void {
    this.arena.release();
    this.inputs = [];
    this.outputs = [];
  }
}
