/** Conversions between the IR library's AudioBuffer-shaped objects and real AudioBuffers. */
import { ImpulseAudioBuffer, type ImpulseBuffer } from '../src/ir/index.js';

// The IR library types its arrays over ArrayBufferLike; they are never SharedArrayBuffer views (which
// copyToChannel rejects), so the narrower type is safe.
type Plain = Float32Array<ArrayBuffer>;

/** A real AudioBuffer with a copy of the IR's channels (the native ConvolverNode accepts nothing else). */
export function toAudioBuffer(impulse: ImpulseBuffer): AudioBuffer {
  if (impulse instanceof AudioBuffer) return impulse;
  const buffer = new AudioBuffer({
    numberOfChannels: impulse.numberOfChannels,
    length: impulse.length,
    sampleRate: impulse.sampleRate,
  });
  for (let c = 0; c < impulse.numberOfChannels; c++) buffer.copyToChannel(impulse.getChannelData(c) as Plain, c);
  return buffer;
}

/** An AudioBuffer made from channel arrays (copied). */
export function audioBufferOf(channels: readonly Float32Array[], sampleRate: number): AudioBuffer {
  const buffer = new AudioBuffer({ numberOfChannels: channels.length, length: channels[0].length, sampleRate });
  channels.forEach((data, c) => buffer.copyToChannel(data as Plain, c));
  return buffer;
}

/** The channels of an AudioBuffer as an ImpulseAudioBuffer (copied, so later edits do not alias). */
export function impulseOf(buffer: AudioBuffer): ImpulseAudioBuffer {
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c).slice());
  return new ImpulseAudioBuffer(channels, buffer.sampleRate);
}
