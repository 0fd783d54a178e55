/**
 * The one file that touches wavefile. Decoding hands wavefile a minimal, already checked WAV (header rebuilt by
 * `parseWavHeader`'s findings, then the data bytes), so wavefile never sees an absurd size and the same call
 * decodes a whole file or one chunk of a streamed file. wavefile returns raw integers for PCM; the scaling to
 * ±1 lives here. Encoding packs samples with wavefile and writes headers here, so streamed output can write
 * its header first and patch the sizes last.
 */
import * as wavefileModule from 'wavefile';
import { ImpulseDecodeError } from './decode-error.js';
import { parseWavHeader, type WavFormat } from './wav-format.js';
import { mulberry32 } from './random.js';
import { count } from '../engine/wording.js';

// wavefile ships two builds: Node loads its CommonJS "main", whose exports arrive as the default export only;
// bundlers pick its ES "module", which has the named export WaveFile and no default. A namespace import sees both.
// Reflect.get, not `.default`: bundlers check static member reads of a namespace against the ES build's exports
// and warn IMPORT_IS_UNDEFINED in every app that bundles us.
type WaveFileClass = typeof wavefileModule.WaveFile;
const WaveFile: WaveFileClass =
  (wavefileModule as { WaveFile?: WaveFileClass }).WaveFile ??
  (Reflect.get(wavefileModule, 'default') as { WaveFile: WaveFileClass }).WaveFile;

export type WavBitDepth = '8' | '16' | '24' | '32' | '32f' | '64';

export interface DecodedWav {
  channels: Float32Array[];
  sampleRate: number; // Hz
  format: WavFormat;
}

export interface DecodeWavOptions {
  /** Longest accepted file in frames, checked before the samples are decoded. */
  maxLength?: number;
}

/** Decodes a whole WAV file held in memory. Allocates: main thread only. */
export function decodeWav(bytes: Uint8Array, options: DecodeWavOptions = {}): DecodedWav {
  const format = parseWavHeader(bytes);
  if (options.maxLength !== undefined && format.frames > options.maxLength) {
    throw new ImpulseDecodeError('TOO_LARGE', `WAV has ${count(format.frames, 'frame')}; expected at most ${options.maxLength}`);
  }
  const data = bytes.subarray(format.dataOffset, format.dataOffset + format.dataBytes);
  return { channels: decodeWavData(format, data), sampleRate: format.sampleRate, format };
}

/** Decodes whole frames of sample data in `format` (a chunk of a data chunk) to ±1 floats per channel. */
export function decodeWavData(format: WavFormat, data: Uint8Array): Float32Array[] {
  const frames = Math.floor(data.length / format.blockAlign);
  const dataBytes = frames * format.blockAlign;
  const bytes = new Uint8Array(44 + dataBytes + (dataBytes & 1)); // RIFF pads odd chunks to even sizes
  bytes.set(wavHeader(format.channels, format.sampleRate, bitDepthOf(format), frames, false));
  bytes.set(data.subarray(0, dataBytes), 44);
  const wav = new WaveFile();
  wav.fromBuffer(bytes);
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const perChannel = format.channels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
  const { bitsPerSample, formatCode } = format;
  const offset = formatCode === 1 && bitsPerSample === 8 ? 128 : 0; // 8-bit PCM is unsigned
  const scale = formatCode === 3 ? 1 : 1 / 2 ** (bitsPerSample - 1);
  return perChannel.map((samples) => {
    const out = new Float32Array(frames);
    for (let i = 0; i < frames; i++) out[i] = (samples[i] - offset) * scale;
    return out;
  });
}

function bitDepthOf(format: WavFormat): WavBitDepth {
  if (format.formatCode === 3) return format.bitsPerSample === 64 ? '64' : '32f';
  return String(format.bitsPerSample) as WavBitDepth;
}

