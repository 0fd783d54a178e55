// ConvolverProcessor called directly, as the audio thread would: accuracy against the direct sum, the
// real-time properties (no allocation per block, never throws, never outputs NaN), tail/keep-alive,
// crossfade bookkeeping and telemetry.
import './worklet-globals.js';
import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { directConvolve, PartitionedConvolver, planPartitions, prepareImpulse } from '../../src/engine/index.js';
import { ConvolverProcessor } from '../../worklets/convolver-processor.js';
import { TELEMETRY, type ConvolverProcessorOptions } from '../../worklets/protocol.js';
import { noise } from '../helpers/random.js';
import { maxError } from '../helpers/signal.js';
import type { FakePort } from './worklet-globals.js';

const B = 128; // frames

function makeProcessor(impulse: Float32Array[] | null, options: Partial<ConvolverProcessorOptions> = {}) {
  const blockSize = options.blockSize ?? B;
  const processor = new ConvolverProcessor({ processorOptions: { blockSize, crossfadeTime: 0.05, ...options } });
  const port = processor.port as unknown as FakePort;
  if (impulse !== null) port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(impulse, { blockSize }) });
  return { processor, port };
}

/** Streams `input` through the processor in blocks; returns the output (width = `outputChannels`). */
function stream(processor: ConvolverProcessor, input: Float32Array[], frames: number, outputChannels: number, blockSize = B) {
  const out = Array.from({ length: outputChannels }, () => new Float32Array(frames));
  const inBlock = input.map(() => new Float32Array(blockSize));
  const outBlock = out.map(() => new Float32Array(blockSize));
  const parameters = { wet: new Float32Array([1]), dry: new Float32Array([0]) };
  for (let start = 0; start < frames; start += blockSize) {
    inBlock.forEach((block, c) => {
      block.fill(0);
      block.set(input[c].subarray(start, Math.min(start + blockSize, input[c].length)));
    });
    processor.process([inBlock], [outBlock], parameters);
    outBlock.forEach((block, c) => out[c].set(block.subarray(0, Math.min(blockSize, frames - start)), start));
  }
  return out;
}


