/**
 * An impulse response cut into partitions and transformed into spectra, ready for a PartitionedConvolver.
 * Preparing is the slow part of an IR change (every partition's FFT), so it happens off the audio thread:
 * on the main thread or in a Worker. The result is plain data (numbers, arrays, Float32Arrays), so it survives
 * postMessage; its spectra's buffers can be transferred instead of copied.
 *
 * Allocates: main thread or Worker only.
 */
import { planPartitions, validateBlockSize, type PartitionPlan } from './partition-plan.js';
import { impulseChannelsOf, type ImpulseInput } from './impulse-input.js';
import { wasmTables } from './real-fft-tables.js';
import { createRealTransform, type RealTransform } from './real-transform.js';
import { simdAvailable, SpectrumArena } from './spectrum-arena.js';
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
   * pre-scaled by the inverse FFT's 1/size and by the `scale` option. A head (prepareImpulseHead) holds only
   * each level's first partitions, the same number for every channel; the rest follow by
   * PartitionedConvolver.supply().
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

/** `impulse`: Float32Array channels, or an AudioBuffer-like (an AudioBuffer, loadImpulse's result). */
export function prepareImpulse(input: ImpulseInput, options: PrepareOptions = {}): PreparedImpulse {
  const impulse = impulseChannelsOf(input) as Float32Array[];
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
  for (let l = 0; l < plan.levels.length; l++) {
    spectra.push(...prepareImpulseParts(impulse, plan, l, 0, plan.levels[l].count, scale));
  }
  return { blockSize, length, channels, plan, spectra };
}

/**
 * The spectra of partitions from … to − 1 of plan level `level`, one Float32Array per channel (packed, scaled
 * as PreparedImpulse.spectra). `impulse[c][i]` is IR frame `origin + i`: a caller may pass only the part of the
 * IR these partitions read. `into`: one array per channel of (to − from)·2·size floats to write them into
 * (memory already touched costs no page faults; see prepareImpulseHead), else new arrays. No validation of the
 * IR: for prepareImpulse and the IR streaming, which have checked.
 * Allocates: main thread or Worker only.
 */
export function prepareImpulseParts(
  impulse: Float32Array[],
  plan: PartitionPlan,
  level: number,
  from: number,
  to: number,
  scale: number,
  origin = 0,
  into?: Float32Array[],
): Float32Array[] {
  const { size, offset } = plan.levels[level];
  const floats = (to - from) * 2 * size;
  if (into !== undefined && (into.length !== impulse.length || into.some((a) => a.length !== floats))) {
    throw new RangeError(`${into.length} output arrays of ${into[0]?.length} floats; expected ${impulse.length} of ${floats}`);
  }
  const transform = new PartTransform(2 * size);
  const frame = transform.frame;
  const gain = scale / size; // the inverse FFT returns size·x
  const out: Float32Array[] = [];
  try {
    for (let c = 0; c < impulse.length; c++) {
      const h = impulse[c];
      const spectra = into?.[c] ?? new Float32Array(floats);
      for (let p = from; p < to; p++) {
        const start = offset + p * size - origin;
        const end = Math.min(plan.length - origin, start + size);
        frame.fill(0);
        for (let i = Math.max(0, start); i < end; i++) frame[i - start] = h[i] * gain;
        transform.forward(spectra, (p - from) * 2 * size);
      }
      for (let i = 0; i < spectra.length; i++) if (Math.abs(spectra[i]) < FLUSH_BELOW) spectra[i] = 0;
      out.push(spectra);
    }
  } finally {
    transform.release();
  }
  return out;
}

/**
 * The forward transform of one partition for prepareImpulseParts: in WebAssembly (float64) where the scope has
 * it, in a block of the scope memory held for the call (≈ 2.5× fft.js: 49 against 113 µs for 8192
 * frames here; the setter transforms a head on the main thread, and a Worker the tail), else in JavaScript. The
 * two give the same spectra to float32 rounding (the engine's levels mix them already).
 */
class PartTransform {
  /** The partition's frames, zero-padded to the transform's size: fill it, then forward(). */
  readonly frame: Float64Array;
  private readonly fft: RealTransform;
  private readonly arena: SpectrumArena | null;
  private readonly spectrum: Float32Array | null; // the WebAssembly transform's output, in the arena

  constructor(realSize: number) {
    const L = realSize / 2;
    let arena: SpectrumArena | null = null;
    if (realSize >= 4 && simdAvailable()) {
      const tables = wasmTables(L);
      // floats: frame (2L doubles), spectrum (2L), the transform's two scratch buffers (2L doubles each), tables
      arena = new SpectrumArena(4 * L + 2 * L + 8 * L + 2 * (tables.stages.length + tables.real.length));
      if (arena.fft === null) {
        arena.release(); // no WebAssembly memory to be had: JavaScript
        arena = null;
      }
    }
    this.arena = arena;
    this.frame = arena === null ? new Float64Array(realSize) : arena.allocF64(realSize);
    this.spectrum = arena === null ? null : arena.alloc(realSize);
    this.fft = createRealTransform(realSize, arena ?? undefined, false); // float64: each bin right to its own rounding
  }

  /** Transforms `frame` into dst[offset … offset + size). */
  forward(dst: Float32Array, offset: number): void {
    if (this.spectrum === null) {
      this.fft.forward(this.frame, dst, offset);
    } else {
      this.fft.forward(this.frame, this.spectrum, 0);
      dst.set(this.spectrum, offset);
    }
  }

  /** Returns the arena's block to the scope memory. */
  release(): void {
    this.arena?.release();
  }
}

/** The buffers to pass as postMessage's transfer list (each once: a head's spectra share one). */
export function preparedTransferables(prepared: PreparedImpulse): ArrayBuffer[] {
  return [...new Set(prepared.spectra.map((s) => s.buffer as ArrayBuffer))];
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
    const first = spectra[l * channels];
    for (let c = 0; c < channels; c++) {
      const s = spectra[l * channels + c];
      const expected = level.count * 2 * level.size;
      // a head holds a leading run of whole partitions, the same for every channel
      if (
        !(s instanceof Float32Array) ||
        s.length > expected ||
        s.length % (2 * level.size) !== 0 ||
        s.length !== (first as Float32Array | undefined)?.length
      ) {
        throw new RangeError(
          `prepared spectrum of level ${l} channel ${c} is ${s instanceof Float32Array ? `${count(s.length, 'number')} long` : describeValue(s)}; expected ${expected} ` +
            `(or, in a head, the same multiple of ${2 * level.size} for every channel)`,
        );
      }
    }
  });
}
