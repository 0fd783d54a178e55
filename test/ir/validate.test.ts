import { describe, expect, it } from 'vitest';
import { validateImpulseChannels } from '../../src/ir/validate.js';
import { ImpulseAudioBuffer, channelsOf } from '../../src/ir/impulse-buffer.js';

const ok = (n: number) => new Float32Array(n).fill(0.1);

describe('validateImpulseChannels', () => {
  it('accepts 1, 2 and 4 finite, equal-length channels', () => {
    for (const count of [1, 2, 4]) {
      expect(() => validateImpulseChannels(Array.from({ length: count }, () => ok(16)))).not.toThrow();
    }
  });

  const bad = (index: number, value: number) => {
    const c = ok(8);
    c[index] = value;
    return c;
  };
  const table: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
    ['0 channels', () => [], RangeError, /0 channels; expected 1 \(mono\), 2 \(stereo\) or 4/],
    ['3 channels', () => [ok(4), ok(4), ok(4)], RangeError, /3 channels; expected 1/],
    ['5 channels', () => [ok(4), ok(4), ok(4), ok(4), ok(4)], RangeError, /5 channels/],
    ['0 frames', () => [new Float32Array(0)], RangeError, /channel 0 has 0 frames; expected ≥ 1/],
    ['unequal lengths', () => [ok(4), ok(5)], RangeError, /channel 1 has 5 frames; expected 4 like channel 0/],
    ['NaN', () => [ok(8), bad(3, NaN)], RangeError, /channel 1 has NaN at frame 3; expected finite/],
    ['Infinity', () => [bad(7, Infinity)], RangeError, /channel 0 has Infinity at frame 7/],
    ['-Infinity', () => [ok(8), ok(8), ok(8), bad(0, -Infinity)], RangeError, /channel 3 has -Infinity at frame 0/],
    ['not an array', () => 'abc', TypeError, /string abc; expected an array of Float32Array/],
    ['Float64Array channel', () => [new Float64Array(4)], TypeError, /channel 0 is a Float64Array; expected a Float32Array/],
  ];
  for (const [name, make, type, message] of table) {
    it(`rejects ${name} with a ${type.name} naming it`, () => {
      const run = () => validateImpulseChannels(make() as Float32Array[]);
      expect(run).toThrow(type);
      expect(run).toThrow(message);
    });
  }

  it('rejects an impulse longer than maxLength', () => {
    expect(() => validateImpulseChannels([ok(101)], { maxLength: 100 })).toThrow(
      /101 frames; expected at most 100/,
    );
    expect(() => validateImpulseChannels([ok(100)], { maxLength: 100 })).not.toThrow();
  });
});

describe('ImpulseAudioBuffer', () => {
  it('is AudioBuffer-shaped and returns its own arrays', () => {
    const l = ok(10), r = ok(10);
    const buffer = new ImpulseAudioBuffer([l, r], 48000);
    expect([buffer.sampleRate, buffer.length, buffer.numberOfChannels, buffer.duration]).toEqual([48000, 10, 2, 10 / 48000]);
    expect(buffer.getChannelData(1)).toBe(r);
    expect(channelsOf(buffer)).toEqual([l, r]);
    expect(() => buffer.getChannelData(2)).toThrow(/channel index 2 is out of range; expected an integer 0 to 1/);
    expect(() => new ImpulseAudioBuffer([l], 0)).toThrow(/sample rate is 0/);
    expect(() => new ImpulseAudioBuffer([l, ok(3)], 48000)).toThrow(/channel 1 has 3 frames/);
  });
});
