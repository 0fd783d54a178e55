/**
 * Chunked WAV file reading and writing for renders of any length: memory stays bounded by one chunk, however
 * long the file. Headers are checked by parseWavHeader (absurd sizes rejected before reading samples);
 * samples are decoded and packed by the same wavefile wrapper as whole files. Node only (synchronous fs:
 * the CLI does nothing else while it renders).
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { decodeWavData, encodeWavData, wavHeader, type WavBitDepth } from '../ir/wav-codec.js';
import { parseWavHeader, type WavFormat } from '../ir/wav-format.js';
import { count } from '../engine/wording.js';

const HEADER_PREFIX = 1 << 20; // bytes read to find the data chunk: metadata chunks before it rarely exceed this

export class WavFileReader {
  readonly format: WavFormat;
  readonly path: string;
  #fd: number;
  #position = 0; // frames read so far

  constructor(path: string, options: { maxChannels?: number } = {}) {
    this.path = path;
    this.#fd = openSync(path, 'r');
    try {
      const size = fstatSync(this.#fd).size;
      const prefix = new Uint8Array(Math.min(size, HEADER_PREFIX));
      readSync(this.#fd, prefix, 0, prefix.length, 0);
      this.format = parseWavHeader(prefix, { fileSize: size, maxChannels: options.maxChannels });
    } catch (error) {
      closeSync(this.#fd);
      throw error;
    }
  }

  get frames(): number {
    return this.format.frames;
  }

  get sampleRate(): number {
    return this.format.sampleRate;
  }

  /** Up to `frames` frames as ±1 floats per channel; an empty array per channel at the end of the data. */
  read(frames: number): Float32Array[] {
    const { blockAlign, dataOffset, channels } = this.format;
    const count = Math.min(frames, this.format.frames - this.#position);
    if (count <= 0) return Array.from({ length: channels }, () => new Float32Array(0));
    const bytes = new Uint8Array(count * blockAlign);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(this.#fd, bytes, done, bytes.length - done, dataOffset + this.#position * blockAlign + done);
      if (n === 0) throw new Error(`${this.path} ended early: expected ${this.format.dataBytes} data bytes`);
      done += n;
    }
    this.#position += count;
    return decodeWavData(this.format, bytes);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** Writes a WAV whose length is known up front (header first, then chunks), with seeded dither per chunk. */
export class WavFileWriter {
  readonly frames: number;
  #fd: number;
  #written = 0; // frames
  #chunk = 0;
  #clipped = 0; // samples beyond ±1 in integer output
  #closed = false;
  readonly #bitDepth: WavBitDepth;
  readonly #sampleRate: number;
  readonly #channels: number;

  constructor(path: string, channels: number, sampleRate: number, bitDepth: WavBitDepth, frames: number) {
    this.frames = frames;
    this.#bitDepth = bitDepth;
    this.#sampleRate = sampleRate;
    this.#channels = channels;
    this.#fd = openSync(path, 'w');
    writeSync(this.#fd, wavHeader(channels, sampleRate, bitDepth, frames, false));
  }

  /** Samples that were clipped at full scale so far (integer formats only). */
  get clipped(): number {
    return this.#clipped;
  }

  write(channels: Float32Array[]): void {
    const frames = channels[0].length;
    if (frames === 0) return;
    if (channels.length !== this.#channels) {
      throw new RangeError(`write got ${count(channels.length, 'channel')}; expected ${this.#channels}`);
    }
    if (this.#written + frames > this.frames) {
      throw new RangeError(`writing ${count(frames, 'frame')} would exceed the ${count(this.frames, 'frame')} declared in the header`);
    }
    if (this.#bitDepth !== '32f' && this.#bitDepth !== '64') {
      for (const data of channels) for (let i = 0; i < frames; i++) if (data[i] > 1 || data[i] < -1) this.#clipped++;
    }
    const bytes = encodeWavData(channels, this.#sampleRate, this.#bitDepth, ++this.#chunk);
    writeSync(this.#fd, bytes);
    this.#written += frames;
  }

  /** Pads to the declared length if short (never happens in a correct render), then closes. */
  close(): void {
    if (this.#closed) return;
    const missing = this.frames - this.#written;
    if (missing > 0) this.write(Array.from({ length: this.#channels }, () => new Float32Array(missing)));
    const blockAlign = (this.#channels * (this.#bitDepth === '32f' ? 32 : Number(this.#bitDepth))) / 8;
    if ((this.frames * blockAlign) & 1) writeSync(this.#fd, new Uint8Array(1)); // RIFF pad byte
    this.#closed = true;
    closeSync(this.#fd);
  }

  /** Closes without padding: the file is incomplete and about to be removed (an error or an interruption). */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}
