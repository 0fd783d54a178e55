// The processor lets go of what it holds: an engine that cannot be built is reported (and the previous IR plays
// on), the JavaScript fallback is reported once, offline processors finish after the rendering's last frame,
// idle realtime processors do no engine work and release their engine, replaced engines are released through
// the main thread's 'release' answer. ConvolverProcessor is called directly, as the audio thread would.
import './worklet-globals.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { directConvolve, prepareImpulse, scopeMemoryStats } from '../../src/engine/index.js';
import { ConvolverProcessor } from '../../worklets/convolver-processor.js';
import { IDLE_RELEASE } from '../../worklets/processor-lifecycle.js';
import type { ConvolverProcessorOptions } from '../../worklets/protocol.js';
import { noise } from '../helpers/random.js';
import { maxError } from '../helpers/signal.js';
import type { FakePort } from './worklet-globals.js';

const B = 128; // frames
const RATE = 48000; // Hz: worklet-globals' sampleRate
const scope = globalThis as { currentFrame?: number };

function makeProcessor(options: Partial<ConvolverProcessorOptions> = {}) {
  const processor = new ConvolverProcessor({ processorOptions: { blockSize: B, crossfadeTime: 0.05, ...options } });
  return { processor, port: processor.port as unknown as FakePort };
}

function types(port: FakePort): string[] {
  return port.sent.map((m) => (m as { type: string }).type);
}

/** Runs `input` (then silence while `frames` lasts) through the processor; returns the output. */
function run(processor: ConvolverProcessor, input: Float32Array[], frames: number): Float32Array[] {
  const out = [new Float32Array(frames), new Float32Array(frames)];
  const inB = [new Float32Array(B), new Float32Array(B)];
  const outB = [new Float32Array(B), new Float32Array(B)];
  for (let start = 0; start < frames; start += B) {
    for (let c = 0; c < 2; c++) {
      inB[c].fill(0);
      if (start < input[c].length) inB[c].set(input[c].subarray(start, Math.min(start + B, input[c].length)));
    }
    processor.process([inB], [outB], {});
    for (let c = 0; c < 2; c++) out[c].set(outB[c], start);
  }
  return out;
}


afterEach(() => {
  delete scope.currentFrame;
});

describe('ConvolverProcessor reports', () => {
  it('an engine it cannot build: an error naming the IR id, and the previous IR plays on', () => {
    const ir = noise(2, 3000, 1);
    const { processor, port } = makeProcessor();
    port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(ir, { blockSize: B }) });
    port.deliver({ type: 'impulse', id: 2, impulse: prepareImpulse(noise(2, 3000, 2), { blockSize: 256 }) });
    const error = port.sent.find((m) => (m as { type: string }).type === 'error') as { id: number; message: string };
    expect(error.id).toBe(2);
    expect(error.message).toMatch(/prepared for blocks of 256 frames; expected 128/);
    expect(port.sent).not.toContainEqual({ type: 'applied', id: 2 });
    const input = noise(2, 4000, 3);
    expect(maxError(run(processor, input, 8192), directConvolve(input, ir))).toBeLessThan(1e-4);
  });
});

