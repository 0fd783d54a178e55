/**
 * The AudioBuffer-shaped object every IR function returns and accepts. A real `AudioBuffer` satisfies the
 * interface too, so the node, the engine and the CLI take either without conversion.
 */
import { count } from '../engine/wording.js';
export interface ImpulseBuffer {
  readonly sampleRate: number; // Hz
  readonly length: number; // frames
  readonly numberOfChannels: number;
  getChannelData(channel: number): Float32Array;
}

/**
 * A plain, browser- and Node-safe `ImpulseBuffer` over caller-provided channel arrays (not copied: the buffer
 * owns them after construction). Allocates: main thread only.
 */
export class ImpulseAudioBuffer implements ImpulseBuffer {
  readonly sampleRate: number;
  readonly length: number;
  readonly numberOfChannels: number;
  readonly #channels: Float32Array[];

  constructor(channels: Float32Array[], sampleRate: number) {
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) {
      throw new RangeError(`impulse sample rate is ${sampleRate}; expected a finite number of Hz > 0`);
    }
    if (channels.length === 0) throw new RangeError('impulse has 0 channels; expected 1, 2 or 4');
    const length = channels[0].length;
    channels.forEach((data, c) => {
      if (data.length !== length) {
        throw new RangeError(`impulse channel ${c} has ${count(data.length, 'frame')}; expected ${length} like channel 0`);
      }
    });
    this.#channels = channels;
    this.sampleRate = sampleRate;
    this.length = length;
    this.numberOfChannels = channels.length;
  }

  /** Real-time safe: returns the stored array, not a copy, exactly as AudioBuffer does. */
  getChannelData(channel: number): Float32Array {
    const data = this.#channels[channel];
    if (data === undefined || !Number.isInteger(channel)) {
      throw new RangeError(
        `channel index ${channel} is out of range; expected an integer 0 to ${this.numberOfChannels - 1}`,
      );
    }
    return data;
  }

  /** Duration in seconds. */
  get duration(): number {
    return this.length / this.sampleRate;
  }

  /** The channels as an array, in order (the same arrays, not copies). */
  channels(): Float32Array[] {
    return this.#channels.slice();
  }
}

/** The channel arrays of any `ImpulseBuffer` (an AudioBuffer included), not copied. */
export function channelsOf(buffer: ImpulseBuffer): Float32Array[] {
  const out: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) out.push(buffer.getChannelData(c));
  return out;
}
