/**
 * `ConvolverWorkletNode.buffer` reads back as an AudioBuffer, as ConvolverNode's does, even when an
 * AudioBuffer-like (loadImpulse's result without a context, a test double) was set: this makes the context's own
 * AudioBuffer from it. Allocates: main thread only (one copy of the IR, when first read).
 */
import type { AudioBufferLike } from './prepare-impulse-buffer.js';

/** A real AudioBuffer of some implementation (native, standardized-audio-context, node-web-audio-api). */
export function isAudioBuffer(value: AudioBuffer | AudioBufferLike): value is AudioBuffer {
  const candidate = value as Partial<AudioBuffer>;
  return (
    typeof candidate.copyFromChannel === 'function' &&
    typeof candidate.copyToChannel === 'function' &&
    typeof candidate.duration === 'number'
  );
}

interface BufferFactory {
  createBuffer?(numberOfChannels: number, length: number, sampleRate: number): AudioBuffer;
}

/**
 * The samples of `value` in an AudioBuffer made by `context.createBuffer` (so it belongs to the same
 * implementation as the context), or by the global AudioBuffer; `value` itself where neither exists.
 */
export function copyToAudioBuffer(value: AudioBufferLike, context: object): AudioBuffer {
  const { numberOfChannels, length, sampleRate } = value;
  const factory = (context as BufferFactory).createBuffer;
  const Global = (globalThis as { AudioBuffer?: typeof AudioBuffer }).AudioBuffer;
  let buffer: AudioBuffer;
  if (typeof factory === 'function') buffer = factory.call(context, numberOfChannels, length, sampleRate);
  else if (typeof Global === 'function') buffer = new Global({ numberOfChannels, length, sampleRate });
  else return value as unknown as AudioBuffer; // nothing to make one with (Node without a Web Audio library)
  for (let c = 0; c < numberOfChannels; c++) {
    buffer.copyToChannel(value.getChannelData(c) as Float32Array<ArrayBuffer>, c);
  }
  return buffer;
}