describe('ConvolverProcessor lifecycle', () => {
  it('offline: returns false after the last frame of the rendering (also when made mid-render), releasing its engine', () => {
    const renderLength = 40 * B + 17; // frames: the last block is partial
    for (const firstBlock of [0, 25]) {
      const blocksBefore = scopeMemoryStats().blocks;
      const { processor, port } = makeProcessor({ renderLength });
      port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(noise(2, 20_000, 4), { blockSize: B }) });
      expect(scopeMemoryStats().blocks).toBeGreaterThan(blocksBefore);
      const out = [new Float32Array(B), new Float32Array(B)];
      const input = noise(2, B, 5);
      let calls = 0;
      let alive = true;
      for (let block = firstBlock; alive && block < 100; block++) {
        scope.currentFrame = block * B;
        alive = processor.process([input], [out], {});
        calls++;
        if (alive) expect(out[0].some((v) => v !== 0)).toBe(true);
      }
      expect(calls).toBe(41 - firstBlock); // blocks 0 … 40: the one holding frame renderLength − 1 is the last
      expect(scopeMemoryStats().blocks).toBe(blocksBefore);
      expect(types(port).filter((t) => t === 'finished')).toHaveLength(1); // the node closes its port on it
      // an IR that arrives after the end is acknowledged and dropped
      port.deliver({ type: 'impulse', id: 2, impulse: prepareImpulse(noise(2, 2000, 6), { blockSize: B }) });
      expect(port.sent).toContainEqual({ type: 'applied', id: 2 });
      expect(scopeMemoryStats().blocks).toBe(blocksBefore);
    }
  });

  it('realtime: idles without input connections, releases its engine after ≈ 1 s, asks for the IR again when input returns', () => {
    const ir = noise(2, 6000, 7);
    const prepared = () => prepareImpulse(ir, { blockSize: B });
    const blocksBefore = scopeMemoryStats().blocks;
    const { processor, port } = makeProcessor({ deferLoad: true });
    port.deliver({ type: 'impulse', id: 1, impulse: prepared() });
    const first = noise(2, 3000, 8);
    expect(maxError(run(processor, first, 12_800), directConvolve(first, ir))).toBeLessThan(1e-4);
    const held = scopeMemoryStats().blocks;
    expect(held).toBeGreaterThan(blocksBefore);
    // disconnected: an empty input list, as Chromium passes for a node with no input connections
    const out = [new Float32Array(B).fill(9), new Float32Array(B).fill(9)];
    const idleBlocks = Math.ceil((IDLE_RELEASE * RATE) / B);
    for (let i = 0; i < idleBlocks - 2; i++) {
      expect(processor.process([[]], [out], {})).toBe(true);
      expect(out[0].every((v) => v === 0) && out[1].every((v) => v === 0)).toBe(true);
    }
    expect(types(port)).not.toContain('release-request');
    for (let i = 0; i < 4; i++) expect(processor.process([[]], [out], {})).toBe(true);
    expect(types(port).filter((t) => t === 'release-request')).toHaveLength(1);
    expect(scopeMemoryStats().blocks).toBe(held); // not in process(): on the main thread's answer
    port.deliver({ type: 'release' });
    expect(scopeMemoryStats().blocks).toBe(blocksBefore);
    // input again: one 'resend' (however many blocks come before the IR does), then it plays as before
    const again = noise(2, 3000, 9);
    run(processor, again, 4 * B);
    expect(types(port).filter((t) => t === 'resend')).toHaveLength(1);
    port.deliver({ type: 'impulse', id: 2, impulse: prepared() });
    expect(maxError(run(processor, again, 12_800), directConvolve(again, ir))).toBeLessThan(1e-4);
    port.deliver({ type: 'dispose' });
    const silence = [new Float32Array(B), new Float32Array(B)];
    let blocks = 0;
    while (processor.process([silence], [out], {}) && blocks < 1000) blocks++;
    expect(blocks).toBeLessThan(1000);
    expect(scopeMemoryStats().blocks).toBe(blocksBefore); // the last call released the engine
  });

  it('realtime: a connected block restarts the idle time (the engine is released only after ≈ 1 s idle in a row)', () => {
    const { processor, port } = makeProcessor();
    port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(noise(2, 2000, 10), { blockSize: B }) });
    const out = [new Float32Array(B), new Float32Array(B)];
    const silence = [new Float32Array(B), new Float32Array(B)];
    const idleBlocks = Math.ceil((IDLE_RELEASE * RATE) / B);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < idleBlocks - 4; i++) processor.process([[]], [out], {});
      processor.process([silence], [out], {}); // connected, silent: nothing rings, but the input is back
    }
    expect(types(port)).not.toContain('release-request');
    for (let i = 0; i < idleBlocks; i++) processor.process([[]], [out], {});
    expect(types(port).filter((t) => t === 'release-request')).toHaveLength(1);
  });

  it('realtime where the browser revives processors (Firefox): asleep (false) once idle and released, plays again when input returns', () => {
    const ir = noise(2, 6000, 17);
    const prepared = () => prepareImpulse(ir, { blockSize: B });
    const blocksBefore = scopeMemoryStats().blocks;
    const { processor, port } = makeProcessor({ deferLoad: true, revivable: true });
    port.deliver({ type: 'impulse', id: 1, impulse: prepared() });
    const first = noise(2, 3000, 18);
    expect(maxError(run(processor, first, 12_800), directConvolve(first, ir))).toBeLessThan(1e-4);
    const out = [new Float32Array(B), new Float32Array(B)];
    const idleBlocks = Math.ceil((IDLE_RELEASE * RATE) / B);
    let trueBlocks = 0;
    while (processor.process([[]], [out], {}) && trueBlocks < 10 * idleBlocks) trueBlocks++;
    // true while idle for IDLE_RELEASE (an empty processor's cost), then false: the tail had decayed long before
    expect(trueBlocks).toBeGreaterThanOrEqual(idleBlocks - 2);
    expect(trueBlocks).toBeLessThanOrEqual(idleBlocks + 2);
    expect(types(port).filter((t) => t === 'asleep')).toHaveLength(1);
    expect(types(port).filter((t) => t === 'release-request')).toHaveLength(1);
    port.deliver({ type: 'release' });
    expect(scopeMemoryStats().blocks).toBe(blocksBefore);
    // the browser may call it again without input (it stays asleep, says nothing more)…
    for (let i = 0; i < 3; i++) expect(processor.process([[]], [out], {})).toBe(false);
    expect(types(port).filter((t) => t === 'asleep')).toHaveLength(1);
    // …and calls it again when input returns: awake, one 'resend', then it plays the re-sent IR exactly
    const inB = noise(2, B, 19);
    expect(processor.process([inB], [out], {})).toBe(true);
    expect(types(port).filter((t) => t === 'resend')).toHaveLength(1);
    expect(types(port).filter((t) => t === 'awake')).toHaveLength(1);
    expect(types(port).lastIndexOf('awake')).toBeLessThan(types(port).lastIndexOf('resend'));
    expect(types(port)).not.toContain('finished');
    port.deliver({ type: 'impulse', id: 2, impulse: prepared() });
    const again = noise(2, 3000, 20);
    expect(maxError(run(processor, again, 12_800), directConvolve(again, ir))).toBeLessThan(1e-4);
    // asleep again, then disposed: it may never be called again, so it finishes in the message handler
    while (processor.process([[]], [out], {}) && trueBlocks < 100 * idleBlocks) trueBlocks++;
    port.deliver({ type: 'release' });
    expect(types(port).filter((t) => t === 'asleep')).toHaveLength(2);
    port.deliver({ type: 'dispose' });
    expect(types(port)).toContain('finished');
    expect(scopeMemoryStats().blocks).toBe(blocksBefore);
  });

  it('realtime where a false is final (Chromium, and by default): never asleep, never false before dispose()', () => {
    const { processor, port } = makeProcessor({ deferLoad: true });
    port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(noise(2, 3000, 21), { blockSize: B }) });
    run(processor, noise(2, 1000, 22), 4 * B);
    const out = [new Float32Array(B), new Float32Array(B)];
    for (let i = 0; i < 3 * Math.ceil((IDLE_RELEASE * RATE) / B); i++) expect(processor.process([[]], [out], {})).toBe(true);
    expect(types(port)).not.toContain('asleep');
    port.deliver({ type: 'release' });
  });

  it('an IR swap retires the old engine, released on the main thread answer', () => {
    const blocksBefore = scopeMemoryStats().blocks;
    const { processor, port } = makeProcessor();
    port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(noise(2, 5000, 10), { blockSize: B }) });
    run(processor, noise(2, 2000, 11), 2048);
    port.deliver({ type: 'impulse', id: 2, impulse: prepareImpulse(noise(2, 5000, 12), { blockSize: B }) });
    const two = scopeMemoryStats().blocks;
    run(processor, noise(2, 8000, 13), 8192); // longer than the 50 ms crossfade
    expect(types(port)).toContain('release-request');
    port.deliver({ type: 'release' });
    const one = scopeMemoryStats().blocks;
    expect(one).toBeLessThan(two);
    expect(one).toBeGreaterThan(blocksBefore);
    port.deliver({ type: 'dispose' });
    while (processor.process([[new Float32Array(B)]], [[new Float32Array(B), new Float32Array(B)]], {}));
    expect(scopeMemoryStats().blocks).toBe(blocksBefore);
  });

  it('reports the JavaScript fallback once when WebAssembly memory cannot be had, and plays correctly', async () => {
    vi.resetModules();
    const fresh = await import('../../worklets/convolver-processor.js');
    const spy = vi.spyOn(WebAssembly, 'Memory').mockImplementation(function () {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    } as unknown as typeof WebAssembly.Memory);
    try {
      const processor = new fresh.ConvolverProcessor({ processorOptions: { blockSize: B, crossfadeTime: 0 } });
      const port = processor.port as unknown as FakePort;
      const ir = noise(2, 9000, 14);
      port.deliver({ type: 'impulse', id: 1, impulse: prepareImpulse(ir, { blockSize: B }) });
      port.deliver({ type: 'impulse', id: 2, impulse: prepareImpulse(ir, { blockSize: B }) });
      expect(types(port).filter((t) => t === 'fallback')).toHaveLength(1);
      expect(port.sent).toContainEqual({ type: 'applied', id: 2 });
      const input = noise(2, 3000, 15);
      expect(maxError(run(processor, input, 12_800), directConvolve(input, ir))).toBeLessThan(1e-4);
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });
});
