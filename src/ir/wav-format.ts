/**
 * Reads and checks a WAV header — RIFF chunk walk and the fmt chunk — without touching sample data. Every size
 * the header claims is checked against the bytes that exist before anything is allocated, so a 200-byte file
 * claiming a 4 GB data chunk is rejected in microseconds. Sample decoding is wavefile's job (wav-codec.ts).
 */
import { ImpulseDecodeError } from './decode-error.js';
import { count } from '../engine/wording.js';

export interface WavFormat {
  readonly formatCode: 1 | 3; // 1 = integer PCM, 3 = IEEE float (EXTENSIBLE resolved to its sub-format)
  readonly extensible: boolean;
  readonly channels: number;
  readonly sampleRate: number; // Hz
  readonly bitsPerSample: number;
  readonly blockAlign: number; // bytes per frame
  readonly dataOffset: number; // bytes from the start of the file to the first sample
  readonly dataBytes: number; // whole frames only
  readonly frames: number;
}

export interface WavHeaderOptions {
  /** Total file size in bytes when `bytes` is only a prefix of the file (streaming). Default bytes.length. */
  fileSize?: number;
  /** Most channels accepted. Default 4: the ConvolverNode matrix stops at true stereo. */
  maxChannels?: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const MAX_SAMPLE_RATE = 1_536_000; // Hz: 8 × 192 kHz; beyond that a header is corrupt, not exotic
const UNKNOWN_SIZE = 0xffffffff; // what streaming recorders write into a data size they never patched
const CODEC_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM', 6: 'A-law', 7: 'µ-law', 0x11: 'IMA ADPCM', 0x50: 'MPEG', 0x55: 'MP3', 0x2000: 'AC-3',
};

export function parseWavHeader(bytes: Uint8Array, options: WavHeaderOptions = {}): WavFormat {
  const fileSize = options.fileSize ?? bytes.length;
  const maxChannels = options.maxChannels ?? 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) {
    throw new ImpulseDecodeError('TRUNCATED', `file has ${count(bytes.length, 'byte')}; expected at least a 12-byte RIFF header`);
  }
  const magic = fourCC(bytes, 0);
  if (magic !== 'RIFF' || fourCC(bytes, 8) !== 'WAVE') {
    const shown = magic === 'RIFF' ? `RIFF/${fourCC(bytes, 8)}` : magic;
    throw new ImpulseDecodeError('BAD_MAGIC', `file starts with ${JSON.stringify(shown)}; expected "RIFF" … "WAVE"`);
  }
  let offset = 12;
  let fmt: Omit<WavFormat, 'dataOffset' | 'dataBytes' | 'frames'> | undefined;
  while (offset + 8 <= fileSize) {
    if (offset + 8 > bytes.length) break;
    const id = fourCC(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    const available = fileSize - body;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) {
        throw new ImpulseDecodeError('TRUNCATED', `fmt chunk has ${count(Math.min(size, available), 'byte')}; expected ≥ 16`);
      }
      fmt = readFmt(view, body, size, maxChannels);
    } else if (id === 'data') {
      if (fmt === undefined) throw new ImpulseDecodeError('BAD_HEADER', 'data chunk comes before the fmt chunk; expected fmt first');
      let dataSize = size;
      if (size === UNKNOWN_SIZE) dataSize = available;
      else if (size > available) {
        throw new ImpulseDecodeError(
          'TRUNCATED',
          `data chunk claims ${count(size, 'byte')} but only ${available} follow; the file is truncated or its header corrupt`,
        );
      }
      const frames = Math.floor(dataSize / fmt.blockAlign);
      if (frames === 0) throw new ImpulseDecodeError('NO_DATA', `data chunk has ${count(dataSize, 'byte')}: 0 frames; expected ≥ 1`);
      return { ...fmt, dataOffset: body, dataBytes: frames * fmt.blockAlign, frames };
    } else if (size > available) {
      throw new ImpulseDecodeError('TRUNCATED', `${JSON.stringify(id)} chunk claims ${count(size, 'byte')} but only ${available} follow`);
    }
    offset = body + size + (size & 1); // chunks are padded to even sizes
  }
  if (fmt === undefined) throw new ImpulseDecodeError('TRUNCATED', 'no fmt chunk found; expected a WAV fmt chunk');
  throw new ImpulseDecodeError('NO_DATA', 'no data chunk found; expected a WAV data chunk after fmt');
}

function readFmt(view: DataView, at: number, size: number, maxChannels: number) {
  let code = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  const extensible = code === WAVE_FORMAT_EXTENSIBLE;
  if (extensible) {
    if (size < 40) throw new ImpulseDecodeError('TRUNCATED', `EXTENSIBLE fmt chunk has ${count(size, 'byte')}; expected 40`);
    code = view.getUint16(at + 24, true); // the sub-format GUID starts with the format code
  }
  if (code !== WAVE_FORMAT_PCM && code !== WAVE_FORMAT_IEEE_FLOAT) {
    const name = CODEC_NAMES[code] ? ` (${CODEC_NAMES[code]})` : '';
    throw new ImpulseDecodeError(
      'UNSUPPORTED_CODEC',
      `WAV format code 0x${code.toString(16)}${name} is not supported; expected PCM (1) or IEEE float (3)`,
    );
  }
  if (channels === 0 || channels > maxChannels) {
    throw new ImpulseDecodeError('BAD_HEADER', `WAV has ${count(channels, 'channel')}; expected 1 to ${maxChannels}`);
  }
  if (sampleRate === 0 || sampleRate > MAX_SAMPLE_RATE) {
    throw new ImpulseDecodeError('BAD_HEADER', `WAV sample rate is ${sampleRate} Hz; expected 1 to ${MAX_SAMPLE_RATE} Hz`);
  }
  const valid = code === WAVE_FORMAT_PCM ? [8, 16, 24, 32] : [32, 64];
  if (!valid.includes(bitsPerSample)) {
    const kind = code === WAVE_FORMAT_PCM ? 'PCM' : 'float';
    throw new ImpulseDecodeError('UNSUPPORTED_CODEC', `${kind} WAV with ${bitsPerSample} bits per sample; expected ${valid.join(', ')}`);
  }
  if (blockAlign !== (channels * bitsPerSample) / 8) {
    throw new ImpulseDecodeError(
      'BAD_HEADER',
      `WAV block align is ${count(blockAlign, 'byte')}; expected ${(channels * bitsPerSample) / 8} for ${channels} × ${bitsPerSample} bits`,
    );
  }
  return { formatCode: code as 1 | 3, extensible, channels, sampleRate, bitsPerSample, blockAlign };
}

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}
