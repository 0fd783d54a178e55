import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { PartitionedConvolver } from '../../src/engine/index.js';
import { noise } from '../helpers/random.js';

const FLT_MIN = 1.1754943508222875e-38; // smallest normal float32

describe('real-time safety', () => {
  for (const [simd, irChannels] of [[true, 4], [false, 4], [true, 1]] as const) {
    it(`process() allocates nothing (${simd ? 'SIMD' : 'JavaScript'} MAC, ${irChannels}-channel IR): 100 000 blocks after warm-up trigger no garbage collection`, async () => {
      // 30 000 frames (several levels; every kind of step runs), stereo then mono input; true stereo, and a
      // 1-channel IR, whose mono stretches share output 0's work
      const conv = new PartitionedConvolver(noise(irChannels, 30_000, 1), { simd });
      const input = noise(2, 128, 2);
      const output = [new Float32Array(128), new Float32Array(128)];
      // warm-up runs what is measured: stereo, mono and the switches between them (while a level's delay line
      // holds both, its MAC takes a JavaScript path, which allocates until it is optimized; the worklet's
      // rehearsal runs it too)
      const mono = [input[0]];
      for (let i = 0; i < 20_000; i++) conv.process(i % 5000 < 2500 ? input : mono, output);
      const gcs: string[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) gcs.push(e.name);
      });
      observer.observe({ entryTypes: ['gc'] });
      await new Promise((r) => setTimeout(r, 50)); // let earlier collections report first
      gcs.length = 0;
      const heapBefore = process.memoryUsage().heapUsed;
      for (let i = 0; i < 100_000; i++) conv.process(i % 20_000 < 10_000 ? input : mono, output);
      const heapAfter = process.memoryUsage().heapUsed;
      await new Promise((r) => setTimeout(r, 50));
      observer.disconnect();
      expect(gcs).toEqual([]);
      // 100 000 blocks allocating even 16 bytes each would be 1.6 MB
      expect(heapAfter - heapBefore).toBeLessThan(256 * 1024);
      expect(Number.isFinite(output[0][0])).toBe(true);
    });
  }

  it('a silent tail decays to exact zeros, never to denormal numbers', () => {
    // an IR that decays into float32's subnormal range, and input that fades out through it
    const ir = new Float32Array(20_000).map((_, i) => Math.exp(-i / 100) * (i % 2 ? 1 : -1));
    expect(Math.abs(ir[15_000])).toBe(0); // underflowed to zero…
    expect(ir.some((v) => v !== 0 && Math.abs(v) < FLT_MIN)).toBe(true); // …after passing through subnormals
    const conv = new PartitionedConvolver([ir], { inputChannels: 1 });
    const B = conv.blockSize;
    const inB = [new Float32Array(B)];
    const outB = [new Float32Array(B)];
    let subnormals = 0;
    let lastNonZero = -1;
    const frames = 60_000;
    for (let start = 0; start < frames; start += B) {
      for (let i = 0; i < B; i++) {
        const t = start + i;
        inB[0][i] = t < 10_000 ? Math.exp(-t / 100) * Math.sin(t) : 0; // fades through 1e-40 before stopping
      }
      conv.process(inB, outB);
      for (let i = 0; i < B; i++) {
        const v = outB[0][i];
        if (v !== 0 && Math.abs(v) < FLT_MIN) subnormals++;
        if (v !== 0) lastNonZero = start + i;
      }
    }
    expect(subnormals).toBe(0);
    // silence in, silence out: exactly zero once input and IR have both run out
    expect(lastNonZero).toBeLessThan(10_000 + 20_000);
  });

  it('a 10 s stereo IR with stereo input needs under 64 MiB', () => {
    const conv = new PartitionedConvolver(noise(2, 480_000, 3), { inputChannels: 2 });
    // delay lines and impulse spectra alone are 2 × 2 × 480 000 × 2 float32 ≈ 14.6 MiB: the bound is not idle
    expect(conv.byteLength).toBeGreaterThan(14 * 2 ** 20);
    expect(conv.byteLength).toBeLessThan(64 * 2 ** 20);
  });
});
