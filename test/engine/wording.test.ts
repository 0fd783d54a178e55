import { describe, expect, it } from 'vitest';
import { PartitionedConvolver } from '../../src/engine/index.js';
import { count, describeValue, withArticle } from '../../src/engine/wording.js';
import { validateImpulseChannels } from '../../src/ir/validate.js';

describe('wording of error messages', () => {
  it('count: singular for exactly one', () => {
    expect(count(1, 'channel')).toBe('1 channel');
    expect(count(0, 'frame')).toBe('0 frames');
    expect(count(2, 'channel')).toBe('2 channels');
    expect(count(1.5, 'second')).toBe('1.5 seconds');
    expect(count(3, 'matrix', 'matrices')).toBe('3 matrices');
  });

  it('withArticle: "an" before a vowel sound, "a" before "you" and consonants', () => {
    const cases: Array<[string, string]> = [
      ['Object', 'an Object'], ['Int16Array', 'an Int16Array'], ['AudioBuffer', 'an AudioBuffer'], ['array', 'an array'],
      ['Float32Array', 'a Float32Array'], ['Uint8Array', 'a Uint8Array'], ['unit', 'a unit'], ['user', 'a user'],
      ['umbrella', 'an umbrella'], ['one-shot', 'a one-shot'], ['Map', 'a Map'],
    ];
    for (const [word, expected] of cases) expect(withArticle(word)).toBe(expected);
  });

  it('describeValue: plain objects, class instances, arrays and primitives', () => {
    expect(describeValue({})).toBe('an object');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue(new Int16Array(2))).toBe('an Int16Array');
    expect(describeValue(new Uint8Array(2))).toBe('a Uint8Array');
    expect(describeValue([1, 2, 3])).toBe('an array of 3');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(3)).toBe('number 3');
  });

  it('messages built from values read as English', () => {
    expect(() => new PartitionedConvolver({} as never)).toThrow(/; got an object$/);
    expect(() => validateImpulseChannels([new Int16Array(4)] as never)).toThrow(/channel 0 is an Int16Array; expected a Float32Array/);
    const engine = new PartitionedConvolver([new Float32Array(8)], { blockSize: 128, inputChannels: 2 });
    const b = () => new Float32Array(128);
    expect(() => engine.process([b(), b()], [b()])).toThrow(/output has 1 channel; expected 2/);
  });
});
