// The mono-slot bookkeeping ConvolutionLevel and BlockLevel share (mono-slots.ts): counts, the share rule, reset.
import { describe, expect, it } from 'vitest';
import { MonoSlots } from '../../src/engine/mono-slots.js';

describe('MonoSlots', () => {
  it('counts stereo slots as chunks replace each other, and returns the count before each mark', () => {
    const slots = new MonoSlots(4, 2, 2, 2);
    expect(slots.stereo).toBe(0);
    expect(slots.mark(0, 0)).toBe(0); // slot 0 turns stereo
    expect(slots.mark(1, 0)).toBe(1);
    expect(slots.mark(0, 0)).toBe(2); // stereo again: no change
    expect(slots.stereo).toBe(2);
    expect(slots.mark(0, 1)).toBe(2); // mono again
    expect(slots.stereo).toBe(1);
    expect(Array.from(slots.mono)).toEqual([1, 0, 1, 1]);
    slots.reset();
    expect(slots.stereo).toBe(0);
    expect(Array.from(slots.mono)).toEqual([1, 1, 1, 1]);
  });

  it('outputs are shared only for a 1-channel IR on 2 inputs and 2 outputs, while every slot is mono', () => {
    const slots = new MonoSlots(3, 2, 2, 1);
    expect(slots.shared).toBe(true);
    slots.mark(2, 0);
    expect(slots.shared).toBe(false);
    slots.mark(2, 1);
    expect(slots.shared).toBe(true);
    expect(new MonoSlots(3, 2, 2, 2).shared).toBe(false);
    expect(new MonoSlots(3, 1, 1, 1).shared).toBe(false);
    expect(new MonoSlots(3, 2, 2, 4).shared).toBe(false);
  });
});