export interface EncodeWavOptions {
  /** Write WAVE_FORMAT_EXTENSIBLE instead of the plain fmt chunk. Default false. */
  extensible?: boolean;
  /** TPDF dither seed for 8- and 16-bit output; `false` turns dither off. Default seed 1. */
  dither?: number | false;
}

/** A complete WAV file. Samples beyond ±1 are clipped for integer formats. Allocates: main thread only. */
export function encodeWav(
  channels: readonly Float32Array[],
  sampleRate: number,
  bitDepth: WavBitDepth,
  options: EncodeWavOptions = {},
): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const header = wavHeader(channels.length, sampleRate, bitDepth, frames, options.extensible ?? false);
  const data = encodeWavData(channels, sampleRate, bitDepth, options.dither);
  const out = new Uint8Array(header.length + data.length + (data.length & 1)); // RIFF pad byte for odd data
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** The data-chunk bytes of some frames; a streamed writer calls it once per chunk with its own dither seed. */
export function encodeWavData(
  channels: readonly Float32Array[],
  sampleRate: number,
  bitDepth: WavBitDepth,
  dither: number | false = 1,
): Uint8Array {
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const bits = isFloat ? 0 : Number(bitDepth);
  const random = dither !== false && bits > 0 && bits <= 16 ? mulberry32(dither) : undefined;
  const samples = channels.map((input) => {
    const out = new Float64Array(input.length);
    if (isFloat) out.set(input);
    else quantize(input, out, bits, random);
    return out;
  });
  const wav = new WaveFile();
  wav.fromScratch(channels.length, sampleRate, bitDepth, channels.length === 1 ? samples[0] : samples);
  const bytes = wav.toBuffer();
  const format = parseWavHeader(bytes);
  return bytes.slice(format.dataOffset, format.dataOffset + format.dataBytes);
}

function quantize(input: Float32Array, out: Float64Array, bits: number, random?: () => number): void {
  const full = 2 ** (bits - 1);
  const offset = bits === 8 ? 128 : 0; // 8-bit PCM is unsigned
  for (let i = 0; i < input.length; i++) {
    const noise = random ? random() - random() : 0; // triangular, ±1 LSB
    const v = Math.round(input[i] * full + noise);
    out[i] = (v < -full ? -full : v > full - 1 ? full - 1 : v) + offset;
  }
}

/** A RIFF/WAVE header (plain 44 bytes, or 80 with EXTENSIBLE and fact) for `frames` frames. */
export function wavHeader(
  channels: number,
  sampleRate: number,
  bitDepth: WavBitDepth,
  frames: number,
  extensible: boolean,
): Uint8Array {
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const bits = bitDepth === '32f' ? 32 : Number(bitDepth);
  const blockAlign = (channels * bits) / 8;
  const fmtSize = extensible ? 40 : 16;
  const factSize = extensible ? 12 : 0; // non-PCM EXTENSIBLE files carry a fact chunk
  const headerSize = 12 + 8 + fmtSize + factSize + 8;
  const dataBytes = frames * blockAlign;
  const bytes = new Uint8Array(headerSize);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => { for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i); };
  text(0, 'RIFF');
  view.setUint32(4, headerSize - 8 + dataBytes + (dataBytes & 1), true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, extensible ? 0xfffe : isFloat ? 3 : 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bits, true);
  if (extensible) {
    view.setUint16(36, 22, true); // cbSize
    view.setUint16(38, bits, true); // valid bits per sample
    view.setUint32(40, channels <= 2 ? (1 << channels) - 1 : 0, true); // FL, FL|FR, else unassigned
    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00aa00389b71}
    const guid = [0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    guid[0] = isFloat ? 3 : 1;
    bytes.set(guid, 44);
    text(60, 'fact');
    view.setUint32(64, 4, true);
    view.setUint32(68, frames, true);
  }
  text(headerSize - 8, 'data');
  view.setUint32(headerSize - 4, dataBytes, true);
  return bytes;
}
