// The load meter's published figures: every block timed on realtime contexts, every OFFLINE_STRIDE-th on
// offline ones (a clock read costs ≈ 85 ns a block in Chromium's worklet), a window of 100 ms of audio either
// way, mean and peak of the timed blocks, over-budget blocks counted.
import './worklet-globals.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareImpulse } from '../../src/engine/index.js';
import { ConvolverProcessor } from '../../worklets/convolver-processor.js';
import { LoadMeter, OFFLINE_STRIDE } from '../../worklets/load-meter.js';
import { TELEMETRY } from '../../worklets/protocol.js';
import { noise } from '../helpers/random.js';

const B = 128; // frames
const RATE = 48000; // Hz
const WINDOW = Math.ceil((0.1 * RATE) / B); // blocks per publication
const BUDGET = (1000 * B) / RATE; // ms a block

/** Feeds the meter one block: timed ones take `ms(block)`; returns whether it was timed. */
function feed(meter: LoadMeter, block: number, ms: (block: number) => number): boolean {
  if (!meter.timed()) return false;
  meter.record(ms(block));
  return true;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('LoadMeter', () => {
  it('muted (the rehearsal) publishes nothing; unmuted it starts afresh, peaks and over-budget blocks forgotten', () => {
    const posted: number[][] = [];
    const shared = new SharedArrayBuffer(TELEMETRY.LENGTH * 8);
    const withShared = new LoadMeter(B, RATE, shared, () => posted.push([NaN]), 3);
    const withPost = new LoadMeter(B, RATE, undefined, (mean, peak, over) => posted.push([mean, peak, over]));
    for (const meter of [withShared, withPost]) {
      meter.mute(true);
      for (let block = 0; block < 5 * WINDOW + 1; block++) feed(meter, block, () => 3 * BUDGET);
      meter.mute(false);
    }
    expect(posted).toEqual([]);
    expect(Array.from(new Float64Array(shared))).toEqual(new Array(TELEMETRY.LENGTH).fill(0));
    for (let block = 0; block < WINDOW; block++) feed(withPost, block, () => 0.5 * BUDGET);
    expect(posted).toHaveLength(1);
    expect(posted[0][0]).toBeCloseTo(0.5, 12);
    expect(posted[0].slice(1)).toEqual([expect.closeTo(0.5, 12), 0]);
    // the shared meter's first window after the mute: its first block is timed again (stride restarts)
    let timed = 0;
    for (let block = 0; block < WINDOW; block++) if (feed(withShared, block, () => 0.5 * BUDGET)) timed++;
    expect(timed).toBe(Math.ceil(WINDOW / 3));
    const view = new Float64Array(shared);
    expect([view[TELEMETRY.WINDOWS], view[TELEMETRY.OVER_BUDGET], view[TELEMETRY.MAX_LOAD]]).toEqual([1, 0, expect.closeTo(0.5, 12)]);
  });

  it('times every block with stride 1: mean, peak and over-budget blocks of the window', () => {
    const posted: number[][] = [];
    const meter = new LoadMeter(B, RATE, undefined, (mean, peak, over) => posted.push([mean, peak, over]));
    const ms = (block: number) => (block === 7 ? 2 * BUDGET : 0.25 * BUDGET);
    let timed = 0;
    for (let block = 0; block < WINDOW; block++) if (feed(meter, block, ms)) timed++;
    expect(timed).toBe(WINDOW);
    expect(posted).toHaveLength(1);
    const [mean, peak, over] = posted[0];
    expect(mean).toBeCloseTo((2 + 0.25 * (WINDOW - 1)) / WINDOW, 12);
    expect(peak).toBeCloseTo(2, 12);
    expect(over).toBe(1);
  });

  it('times every stride-th block and still publishes every 100 ms of audio, with the timed blocks’ figures', () => {
    const shared = new SharedArrayBuffer(TELEMETRY.LENGTH * 8);
    const view = new Float64Array(shared);
    const meter = new LoadMeter(B, RATE, shared, () => {}, 3);
    // the load a block would show: timed blocks are 0, 3, 6, …; block 6 over budget, 7 (untimed) far over
    const ms = (block: number) => (block === 6 ? 1.5 * BUDGET : block === 7 ? 10 * BUDGET : (block % 2 === 0 ? 0.2 : 0.4) * BUDGET);
    const timedBlocks: number[] = [];
    for (let block = 0; block < WINDOW - 1; block++) if (feed(meter, block, ms)) timedBlocks.push(block);
    expect(view[TELEMETRY.WINDOWS]).toBe(0);
    if (feed(meter, WINDOW - 1, ms)) timedBlocks.push(WINDOW - 1);
    expect(view[TELEMETRY.WINDOWS]).toBe(1);
    expect(timedBlocks).toEqual(Array.from({ length: Math.ceil(WINDOW / 3) }, (_, i) => 3 * i));
    const loads = timedBlocks.map((b) => ms(b) / BUDGET);
    expect(view[TELEMETRY.MEAN_LOAD]).toBeCloseTo(loads.reduce((a, b) => a + b, 0) / loads.length, 12);
    expect(view[TELEMETRY.PEAK_LOAD]).toBeCloseTo(1.5, 12);
    expect(view[TELEMETRY.OVER_BUDGET]).toBe(1);
    expect(view[TELEMETRY.MAX_LOAD]).toBeCloseTo(1.5, 12);
  });

  it('publishes a window without a timed block as mean 0, peak 0 (a stride longer than the window)', () => {
    const posted: number[][] = [];
    const meter = new LoadMeter(B, RATE, undefined, (mean, peak, over) => posted.push([mean, peak, over]), 2 * WINDOW + 1);
    for (let block = 0; block < 2 * WINDOW; block++) feed(meter, block, () => 0.5 * BUDGET);
    expect(posted).toEqual([
      [0.5, 0.5, 0],
      [0, 0, 0],
    ]);
  });

  it('rejects a stride that is not a whole number ≥ 1, naming it', () => {
    for (const stride of [0, -1, 1.5, NaN]) {
      expect(() => new LoadMeter(B, RATE, undefined, () => {}, stride)).toThrow(new RangeError(`load meter stride is ${stride}; expected a whole number ≥ 1`));
    }
  });
});

describe('ConvolverProcessor load meter', () => {
  /** Clock reads over `blocks` blocks of stereo noise through a processor built with `options`. */
  function clockReads(options: { renderLength?: number }, blocks: number): number {
    const processor = new ConvolverProcessor({ processorOptions: { blockSize: B, ...options } });
    (processor.port as unknown as { deliver(m: unknown): void }).deliver({
      type: 'impulse',
      id: 1,
      impulse: prepareImpulse(noise(2, 2000, 4), { blockSize: B }),
    });
    const out = [new Float32Array(B), new Float32Array(B)];
    const now = vi.spyOn(performance, 'now');
    for (let block = 0; block < blocks; block++) processor.process([noise(2, B, block)], [out], {});
    const reads = now.mock.calls.length;
    now.mockRestore();
    return reads;
  }

  it('reads the clock twice a block on a realtime context', () => {
    expect(clockReads({}, 30)).toBe(60);
  });

  it(`reads it twice in every ${OFFLINE_STRIDE} blocks on an offline context`, () => {
    expect(clockReads({ renderLength: 48000 * 10 }, 30)).toBe((2 * 30) / OFFLINE_STRIDE);
  });
});