describe('ConvolverProcessor.process', () => {
  it.each([
    [1, 1, 1],
    [1, 2, 2],
    [2, 1, 2],
    [2, 2, 2],
    [4, 2, 2],
  ])('%i-ch IR, %i-ch input → %i-ch output matches the direct sum', (irChannels, inputChannels, outputChannels) => {
    const ir = noise(irChannels, 3000, 1);
    const input = noise(inputChannels, 5000, 2);
    const { processor } = makeProcessor(ir);
    const frames = 8192;
    const out = stream(processor, input, frames, outputChannels);
    const expected = directConvolve(input, ir);
    expect(maxError(out, expected)).toBeLessThan(1e-4);
  });

  // Firefox's input sequence when a stereo source ends: 2 channels while it plays, then none (an inactive
  // input; Chromium keeps handing 2 channels of zeros). Both output tails must still match the direct sum:
  // the processor keeps the stereo history (the node keeps its output 2 channels wide: channel-config.ts).
  it.each([0, 1, 2])('a stereo source through a mono IR that ends (then %i input channels) keeps both tails', (tailWidth) => {
    const ir = noise(1, 6000, 5).map((d) => d.map((v, i) => v * Math.exp(-i / 1000)));
    const input = noise(2, 3000, 6);
    const { processor } = makeProcessor(ir);
    const frames = 9216;
    const out = [new Float32Array(frames), new Float32Array(frames)];
    const inBlock = [new Float32Array(B), new Float32Array(B)];
    const outBlock = [new Float32Array(B), new Float32Array(B)];
    const parameters = { wet: new Float32Array([1]), dry: new Float32Array([0]) };
    for (let start = 0; start < frames; start += B) {
      const playing = start < input[0].length;
      inBlock.forEach((block, c) => {
        block.fill(0);
        if (playing) block.set(input[c].subarray(start, Math.min(start + B, input[c].length)));
      });
      processor.process([playing ? inBlock : inBlock.slice(0, tailWidth)], [outBlock], parameters);
      outBlock.forEach((block, c) => out[c].set(block, start));
    }
    const expected = directConvolve(input, ir);
    expect(maxError(out, expected)).toBeLessThan(1e-4);
    const tailEnergy = (c: number) => out[c].subarray(input[0].length).reduce((sum, v) => sum + v * v, 0);
    expect(tailEnergy(1)).toBeGreaterThan(0);
  });

  // The block paths: the plain one (wet 1, dry 0 not automated: the engine writes the output arrays), k-rate and
  // a-rate mixing; mono input, stereo input, and stereo input whose channels are equal (a mono source up-mixed
  // for a stereo IR, which the processor runs through the engine's mono path).
  const MIXES: Array<[string, (start: number) => { wet: Float32Array; dry: Float32Array }]> = [
    ['wet 1, dry 0 (plain)', () => ({ wet: new Float32Array([1]), dry: new Float32Array([0]) })],
    // Firefox hands a constant parameter over as a whole block of equal values: still the plain path
    ['wet 1, dry 0 as 128 values each (Firefox)', () => ({ wet: new Float32Array(B).fill(1), dry: new Float32Array(B) })],
    // …but one differing value, even the last, is an automation: the mixing path
    ['a-rate wet 1 but its last value 0.5', () => ({ wet: new Float32Array(B).fill(1).fill(0.5, B - 1), dry: new Float32Array(B) })],
    ['k-rate wet 0.5, dry 0.25', () => ({ wet: new Float32Array([0.5]), dry: new Float32Array([0.25]) })],
    [
      'a-rate wet and dry ramps',
      (start) => ({
        wet: Float32Array.from({ length: B }, (_, i) => Math.cos((start + i) / 3000)),
        dry: Float32Array.from({ length: B }, (_, i) => Math.sin((start + i) / 2000)),
      }),
    ],
  ];
  for (const irChannels of [1, 2, 4]) {
    for (const inputKind of ['mono', 'stereo', 'stereo, L = R'] as const) {
      for (const [mixName, mix] of MIXES) {
        it(`${irChannels}-ch IR, ${inputKind} input, ${mixName}: wet·(x ⊛ h) + dry·x to float32 precision`, () => {
          const ir = noise(irChannels, 2500, 40 + irChannels);
          const [left, right] = noise(2, 4000, 41 + irChannels);
          const input = inputKind === 'mono' ? [left] : inputKind === 'stereo' ? [left, right] : [left, left.slice()];
          const outputChannels = irChannels === 1 && inputKind === 'mono' ? 1 : 2;
          const { processor } = makeProcessor(ir);
          const frames = 48 * B; // input, then part of the tail
          const convolved = directConvolve(input, ir);
          const inBlock = input.map(() => new Float32Array(B));
          const outBlock = Array.from({ length: outputChannels }, () => new Float32Array(B));
          let worst = 0;
          let peak = 0;
          for (let start = 0; start < frames; start += B) {
            inBlock.forEach((block, c) => {
              block.fill(0);
              block.set(input[c].subarray(start, Math.min(start + B, input[c].length)));
            });
            const parameters = mix(start);
            processor.process([inBlock], [outBlock], parameters);
            for (let c = 0; c < outputChannels; c++) {
              const dry = inBlock[Math.min(c, inBlock.length - 1)];
              for (let i = 0; i < B; i++) {
                const w = parameters.wet.length > 1 ? parameters.wet[i] : parameters.wet[0];
                const d = parameters.dry.length > 1 ? parameters.dry[i] : parameters.dry[0];
                const expected = w * (convolved[c][start + i] ?? 0) + d * dry[i];
                worst = Math.max(worst, Math.abs(outBlock[c][i] - expected));
                peak = Math.max(peak, Math.abs(expected));
              }
            }
          }
          expect(peak).toBeGreaterThan(1);
          expect(worst / peak).toBeLessThan(1e-5);
        });
      }
    }
  }

  it('reads the render quantum it was built for (256 frames)', () => {
    const ir = noise(2, 2000, 3);
    const input = noise(2, 3000, 4);
    const { processor } = makeProcessor(ir, { blockSize: 256 });
    const out = stream(processor, input, 5120, 2, 256);
    expect(maxError(out, directConvolve(input, ir))).toBeLessThan(1e-4);
  });

  it('skipping the engines through long silence changes nothing (multi-level IR, bursts with gaps)', () => {
    const ir = noise(2, 40_000, 14); // several partition levels
    const frames = 800 * B; // the gap between bursts outlasts the tail, so the processor skips the engines in it
    const input = [new Float32Array(frames), new Float32Array(frames)];
    for (const start of [0, 600 * B + 17]) {
      const burst = noise(2, 3000, start + 1);
      for (let c = 0; c < 2; c++) input[c].set(burst[c], start);
    }
    const { processor } = makeProcessor(ir);
    const actual = stream(processor, input, frames, 2);
    const engine = new PartitionedConvolver(prepareImpulse(ir, { blockSize: B }), { blockSize: B, inputChannels: 2 });
    const expected = [new Float32Array(frames), new Float32Array(frames)];
    const out = [new Float32Array(B), new Float32Array(B)];
    for (let start = 0; start < frames; start += B) {
      engine.process([input[0].subarray(start, start + B), input[1].subarray(start, start + B)], out);
      expected[0].set(out[0], start);
      expected[1].set(out[1], start);
    }
    let worst = 0;
    let peak = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < frames; i++) {
        worst = Math.max(worst, Math.abs(actual[c][i] - expected[c][i]));
        peak = Math.max(peak, Math.abs(expected[c][i]));
      }
    }
    // Skipped blocks shift the engine's partition phase, so float32 rounding differs: compare to the peak.
    console.log(`skip vs continuous: worst ${(20 * Math.log10(worst / peak)).toFixed(1)} dB re peak`);
    expect(worst / peak).toBeLessThan(1e-6);
  });

  it('allocates nothing per block', () => {
    // Node's performance.now() allocates (it builds an hrtime array); browsers' worklet scopes have no
    // `performance` and the processor then uses Date.now(). Give the processor a non-allocating clock so that
    // this test measures the processor, not Node's clock.
    const realPerformance = globalThis.performance;
    let ticks = 0; // a small integer: a fractional clock value would itself be boxed on the heap
    Object.defineProperty(globalThis, 'performance', { value: { now: () => ++ticks }, configurable: true });
    let made: ReturnType<typeof makeProcessor>;
    try {
      made = makeProcessor(noise(2, 48_000, 5));
    } finally {
      Object.defineProperty(globalThis, 'performance', { value: realPerformance, configurable: true });
    }
    const processor = made.processor;
    const inputs = [noise(2, B, 6)];
    const outputs = [[new Float32Array(B), new Float32Array(B)]];
    const parameters = { wet: new Float32Array([1]), dry: new Float32Array(B).fill(0.5) };
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
    const growth = (f: () => void) => {
      for (let i = 0; i < 3000; i++) f(); // warm up the JIT
      let least = Infinity;
      // A scavenge in the middle makes a difference negative: ignore those attempts, keep the least growth.
      for (let attempt = 0; attempt < 6; attempt++) {
        const before = newSpace();
        for (let i = 0; i < 1000; i++) f();
        const grew = newSpace() - before;
        if (grew >= 0) least = Math.min(least, grew);
      }
      return least;
    };
    const plain = { wet: new Float32Array([1]), dry: new Float32Array([0]) }; // the engine writes the output
    const mono = [[inputs[0][0]]];
    const same = [[inputs[0][0], inputs[0][0].slice()]]; // L = R: the engine's mono path
    const baseline = growth(() => undefined); // the measuring loop's own allocations
    // One allocation per block (≥ 16 bytes) would add ≥ 16 kB over 1000 blocks.
    expect(growth(() => processor.process(inputs, outputs, parameters)) - baseline).toBeLessThan(8192);
    expect(growth(() => processor.process(inputs, outputs, plain)) - baseline).toBeLessThan(8192);
    expect(growth(() => processor.process(mono, outputs, plain)) - baseline).toBeLessThan(8192);
    expect(growth(() => processor.process(same, outputs, plain)) - baseline).toBeLessThan(8192);
  });

  it('never throws, never outputs NaN, reports one error, and recovers', () => {
    const { processor, port } = makeProcessor(noise(1, 500, 7));
    const out = [new Float32Array(B), new Float32Array(B)];
    const bad = new Float32Array(B).fill(NaN);
    expect(() => processor.process([[bad, bad]], [out], {})).not.toThrow();
    expect(out.every((ch) => ch.every((v) => v === 0))).toBe(true);
    expect(() => processor.process([[new Float32Array(B).fill(Infinity)]], [out], {})).not.toThrow();
    expect(() => processor.process([[new Float32Array(5)]], [[new Float32Array(64)]], {})).not.toThrow(); // wrong quantum
    expect(() => processor.process([], [], {})).not.toThrow();
    expect(() => processor.process([[new Float32Array(3)]], [out], {})).not.toThrow(); // short input
    expect(out.every((ch) => ch.every((v) => Number.isFinite(v)))).toBe(true);
    expect(port.sent.filter((m) => (m as { type: string }).type === 'error')).toHaveLength(1);
    // Finite input afterwards: the engines were reset, so the output is finite and non-zero again.
    const ok = noise(2, B, 8);
    processor.process([ok], [out], {});
    expect(out.every((ch) => ch.every((v) => Number.isFinite(v)))).toBe(true);
    expect(out[0].some((v) => v !== 0)).toBe(true);
  });

  it('rings for the tail, keeps working when input resumes after any gap, and returns false only after dispose + tail', () => {
    const irFrames = 1000;
    const { processor, port } = makeProcessor(noise(1, irFrames, 9));
    const out = [new Float32Array(B)];
    const silence = [new Float32Array(B)];
    expect(processor.process([noise(1, B, 10)], [out], {})).toBe(true);
    let lastNonZero = 0;
    for (let block = 1; block < 20; block++) {
      expect(processor.process([silence], [out], {})).toBe(true);
      if (out[0].some((v) => v !== 0)) lastNonZero = block;
    }
    expect(lastNonZero).toBe(Math.floor((B + irFrames - 2) / B)); // the tail, then exact silence
    processor.process([noise(1, B, 11)], [out], {});
    expect(out[0].some((v) => v !== 0)).toBe(true); // input that starts again still works
    // Input disconnected (an empty input list) for longer than the tail: still true (Chromium would never call a
    // processor again after false, not even for a source connected later), and it simply continues.
    const largest = Math.max(B, ...planPartitions(irFrames, { blockSize: B }).levels.map((l) => l.size));
    const tailBlocks = Math.ceil((irFrames + 2 * largest + B) / B);
    for (let block = 0; block < 3 * tailBlocks; block++) expect(processor.process([[]], [out], {})).toBe(true);
    expect(processor.process([noise(1, B, 12)], [out], {})).toBe(true);
    expect(out[0].some((v) => v !== 0)).toBe(true);
    port.deliver({ type: 'dispose' });
    expect(processor.process([silence], [out], {})).toBe(true); // disposed, but the tail still rings
    let blocks = 1;
    while (processor.process([silence], [out], {})) blocks++; // even with input connected
    expect(blocks).toBeLessThanOrEqual(tailBlocks + 1);
  });

  it('acknowledges an IR, and crossfades into it over crossfadeTime', () => {
    const { processor, port } = makeProcessor(noise(1, 256, 12));
    expect(port.sent).toContainEqual({ type: 'applied', id: 1 });
    const out = [new Float32Array(B)];
    const input = [new Float32Array(B).fill(0.5)];
    for (let i = 0; i < 10; i++) processor.process([input], [out], {});
    port.deliver({ type: 'impulse', id: 2, impulse: prepareImpulse([new Float32Array([1])], { blockSize: B }) });
    const fadeBlocks = Math.ceil((0.05 * 48000) / B);
    let previous = out[0][B - 1];
    for (let i = 0; i < fadeBlocks; i++) {
      processor.process([input], [out], {});
      // Smooth: no step between blocks bigger than the IRs' own sample-to-sample variation allows.
      expect(Math.abs(out[0][0] - previous)).toBeLessThan(2);
      previous = out[0][B - 1];
    }
    processor.process([input], [out], {});
    // After the fade only the new IR (a unit impulse) plays: output = input.
    expect(out[0].every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
  });

  it('with deferLoad (realtime contexts), copies a long IR in a piece per block, keeps playing, then swaps', () => {
    const { processor, port } = makeProcessor([new Float32Array([1])], { deferLoad: true });
    const input = [new Float32Array(B).fill(0.25)];
    const out = [new Float32Array(B)];
    for (let i = 0; i < 4; i++) processor.process([input], [out], {});
    // 10 s stereo at 48 kHz: ≈ 3.8 M floats of spectra, 65 536 a block (impulse-slot.ts) → about 58 blocks
    const long = noise(2, 480_000, 21).map((c) => c.map((v, i) => (i === 0 ? 1 : v * 1e-3 * Math.exp(-i / 2000))));
    port.deliver({ type: 'impulse', id: 3, impulse: prepareImpulse(long, { blockSize: B }) });
    expect(port.sent).toContainEqual({ type: 'applied', id: 3 });
    let blocksOnOldIr = 0;
    for (let i = 0; i < 120; i++) {
      processor.process([input], [out], {});
      // the old IR (a unit impulse: output = input) plays on, untouched, until the new one is loaded
      if (out[0].every((v) => Math.abs(v - 0.25) < 1e-6)) blocksOnOldIr++;
      else break;
    }
    expect(blocksOnOldIr).toBeGreaterThanOrEqual(3);
    expect(blocksOnOldIr).toBeLessThan(100);
  });

  it('warms the engine up on request without side effects (offline contexts ask for it)', () => {
    const ir = noise(2, 2000, 15);
    const input = noise(2, 3000, 16);
    const { processor, port } = makeProcessor(ir, { warmUp: true });
    const out = stream(processor, input, 5120, 2);
    expect(maxError(out, directConvolve(input, ir))).toBeLessThan(1e-4);
    expect(port.sent.filter((m) => (m as { type: string }).type === 'error')).toEqual([]);
  });

  it('publishes telemetry to a SharedArrayBuffer at most every 100 ms of audio', () => {
    const shared = new SharedArrayBuffer(TELEMETRY.LENGTH * 8);
    const { processor } = makeProcessor(noise(2, 4800, 13), { telemetry: shared });
    const view = new Float64Array(shared);
    const out = [new Float32Array(B), new Float32Array(B)];
    const windowBlocks = Math.ceil((0.1 * 48000) / B);
    for (let i = 0; i < windowBlocks - 1; i++) processor.process([noise(2, B, i)], [out], {});
    expect(view[TELEMETRY.WINDOWS]).toBe(0);
    processor.process([noise(2, B, 99)], [out], {});
    expect(view[TELEMETRY.WINDOWS]).toBe(1);
    expect(view[TELEMETRY.MEAN_LOAD]).toBeGreaterThan(0);
    expect(view[TELEMETRY.PEAK_LOAD]).toBeGreaterThanOrEqual(view[TELEMETRY.MEAN_LOAD]);
  });
});
