import { describe, expect, it } from 'vitest';
import { PartitionedConvolver, convolve, prepareImpulse, planPartitions } from '../../src/engine/index.js';

const ok = () => new Float32Array(64).fill(0.1);
const withValue = (i: number, v: number) => {
  const a = ok();
  a[i] = v;
  return a;
};

describe('bad impulse responses are rejected with a message naming the value', () => {
  const table: Array<[string, unknown, RegExp, typeof RangeError | typeof TypeError]> = [
    ['NaN', [ok(), withValue(17, NaN)], /impulse channel 1 frame 17 is NaN; expected a finite number/, RangeError],
    ['+Infinity', [withValue(3, Infinity)], /impulse channel 0 frame 3 is Infinity/, RangeError],
    ['−Infinity', [withValue(0, -Infinity)], /impulse channel 0 frame 0 is -Infinity/, RangeError],
    ['0 frames', [new Float32Array(0)], /impulse channel 0 has 0 frames; expected ≥ 1/, RangeError],
    ['3 channels', [ok(), ok(), ok()], /impulse has 3 channels; expected 1, 2 or 4/, RangeError],
    ['5 channels', [ok(), ok(), ok(), ok(), ok()], /impulse has 5 channels; expected 1, 2 or 4/, RangeError],
    ['0 channels', [], /impulse has 0 channels/, RangeError],
    ['unequal lengths', [ok(), new Float32Array(10)], /impulse channel 1 has 10 frames; expected 64 like channel 0/, RangeError],
    ['not Float32Array', [new Float64Array(4)], /impulse channel 0 is a Float64Array; expected a Float32Array/, TypeError],
    ['not an array', new Float32Array(4), /impulse must be an array of Float32Array channels/, TypeError],
  ];
  for (const [name, impulse, message, type] of table) {
    it(`${name}: constructor, prepareImpulse and convolve`, () => {
      expect(() => new PartitionedConvolver(impulse as Float32Array[])).toThrow(type);
      expect(() => new PartitionedConvolver(impulse as Float32Array[])).toThrow(message);
      expect(() => prepareImpulse(impulse as Float32Array[])).toThrow(message);
      expect(() => convolve([ok()], impulse as Float32Array[])).toThrow(message);
    });
  }
});

describe('bad options', () => {
  for (const blockSize of [16, 100, 8192, 0, -128, 128.5]) {
    it(`blockSize ${blockSize}`, () => {
      expect(() => new PartitionedConvolver([ok()], { blockSize })).toThrow(
        new RegExp(`blockSize ${blockSize} is not supported; expected a power of two from 32 to 4096`),
      );
    });
  }
  it('inputChannels 3', () => {
    expect(() => new PartitionedConvolver([ok()], { inputChannels: 3 as 2 })).toThrow(/inputChannels 3 .* expected 1 or 2/);
  });
  it('a prepared impulse with another block size', () => {
    const prepared = prepareImpulse([ok()], { blockSize: 256 });
    expect(() => new PartitionedConvolver(prepared, { blockSize: 128 })).toThrow(/blockSize 128 does not match .* 256/);
  });
  it('a prepared impulse whose spectra were lost (e.g. detached by a transfer)', () => {
    const prepared = prepareImpulse([ok(), ok()]);
    const broken = { ...prepared, spectra: prepared.spectra.slice(1) };
    expect(() => new PartitionedConvolver(broken)).toThrow(/prepared impulse has 1 spectrum; expected 2/);
  });
  it('a plan for another length', () => {
    expect(() => prepareImpulse([ok()], { plan: planPartitions(100) })).toThrow(/plan is for 100 frames .* expected 64 frames/);
  });
  it('a non-finite scale', () => {
    expect(() => prepareImpulse([ok()], { scale: NaN })).toThrow(/scale NaN .* finite/);
  });
});

describe('bad process() buffers', () => {
  const conv = new PartitionedConvolver([ok(), ok()], { inputChannels: 2 });
  const b = () => new Float32Array(128);
  const table: Array<[string, unknown, unknown, RegExp]> = [
    ['no input channels', [], [b(), b()], /input has 0 channels; expected 1 to 2/],
    ['3 input channels', [b(), b(), b()], [b(), b()], /input has 3 channels; expected 1 to 2/],
    ['short input', [b(), new Float32Array(127)], [b(), b()], /input channel 1 has 127 frames; expected 128/],
    ['1 output channel for stereo', [b(), b()], [b()], /output has 1 channel; expected 2/],
    ['long output', [b(), b()], [b(), new Float32Array(256)], /output channel 1 has 256 frames; expected 128/],
    ['Float64Array input', [new Float64Array(128)], [b(), b()], /input channel 0 is a Float64Array; expected a Float32Array/],
    ['input not an array', b(), [b(), b()], /input must be an array of Float32Array/],
  ];
  for (const [name, input, output, message] of table) {
    it(name, () => {
      expect(() => conv.process(input as Float32Array[], output as Float32Array[])).toThrow(message);
    });
  }
  it('offline input with NaN or unequal channels', () => {
    expect(() => convolve([new Float32Array([1, NaN])], [ok()])).toThrow(/input channel 0 frame 1 is NaN/);
    expect(() => convolve([ok(), new Float32Array(3)], [ok()])).toThrow(/input channel 1 has 3 frames; expected 64/);
    expect(() => convolve([ok(), ok(), ok()], [ok()])).toThrow(/input has 3 channels; expected 1 or 2/);
  });
});
