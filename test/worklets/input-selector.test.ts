// The processor's choice of engine input channels (worklets/input-selector.ts), without a context.
import { describe, expect, it } from 'vitest';
import { hasSignal, InputSelector } from '../../worklets/input-selector.js';
import { DOWNMIX } from '../../worklets/protocol.js';

const B = 8; // frames
const ramp = (offset: number) => Float32Array.from({ length: B }, (_, i) => i + offset);

describe('InputSelector', () => {
  it('no input connections give one channel of silence', () => {
    const selected = new InputSelector(B, DOWNMIX.NONE).select([]);
    expect(selected).toHaveLength(1);
    expect(Array.from(selected[0])).toEqual(new Array(B).fill(0));
  });

  it('stereo stays stereo, and a mono source up-mixed to L = R takes the mono path', () => {
    const selector = new InputSelector(B, DOWNMIX.NONE);
    const left = ramp(0);
    const right = ramp(1);
    expect(selector.select([left, right])).toEqual([left, right]);
    const same = selector.select([left, Float32Array.from(left)]);
    expect(same).toHaveLength(1);
    expect(same[0]).toBe(left);
    // one sample apart is stereo
    const almost = Float32Array.from(left);
    almost[B - 1] += 1e-6;
    expect(selector.select([left, almost])).toHaveLength(2);
  });

  it("folds to the 1 channel the user asked for: 'speakers' averages, 'discrete' keeps the left", () => {
    const left = ramp(0);
    const right = ramp(2);
    const speakers = new InputSelector(B, DOWNMIX.SPEAKERS).select([left, right]);
    expect(Array.from(speakers[0])).toEqual(Array.from(ramp(1)));
    const discrete = new InputSelector(B, DOWNMIX.DISCRETE).select([left, right]);
    expect(discrete).toEqual([left]);
  });

  it('a downmix set later applies from the next block', () => {
    const selector = new InputSelector(B, DOWNMIX.NONE);
    selector.downmix = DOWNMIX.DISCRETE;
    expect(selector.select([ramp(0), ramp(5)])).toHaveLength(1);
  });

  it('reuses its lists: nothing is allocated per block', () => {
    const selector = new InputSelector(B, DOWNMIX.NONE);
    const a = selector.select([ramp(0)]);
    const b = selector.select([]);
    expect(b).toBe(a);
    const c = selector.select([ramp(0), ramp(3)]);
    expect(selector.select([ramp(1), ramp(4)])).toBe(c);
  });
});

describe('hasSignal', () => {
  it('is false only when every sample of every channel is zero', () => {
    expect(hasSignal([])).toBe(false);
    expect(hasSignal([new Float32Array(B), new Float32Array(B)])).toBe(false);
    const late = new Float32Array(B);
    late[B - 1] = -1e-30;
    expect(hasSignal([new Float32Array(B), late])).toBe(true);
  });
});
