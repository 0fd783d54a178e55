/**
 * An impulse response cut into partitions and transformed into spectra, ready for a PartitionedConvolver.
 * Preparing is the slow part of an IR change (every partition's FFT), so it happens off the audio thread:
 * on the main thread or in a Worker. The result is plain data (numbers, arrays, Float32Arrays), so it survives
 * postMessage; its spectra's buffers can be transferred instead of copied.
 *
 * Allocates: main thread or Worker only.
 */
import { planPartitions, validateBlockSize, type PartitionPlan } from './partition-plan.js';
import { RealFFT } from './real-fft.js';
import { describeValue, validateImpulse, type ImpulseChannels } from './validate-impulse.js';
import { count } from './wording.js';

export interface PreparedImpulse {
  readonly blockSize: number;
  /** IR length in frames. */
  readonly length: number;
  readonly channels: ImpulseChannels;
  readonly plan: PartitionPlan;
  /**
   * spectra[level · channels + channel]: that level's `count` packed partition spectra of 2·size numbers each,
   * pre-scaled by the inverse FFT's 1/size and by the `scale` option.
   */
  readonly spectra: Float32Array[];
}

export interface PrepareOptions {
  /** Frames per process() call. Default 128. */
  readonly blockSize?: number;
  /** Gain applied to the IR (normalization). Default 1. */
  readonly scale?: number;
  /** A plan for this length and block size; default: planPartitions(length, { blockSize }). */
  readonly plan?: PartitionPlan;
}

/** Smallest magnitude kept in float32 spectra; smaller values would be denormal and slow. */
const FLUSH_BELOW = 1e-30;

export function prepareImpulse(impulse: Float32Array[], options: PrepareOptions = {}): PreparedImpulse {
  const channels = validateImpulse(impulse);
  const blockSize = validateBlockSize(options.blockSize ?? 128);
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale)) throw new RangeError(`scale ${scale} is not supported; expected a finite number`);
  const length = impulse[0].length;
  const plan = options.plan ?? planPartitions(length, { blockSize });
  if (plan.blockSize !== blockSize || plan.length !== length) {
    throw new RangeError(
      `plan is for ${count(plan.length, 'frame')} in blocks of ${plan.blockSize}; expected ${count(length, 'frame')} in blocks of ${blockSize}`,
    );
  }
  const spectra: Float32Array[] = [];
  for (const level of plan.levels) {
    const size = level.size;
    const fft = new RealFFT(2 * size);
    const frame = new Float64Array(2 * size);
    const gain = scale / size; // the inverse FFT returns size·x
    for (let c = 0; c < channels; c++) {
      const h = impulse[c];
      const out = new Float32Array(level.count * 2 * size);
      for (let p = 0; p < level.count; p++) {
        const start = level.offset + p * size;
        const end = Math.min(length, start + size);
        frame.fill(0);
        for (let i = start; i < end; i++) frame[i - start] = h[i] * gain;
        fft.forward(frame, out, p * 2 * size);
      }
      for (let i = 0; i < out.length; i++) if (Math.abs(out[i]) < FLUSH_BELOW) out[i] = 0;
      spectra.push(out);
    }
  }
  return { blockSize, length, channels, plan, spectra };
}

/** The buffers to pass as postMessage's transfer list. */
export function preparedTransferables(prepared: PreparedImpulse): ArrayBuffer[] {
  return prepared.spectra.map((s) => s.buffer as ArrayBuffer);
}

/** Checks that a PreparedImpulse (perhaps received by postMessage) is consistent before it is used. */
export function validatePrepared(prepared: PreparedImpulse): void {
  const plan = prepared?.plan;
  const spectra = prepared?.spectra;
  const channels = prepared?.channels;
  if (!plan || !Array.isArray(plan.levels) || !Array.isArray(spectra)) {
    throw new TypeError(
      `impulse must be an array of Float32Array channels or a PreparedImpulse with a plan and spectra; got ${describeValue(prepared)}`,
    );
  }
  if (channels !== 1 && channels !== 2 && channels !== 4) {
    throw new RangeError(`prepared impulse has ${typeof channels === 'number' ? count(channels, 'channel') : `${String(channels)} channels`}; expected 1, 2 or 4`);
  }
  validateBlockSize(prepared.blockSize);
  if (spectra.length !== plan.levels.length * channels) {
    throw new RangeError(`prepared impulse has ${count(spectra.length, 'spectrum', 'spectra')}; expected ${plan.levels.length * channels}`);
  }
  plan.levels.forEach((level, l) => {
    for (let c = 0; c < channels; c++) {
      const s = spectra[l * channels + c];
      const expected = level.count * 2 * level.size;
      if (!(s instanceof Float32Array) || s.length !== expected) {
        throw new RangeError(`prepared spectrum of level ${l} channel ${c} is ${s instanceof Float32Array ? `${count(s.length, 'number')} long` : describeValue(s)}; expected ${expected} numbers (a Float32Array)`);
      }
    }
  });
}
