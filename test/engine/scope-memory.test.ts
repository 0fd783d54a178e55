// One WebAssembly memory per scope: the allocator's bookkeeping, engines built and released for a long time
// keeping the memory bounded, results unchanged across grows (every view rebound), and the JavaScript fallback
// when the memory cannot be created or grown (WebAssembly.Memory stubbed to fail as V8 does at ≈ 100 memories).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BlockAllocator,
  directConvolve,
  PartitionedConvolver,
  prepareImpulse,
  prepareImpulseHead,
  scopeMemoryStats,
  tailOrigin,
} from '../../src/engine/index.js';
import { noise } from '../helpers/random.js';
import { errorStats, streamBlocks } from '../helpers/signal.js';

const B = 128; // frames

describe('BlockAllocator', () => {
  it('hands out aligned, disjoint blocks and refuses when full', () => {
    const a = new BlockAllocator(1024);
    const x = a.allocate(100); // rounded to 112
    const y = a.allocate(16);
    expect([x, y]).toEqual([0, 112]);
    expect(a.allocated).toBe(128);
    expect(a.allocate(1024)).toBe(-1);
    expect(a.largestFree).toBe(1024 - 128);
  });

  it('coalesces freed neighbours, whatever the order, back to one block', () => {
    const a = new BlockAllocator(4096);
    const blocks = [0, 1, 2, 3, 4, 5, 6, 7].map(() => a.allocate(512));
    expect(a.allocate(16)).toBe(-1);
    for (const i of [1, 3, 2, 7, 0, 5, 6, 4]) a.free(blocks[i]);
    expect(a.blocks).toBe(0);
    expect(a.largestFree).toBe(4096);
    expect(a.allocate(4096)).toBe(0);
  });

  it('reuses a freed hole (first fit) before the end, and extends at the end', () => {
    const a = new BlockAllocator(1024);
    const x = a.allocate(256);
    a.allocate(256);
    a.free(x);
    expect(a.allocate(128)).toBe(x);
    expect(a.allocate(1024)).toBe(-1);
    a.extend(4096);
    expect(a.freeAtEnd).toBe(4096 - 512);
    expect(a.allocate(1024)).toBe(512); // the old tail and the extension are one free block
  });

  it('names a bad address, size or range', () => {
    const a = new BlockAllocator(1024);
    expect(() => a.free(48)).toThrow(/no block starts at byte 48/);
    expect(() => a.allocate(-1)).toThrow(/block of -1 bytes requested/);
    expect(() => a.extend(100)).toThrow(/allocator range of 100 bytes; expected a multiple of 16 ≥ 1024/);
  });
});

describe('the scope memory shared by every engine', () => {
  it('engines made and released again and again keep the memory bounded and reuse its space', () => {
    const prepared = [0, 1, 2].map((seed) => prepareImpulse(noise(2, 24_000, seed), { blockSize: B }));
    const before = scopeMemoryStats();
    let peak = 0;
    for (let round = 0; round < 40; round++) {
      const engines = prepared.map((p) => new PartitionedConvolver(p));
      expect(engines.every((e) => e.simd)).toBe(true);
      if (round === 0) peak = scopeMemoryStats().bytes;
      for (const e of engines) e.release();
      expect(engines[0].byteLength).toBe(0);
    }
    const after = scopeMemoryStats();
    expect(after.blocks).toBe(before.blocks);
    expect(after.allocated).toBe(before.allocated);
    expect(after.bytes).toBe(peak); // 120 engines, no growth after the first round
    expect(after.failures).toBe(before.failures);
  });

  it('a released engine outputs silence and never writes into the space another engine now holds', () => {
    const impulse = noise(2, 5000, 3);
    const input = noise(2, 4000, 4);
    const released = new PartitionedConvolver(impulse);
    streamBlocks(released, input, 2048);
    released.release();
    released.release(); // idempotent
    const fresh = new PartitionedConvolver(impulse);
    const silent = streamBlocks(released, input, 4096);
    expect(silent.every((c) => c.every((v) => v === 0))).toBe(true);
    const stats = errorStats(directConvolve(input, impulse), streamBlocks(fresh, input, 8999));
    expect(stats.errorDb).toBeLessThan(-100);
    fresh.release();
  });

  it('only space a released engine used is zeroed again: an engine over used and never-used space is exact', () => {
    // the memory zeroes just the part of a block below the highest address ever handed out (fresh memory is
    // zero): an engine whose blocks reach past a dirty released one must still start from silence
    const small = new PartitionedConvolver(noise(2, 3000, 7));
    streamBlocks(small, noise(2, 6000, 8), 4096); // leaves its delay lines full of input spectra
    small.release();
    const impulse = noise(2, 30_000, 9);
    const input = noise(2, 6000, 10);
    const big = new PartitionedConvolver(impulse);
    const stats = errorStats(directConvolve(input, impulse), streamBlocks(big, input, 35_999));
    expect(stats.errorDb).toBeLessThan(-100);
    big.release();
  });

  it('an engine built from a head in a released engine’s space reads no stale spectra: the head alone until its tail is in', () => {
    // impulse spectra are not zeroed for a new engine (it reads only partitions copied in): the released
    // engine's spectra still lie where the new engine's tail partitions will go
    const length = 60_000;
    const old = new PartitionedConvolver(prepareImpulse(noise(2, length, 11), { blockSize: B }));
    const impulse = noise(2, length, 12);
    const head = prepareImpulseHead(impulse, { blockSize: B });
    streamBlocks(old, noise(2, 8000, 13), 8192);
    old.release();
    const engine = new PartitionedConvolver(head, { deferLoad: true }); // same plan: the same blocks
    expect(engine.missingPartitions).toBeGreaterThan(0);
    const input = noise(2, 6000, 14);
    const origin = tailOrigin(head.plan);
    const headOnly = impulse.map((channel) => channel.map((v, i) => (i < origin ? v : 0)));
    const stats = errorStats(directConvolve(input, headOnly), streamBlocks(engine, input, input[0].length + length - 1));
    expect(stats.errorDb).toBeLessThan(-100);
    engine.release();
  });

  it('results are bit-identical when the memory grows (and every view is rebound) in mid-stream', () => {
    const impulse = noise(2, 40_000, 5);
    const input = noise(2, 30_000, 6);
    const frames = 70_016;
    const alone = new PartitionedConvolver(impulse);
    const expected = streamBlocks(alone, input, frames);
    alone.release();

    const engine = new PartitionedConvolver(impulse);
    const deferred = new PartitionedConvolver(impulse, { deferLoad: true });
    deferred.load(1); // one piece in: the rest crosses the grows
    const B2 = engine.blockSize;
    const out = [new Float32Array(frames), new Float32Array(frames)];
    const outDeferred = [new Float32Array(frames), new Float32Array(frames)];
    const inB = [new Float32Array(B2), new Float32Array(B2)];
    const outB = [new Float32Array(B2), new Float32Array(B2)];
    const grows = scopeMemoryStats().grows;
    const ballast: PartitionedConvolver[] = [];
    for (let start = 0; start < frames; start += B2) {
      if (start % (B2 * 100) === 0 && ballast.length < 6) {
        // 3 s stereo engines: each is bigger than a quarter of the memory so far, so each one grows it
        ballast.push(new PartitionedConvolver(noise(2, 144_000, start)));
      }
      for (let c = 0; c < 2; c++) {
        inB[c].fill(0);
        if (start < input[c].length) inB[c].set(input[c].subarray(start, Math.min(input[c].length, start + B2)));
      }
      engine.process(inB, outB);
      for (let c = 0; c < 2; c++) out[c].set(outB[c], start);
      deferred.process(inB, outB);
      for (let c = 0; c < 2; c++) outDeferred[c].set(outB[c], start);
    }
    expect(scopeMemoryStats().grows).toBeGreaterThan(grows);
    for (let c = 0; c < 2; c++) {
      expect(out[c]).toEqual(expected[c]);
      expect(outDeferred[c]).toEqual(expected[c]);
    }
    for (const e of [engine, deferred, ...ballast]) e.release();
  });
});

