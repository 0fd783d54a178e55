/**
 * One WebAssembly memory, and one instance of the kernel module (simd-kernels.wat) on it, per scope (page,
 * Worker, AudioWorkletGlobalScope, Node process), shared by every engine in that scope through a BlockAllocator.
 *
 * Why: V8 reserves ≈ 8–10 GB of address space for every 32-bit WebAssembly memory, whatever its size, and caps
 * a renderer near 1 TB, so `new WebAssembly.Memory()` throws once ≈ 100 are alive. With a memory per partition
 * level (three per engine) a page of 16-node OfflineAudioContexts failed at its third context. Here the count
 * of memories per scope is one, and space released by an engine is reused by the next.
 *
 * memory.grow() detaches every view of the old buffer: the memory then calls rebind() on each live client
 * (SpectrumArena), which remakes its views. Growing happens only in allocate(), i.e. while an engine is being
 * built (a message handler on an audio thread, never process()). Blocks of clients that are garbage-collected
 * without release() are freed by a FinalizationRegistry where the scope has one.
 *
 * Allocates: everything here runs at engine construction or release, never on the audio path.
 */
import { BlockAllocator } from './block-allocator.js';
import { SIMD_KERNELS_WASM } from './simd-kernels-wasm.js';

/** The slice of the WebAssembly API the engine uses (it compiles against ES2022 only: no DOM or Node types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

/** The kernels of simd-kernels.wat; every address is a byte offset into the scope's memory. */
export interface Kernels {
  mac(acc: number, x: number, h: number, floats: number): void;
  mac4(acc: number, x0: number, x1: number, x2: number, x3: number, h: number, hstride: number, floats: number): void;
  cfft(x: number, a: number, b: number, tw: number, n: number, first: number, last: number): number;
  rpost(z: number, dst: number, tw2: number, L: number): void;
  rpre(src: number, out: number, tw2: number, L: number): void;
  /** The float32 complex FFT (two complex numbers per vector; see the .wat for mode and d64). */
  cfft4(x: number, a: number, b: number, tw: number, n: number, first: number, last: number, mode: number, d64: number): number;
  rpost4(z: number, dst: number, tw2: number, L: number): void;
  rpre4(src: number, out: number, tw2: number, L: number): void;
  /** Part `part` of `parts` of cfft4's pass `pass`, and of the real twiddle passes (see the .wat). */
  cfft4part(x: number, a: number, b: number, tw: number, n: number, pass: number, part: number, parts: number, mode: number, d64: number): number;
  rpost4part(z: number, dst: number, tw2: number, L: number, part: number, parts: number): void;
  rpre4part(src: number, out: number, tw2: number, L: number, part: number, parts: number): void;
  /** A small level's whole MAC in one call (the delay line as a ring; see the .wat). */
  macring(acc: number, x: number, xstride: number, slots: number, s0: number, h: number, hstride: number, count: number, floats: number): void;
  /** In place: magnitudes below 1e-30 become 0; 1 when every value is finite, else 0 (see the .wat). */
  flush(p: number, floats: number): number;
  /** A level's swapped float32 result into a float32 block, written or (add ≠ 0) added (see the .wat). */
  readout32(res: number, out: number, frames: number, add: number): void;
  /** Level 0's whole block in one call (block-level.ts; see the .wat for the descriptor at d). */
  block0(d: number, slot: number, ready: number, fft1: number, x1: number, in1: number, nout: number, share: number, last: number): number;
  /** macring over floats [from, to) of each spectrum, four partitions per pass over the accumulator (see the .wat). */
  macring4(acc: number, x: number, xstride: number, slots: number, s0: number, h: number, hstride: number, count: number, from: number, to: number): void;
  /** macring4 over planar spectra (groups of four bins, re then im: no shuffle at all; see the .wat). */
  macring4p(acc: number, x: number, xstride: number, slots: number, s0: number, h: number, hstride: number, count: number, from: number, to: number): void;
  /** In place: `groups` groups of four bins of packed spectra at p become planar. */
  toplanar(p: number, groups: number): void;
  /** In place: planar groups back to packed spectra. */
  fromplanar(p: number, groups: number): void;
}

/** Something holding views of the scope memory: told of the new buffer after a grow. */
export interface MemoryClient {
  rebind(buffer: ArrayBuffer): void;
}

export interface ScopeMemoryStats {
  /** Bytes of WebAssembly memory (0 before the first engine, or when none could be had). */
  readonly bytes: number;
  /** Bytes in blocks held by live engines. */
  readonly allocated: number;
  /** Blocks held (one per partition level of each live engine). */
  readonly blocks: number;
  /** Times the memory grew. */
  readonly grows: number;
  /** Requests refused because the memory could not be created or grown (those levels run JavaScript). */
  readonly failures: number;
}

const PAGE = 65536; // bytes in a WebAssembly page
const INITIAL_PAGES = 16; // 1 MiB: a short IR's engine fits without a grow
/** Grow by at least this fraction of the current size, so a page of growing engines grows O(log n) times. */
const GROWTH = 0.25;

let compiled: object | null | undefined; // undefined: not tried yet; null: unavailable

