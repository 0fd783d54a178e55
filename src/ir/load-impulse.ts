/**
 * `loadImpulse`: any source → a validated, prepared impulse: a real AudioBuffer when the `context` given can
 * make one (so `new ConvolverNode(context, { buffer })` takes it), else an AudioBuffer-shaped ImpulseAudioBuffer.
 * WAV is decoded by wavefile in every environment; anything else goes to `context.decodeAudioData` when a
 * context is given. Browser-safe:
 * a bare file path in Node is read through `options.readFile`, or else through `node:fs/promises` imported
 * by a computed specifier that bundlers leave alone and browsers never reach.
 */
import { ImpulseDecodeError } from './decode-error.js';
import type { ImpulseAudioBuffer, ImpulseBuffer } from './impulse-buffer.js';
import { prepareImpulseChannels, type PrepareOptions } from './prepare-impulse.js';
import { DEFAULT_MAX_IMPULSE_LENGTH, validateImpulseChannels } from './validate.js';
import { decodeWav } from './wav-codec.js';
import { readSource, type ReadFile } from './read-source.js';
import { count } from '../engine/wording.js';

/** What decodeAudioData needs; a BaseAudioContext, node-web-audio-api's included, fits. */
export interface DecodingContext {
  readonly sampleRate: number;
  decodeAudioData(data: ArrayBuffer): Promise<{
    numberOfChannels: number;
    sampleRate: number;
    getChannelData(channel: number): Float32Array;
  }>;
}

/** A context that also makes AudioBuffers (every BaseAudioContext): loadImpulse then returns an AudioBuffer. */
export interface BufferContext extends DecodingContext {
  createBuffer(numberOfChannels: number, length: number, sampleRate: number): AudioBuffer;
}

export type ImpulseSource = string | URL | Blob | ArrayBuffer | ArrayBufferView;

export interface LoadImpulseOptions extends PrepareOptions {
  /** Decodes non-WAV formats and sets the default target `sampleRate`. */
  context?: DecodingContext;
  /** Largest file accepted, in bytes, checked before reading where the size is known. Default 64 MiB. */
  maxBytes?: number;
  /** Longest decoded IR accepted, in frames at the file's rate. Default 2^23. */
  maxDecodedLength?: number;
  /** Reads a file path (Node); default: node:fs/promises. */
  readFile?: ReadFile;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024; // bytes

/**
 * With a context that has createBuffer (any BaseAudioContext): an AudioBuffer of that context's implementation,
 * at the context's rate unless `sampleRate` says otherwise. Without a context: an ImpulseAudioBuffer.
 * Allocates: main thread only.
 */
export function loadImpulse(source: ImpulseSource, options: LoadImpulseOptions & { context: BufferContext }): Promise<AudioBuffer>;
export function loadImpulse(source: ImpulseSource, options?: LoadImpulseOptions & { context?: undefined }): Promise<ImpulseAudioBuffer>;
export function loadImpulse(source: ImpulseSource, options?: LoadImpulseOptions): Promise<ImpulseBuffer>;
export async function loadImpulse(source: ImpulseSource, options: LoadImpulseOptions = {}): Promise<ImpulseBuffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxLength = options.maxDecodedLength ?? DEFAULT_MAX_IMPULSE_LENGTH;
  const bytes = await readSource(source, maxBytes, options.readFile);
  const { channels, sampleRate } = await decodeBytes(bytes, maxLength, options.context);
  validateImpulseChannels(channels, { maxLength });
  const impulse = prepareImpulseChannels(channels, sampleRate, { ...options, sampleRate: options.sampleRate ?? options.context?.sampleRate });
  return toAudioBuffer(impulse, options.context);
}

/** The context's own AudioBuffer holding `impulse`'s samples, when the context can make one. */
function toAudioBuffer(impulse: ImpulseAudioBuffer, context: DecodingContext | undefined): ImpulseBuffer {
  const factory = (context as Partial<BufferContext> | undefined)?.createBuffer;
  if (typeof factory !== 'function') return impulse;
  const buffer = factory.call(context, impulse.numberOfChannels, impulse.length, impulse.sampleRate);
  for (let c = 0; c < impulse.numberOfChannels; c++) {
    buffer.copyToChannel(impulse.getChannelData(c) as Float32Array<ArrayBuffer>, c);
  }
  return buffer;
}

/** Decodes bytes already in memory: WAV by wavefile, anything else by the context, if any. */
export async function decodeBytes(
  bytes: Uint8Array,
  maxLength: number,
  context?: DecodingContext,
): Promise<{ channels: Float32Array[]; sampleRate: number }> {
  try {
    return decodeWav(bytes, { maxLength });
  } catch (error) {
    const recoverable = error instanceof ImpulseDecodeError && (error.code === 'BAD_MAGIC' || error.code === 'UNSUPPORTED_CODEC');
    if (!recoverable || context === undefined) throw withHint(error, bytes);
  }
  // decodeAudioData detaches its argument: give it a copy so the caller's bytes survive.
  const copy = bytes.slice().buffer;
  let audio;
  try {
    audio = await context.decodeAudioData(copy);
  } catch (error) {
    const sniffed = sniff(bytes);
    throw new ImpulseDecodeError('UNSUPPORTED_CODEC', `decodeAudioData could not decode this ${sniffed} file: ${String(error)}`);
  }
  if (audio.numberOfChannels === 0) throw new ImpulseDecodeError('NO_DATA', 'decoded audio has 0 channels; expected 1, 2 or 4');
  const channels = Array.from({ length: audio.numberOfChannels }, (_, c) => audio.getChannelData(c).slice());
  if (channels[0].length > maxLength) {
    throw new ImpulseDecodeError('TOO_LARGE', `decoded audio has ${count(channels[0].length, 'frame')}; expected at most ${maxLength}`);
  }
  return { channels, sampleRate: audio.sampleRate };
}

function withHint(error: unknown, bytes: Uint8Array): unknown {
  if (!(error instanceof ImpulseDecodeError) || error.code !== 'BAD_MAGIC') return error;
  const kind = sniff(bytes);
  if (kind === 'unknown') return error;
  return new ImpulseDecodeError(
    'BAD_MAGIC',
    `${error.message}; this looks like ${kind}: pass options.context to decode it with decodeAudioData`,
  );
}

/** A best guess at a container from its first bytes, for error messages only. */
export function sniff(bytes: Uint8Array): string {
  const text = String.fromCharCode(...bytes.subarray(0, 4));
  if (text === 'OggS') return 'Ogg';
  if (text === 'fLaC') return 'FLAC';
  if (text.startsWith('ID3') || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return 'MP3';
  if (text === 'FORM') return 'AIFF';
  if (String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') return 'MP4/AAC';
  return 'unknown';
}