describe('when WebAssembly memory cannot be had', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  /** A fresh copy of the engine (its scope memory not made yet), as in a new scope. */
  async function freshEngine() {
    vi.resetModules();
    return import('../../src/engine/index.js');
  }

  function check(engine: PartitionedConvolver, impulse: Float32Array[], input: Float32Array[]): void {
    const reference = directConvolve(input, impulse);
    const stats = errorStats(reference, streamBlocks(engine, input, reference[0].length));
    expect(stats.errorDb).toBeLessThan(-100);
  }

  it('Memory throws (the address space is exhausted): the engine runs JavaScript, correctly, and says so', async () => {
    const fresh = await freshEngine();
    const RealMemory = WebAssembly.Memory;
    const spy = vi.spyOn(WebAssembly, 'Memory').mockImplementation(function () {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    } as unknown as typeof RealMemory);
    const impulse = noise(2, 20_000, 7);
    const input = noise(2, 3000, 8);
    const engine = new fresh.PartitionedConvolver(impulse);
    expect(spy).toHaveBeenCalled();
    expect(engine.simd).toBe(false);
    expect(engine.fallback).toBe(true);
    expect(fresh.scopeMemoryStats().failures).toBeGreaterThan(0);
    check(engine, impulse, input);
    // once the address space is back, the next engine gets the memory
    spy.mockRestore();
    const later = new fresh.PartitionedConvolver(impulse);
    expect(later.simd).toBe(true);
    expect(later.fallback).toBe(false);
    check(later, impulse, input);
  });

  it('grow() throws: the levels that do not fit run JavaScript, the rest WebAssembly, all correct', async () => {
    const fresh = await freshEngine();
    const RealMemory = WebAssembly.Memory;
    vi.spyOn(WebAssembly, 'Memory').mockImplementation(function (descriptor: WebAssembly.MemoryDescriptor) {
      const memory = new RealMemory(descriptor);
      memory.grow = () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      };
      return memory;
    } as unknown as typeof RealMemory);
    const impulse = noise(2, 96_000, 9); // 2 s: more than the initial 1 MiB
    const input = noise(2, 2000, 10);
    const engine = new fresh.PartitionedConvolver(impulse);
    expect(engine.fallback).toBe(true);
    expect(engine.simd).toBe(false);
    expect(fresh.scopeMemoryStats().bytes).toBeGreaterThan(0); // the memory exists: small levels are in it
    check(engine, impulse, input);
    // a short IR still fits in the memory that exists
    const small = new fresh.PartitionedConvolver(noise(2, 2000, 11));
    expect(small.simd).toBe(true);
    engine.release();
    small.release();
  });
});