function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** The compiled kernel module, or null where the scope has no WebAssembly SIMD or forbids compiling. */
export function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      const wasm = wasmApi();
      const bytes = new Uint8Array(SIMD_KERNELS_WASM);
      // ≈ 6.5 KB: Chromium compiles up to 8 MB synchronously on a main thread (older versions 4 KB: there this
      // throws, is caught, and the main thread prepares IRs in JavaScript); the limit is the main thread's only
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export class ScopeMemory {
  readonly kernels: Kernels;
  private readonly memory: WasmMemory;
  private readonly allocator: BlockAllocator;
  private readonly clients = new Map<number, WeakRef<MemoryClient>>(); // block start → its holder
  private readonly finalizer: FinalizationRegistry<number> | null;
  private grows = 0;
  private failures = 0;
  /**
   * Bytes: no block has ever reached at or beyond this address, so that memory is still the zeros new and grown
   * WebAssembly memory starts as. Only blocks below it need zeroing.
   */
  private touchedEnd = 0;

  /** Throws what WebAssembly.Memory throws when the address space is exhausted. */
  constructor(wasm: WasmApi, module: object) {
    this.memory = new wasm.Memory({ initial: INITIAL_PAGES });
    this.kernels = new wasm.Instance(module, { env: { memory: this.memory } }).exports as unknown as Kernels;
    this.allocator = new BlockAllocator(this.memory.buffer.byteLength);
    this.finalizer =
      typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((start) => this.collect(start)) : null;
  }

  /** The memory's current buffer (a new one after every grow). */
  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /**
   * A zeroed block of `bytes` for `client`, growing the memory when no free block fits (then every other client
   * is rebound); its start address, or −1 when the memory cannot grow. The block is freed by release(), or when
   * the client is garbage-collected. The first `unread` bytes may be left as they are (not zeroed): the client
   * writes them before it reads them.
   */
  allocate(bytes: number, client: MemoryClient, unread = 0): number {
    let start = this.allocator.allocate(bytes);
    if (start < 0 && this.grow(bytes)) start = this.allocator.allocate(bytes);
    if (start < 0) {
      this.failures++;
      return -1;
    }
    const size = BlockAllocator.round(bytes);
    // A reused block holds a released engine's state: zero it. Never-used memory is zero already, and writing it
    // here would fault in every page of a long IR's engine at once (≈ 3 ms/MB measured in a loaded Chromium's
    // audio thread: 50 ms for a 10 s stereo IR, which delayed the IR and the page's main thread); its pages now
    // fault in as the engine first touches them, a few per block, or through prefault().
    const zeroFrom = start + Math.min(size, Math.max(0, unread));
    const dirtyEnd = Math.min(start + size, this.touchedEnd);
    if (dirtyEnd > zeroFrom) new Uint8Array(this.memory.buffer, zeroFrom, dirtyEnd - zeroFrom).fill(0);
    this.touchedEnd = Math.max(this.touchedEnd, start + size);
    this.clients.set(start, new WeakRef(client));
    this.finalizer?.register(client, start, client);
    return start;
  }

  /** Returns the block at `start`; its client must not touch it again. */
  release(start: number, client: MemoryClient): void {
    this.finalizer?.unregister(client);
    this.clients.delete(start);
    this.allocator.free(start);
  }

  stats(): ScopeMemoryStats {
    return {
      bytes: this.memory.buffer.byteLength,
      allocated: this.allocator.allocated,
      blocks: this.allocator.blocks,
      grows: this.grows,
      failures: this.failures,
    };
  }

  /** Grows the memory so that a block of `bytes` fits at its end; false when the memory refuses. */
  private grow(bytes: number): boolean {
    const pages = this.memory.buffer.byteLength / PAGE;
    const least = Math.ceil((BlockAllocator.round(bytes) - this.allocator.freeAtEnd) / PAGE);
    const wanted = Math.max(least, Math.ceil(pages * GROWTH));
    for (const add of wanted > least ? [wanted, least] : [least]) {
      try {
        this.memory.grow(add);
      } catch {
        continue; // RangeError past the engine's limit or the address space: try the least, then give up
      }
      this.grows++;
      const buffer = this.memory.buffer;
      this.allocator.extend(buffer.byteLength);
      for (const ref of this.clients.values()) ref.deref()?.rebind(buffer);
      return true;
    }
    return false;
  }

  /** A client was collected without release(): its block is free again. */
  private collect(start: number): void {
    if (!this.clients.has(start)) return;
    this.clients.delete(start);
    this.allocator.free(start);
  }
}

let shared: ScopeMemory | null = null;

/**
 * This scope's memory, made on first use; null where the scope has no WebAssembly SIMD or where the memory
 * cannot be created (tried again on the next call: the address space may have been freed meanwhile).
 */
export function scopeMemory(): ScopeMemory | null {
  if (shared !== null) return shared;
  const module = kernelModule();
  const wasm = wasmApi();
  if (module === null || wasm === undefined) return null;
  try {
    shared = new ScopeMemory(wasm, module);
  } catch {
    failedCreations++;
    return null;
  }
  return shared;
}

let failedCreations = 0;

/**
 * Lets the collector have this scope's memory when no engine holds a block of it (the next engine makes a new
 * one): for a scope whose engines are all done, such as an OfflineAudioContext's worklet after its last frame,
 * so that a page rendering context after context does not keep one memory (≈ 8–10 GB of address space) per
 * finished context. true when it did. Allocates: never on the audio path.
 */
export function dropScopeMemoryIfUnused(): boolean {
  if (shared === null || shared.stats().blocks > 0) return false;
  shared = null;
  return true;
}

/** How this scope's memory is used: for tests, the bench and telemetry. */
export function scopeMemoryStats(): ScopeMemoryStats {
  const stats = shared?.stats() ?? { bytes: 0, allocated: 0, blocks: 0, grows: 0, failures: 0 };
  return { ...stats, failures: stats.failures + failedCreations };
}
