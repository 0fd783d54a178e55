import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { loadImpulse, type DecodingContext } from '../../src/ir/load-impulse.js';
import { ImpulseDecodeError } from '../../src/ir/decode-error.js';
import { encodeWav } from '../../src/ir/wav-codec.js';
import { noiseChannels, tempDir, writeTemp } from './wav-files.js';

const dir = tempDir('load');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = () => encodeWav(noiseChannels(2, 100, 5), 48000, '16', { dither: false }); // 44-byte header
const patch = (bytes: Uint8Array, at: number, value: number, width: 2 | 4) => {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (width === 2) view.setUint16(at, value, true);
  else view.setUint32(at, value, true);
  return copy;
};
const floatWav = (value: number) => {
  const c = new Float32Array(10);
  c[4] = value;
  return encodeWav([c], 48000, '32f'); // encodeWav does not validate: it can write NaN
};
const withChunk = (id: string, claimed: number) => {
  const base = good();
  const chunk = new Uint8Array(8 + 4);
  for (let i = 0; i < 4; i++) chunk[i] = id.charCodeAt(i);
  new DataView(chunk.buffer).setUint32(4, claimed, true);
  const out = new Uint8Array(base.length + chunk.length);
  out.set(base.subarray(0, 36)); // RIFF header + fmt chunk
  out.set(chunk, 36);
  out.set(base.subarray(36), 36 + chunk.length);
  return out;
};

// Offsets in a plain 44-byte header: 20 format, 22 channels, 24 rate, 32 block align, 34 bits, 40 data size.
const CORRUPT: Array<[string, () => Uint8Array, string, RegExp]> = [
  ['empty file', () => new Uint8Array(0), 'TRUNCATED', /0 bytes; expected at least a 12-byte RIFF header/],
  ['wrong magic', () => new TextEncoder().encode('this is not a wav file at all'), 'BAD_MAGIC', /starts with "this"; expected "RIFF"/],
  ['RIFF but not WAVE', () => { const b = good(); b.set([65, 86, 73, 32], 8); return b; }, 'BAD_MAGIC', /"RIFF\/AVI "/],
  ['Ogg Vorbis without a context', () => new TextEncoder().encode('OggS\0\x02rest of an ogg page'), 'BAD_MAGIC', /looks like Ogg: pass options.context/],
  ['header cut in the fmt chunk', () => good().slice(0, 30), 'TRUNCATED', /fmt chunk has 10 bytes; expected ≥ 16/],
  ['data cut short', () => good().slice(0, 300), 'TRUNCATED', /data chunk claims 400 bytes but only 256 follow/],
  ['data size claims 4 GB in a 444-byte file', () => patch(good(), 40, 0xfffffff0, 4), 'TRUNCATED', /claims 4294967280 bytes but only 400 follow/],
  ['a LIST chunk claiming 2 GB', () => withChunk('LIST', 0x7fffffff), 'TRUNCATED', /"LIST" chunk claims 2147483647 bytes/],
  ['no data chunk', () => good().slice(0, 36), 'NO_DATA', /no data chunk found/],
  ['0 frames', () => patch(good().slice(0, 44), 40, 0, 4), 'NO_DATA', /0 frames; expected ≥ 1/],
  ['MS ADPCM', () => patch(good(), 20, 2, 2), 'UNSUPPORTED_CODEC', /0x2 \(Microsoft ADPCM\) is not supported; expected PCM \(1\) or IEEE float \(3\)/],
  ['MP3 in WAV', () => patch(good(), 20, 0x55, 2), 'UNSUPPORTED_CODEC', /0x55 \(MP3\)/],
  ['12-bit PCM', () => patch(good(), 34, 12, 2), 'UNSUPPORTED_CODEC', /PCM WAV with 12 bits per sample; expected 8, 16, 24, 32/],
  ['0 channels', () => patch(good(), 22, 0, 2), 'BAD_HEADER', /0 channels; expected 1 to 4/],
  ['6 channels', () => patch(patch(good(), 22, 6, 2), 32, 12, 2), 'BAD_HEADER', /6 channels; expected 1 to 4/],
  ['0 Hz', () => patch(good(), 24, 0, 4), 'BAD_HEADER', /sample rate is 0 Hz/],
  ['block align mismatch', () => patch(good(), 32, 3, 2), 'BAD_HEADER', /block align is 3 bytes; expected 4 for 2 × 16 bits/],
];

describe('loadImpulse rejects corrupt files with a clear ImpulseDecodeError', () => {
  for (const [name, make, code, message] of CORRUPT) {
    it(name, async () => {
      const error = await loadImpulse(make()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImpulseDecodeError);
      expect((error as ImpulseDecodeError).code).toBe(code);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('NaN and Infinity samples, naming channel and frame', async () => {
    await expect(loadImpulse(floatWav(NaN))).rejects.toThrow(/channel 0 has NaN at frame 4; expected finite/);
    await expect(loadImpulse(floatWav(-Infinity))).rejects.toThrow(/channel 0 has -Infinity at frame 4/);
  });

  it('files over maxBytes, from a path, an ArrayBuffer and a Blob, before reading', async () => {
    const bytes = good();
    const path = writeTemp(dir, 'big.wav', bytes);
    const message = /file has 444 bytes; expected at most 400 \(options.maxBytes\)/;
    await expect(loadImpulse(path, { maxBytes: 400 })).rejects.toThrow(message);
    await expect(loadImpulse(bytes.buffer as ArrayBuffer, { maxBytes: 400 })).rejects.toThrow(message);
    await expect(loadImpulse(new Blob([bytes as BlobPart]), { maxBytes: 400 })).rejects.toThrow(message);
  });

  it('IRs longer than maxDecodedLength, from the header alone', async () => {
    await expect(loadImpulse(good(), { maxDecodedLength: 99 })).rejects.toThrow(/100 frames; expected at most 99/);
  });

  it('a missing file and a wrong source type', async () => {
    await expect(loadImpulse(`${dir}/nope.wav`)).rejects.toThrow(/cannot read impulse file ".*nope.wav"/);
    await expect(loadImpulse(42 as unknown as string)).rejects.toThrow(/source is number; expected a URL, path/);
  });
});

describe('loadImpulse accepts real-world WAV quirks', () => {
  it('metadata chunks of odd size (padded) before the data, and a data size left at 0xFFFFFFFF', async () => {
    const base = good();
    const list = new Uint8Array([...new TextEncoder().encode('LIST'), 5, 0, 0, 0, 1, 2, 3, 4, 5, 0]); // + pad byte
    const bytes = new Uint8Array(base.length + list.length);
    bytes.set(base.subarray(0, 36));
    bytes.set(list, 36);
    bytes.set(base.subarray(36), 36 + list.length);
    const expected = (await loadImpulse(base)).getChannelData(1);
    expect((await loadImpulse(bytes)).getChannelData(1)).toEqual(expected);
    const streamed = patch(base, 40, 0xffffffff, 4); // a recorder that never patched its header
    expect((await loadImpulse(streamed)).getChannelData(1)).toEqual(expected);
    const ragged = base.slice(0, base.length - 1); // a half frame at the end is dropped, not an error
    expect((await loadImpulse(patch(ragged, 40, 399, 4))).length).toBe(99);
  });
});

describe('loadImpulse sources', () => {
  const signal = noiseChannels(2, 100, 5);
  const bytes = encodeWav(signal, 48000, '32f');
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ir.wav') res.end(Buffer.from(bytes));
      else if (req.url === '/stream.wav') { res.write(Buffer.from(bytes)); res.end(Buffer.from(bytes)); }
      else { res.statusCode = 404; res.end(); }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('reads a path, a file: URL, an ArrayBuffer, a Uint8Array, a Blob, a File and an http URL alike', async () => {
    const path = writeTemp(dir, 'ok.wav', bytes);
    const sources = [path, pathToFileURL(path), bytes.slice().buffer, bytes, new Blob([bytes as BlobPart]),
      new File([bytes as BlobPart], 'ir.wav'), `${base}/ir.wav`];
    for (const source of sources) {
      const buffer = await loadImpulse(source);
      expect(buffer.numberOfChannels).toBe(2);
      expect(Array.from(buffer.getChannelData(1))).toEqual(Array.from(signal[1]));
    }
  });

  it('reports HTTP errors and stops streamed bodies at maxBytes', async () => {
    await expect(loadImpulse(`${base}/missing.wav`)).rejects.toThrow(/gave HTTP 404; expected 200/);
    await expect(loadImpulse(`${base}/stream.wav`, { maxBytes: bytes.length + 10 })).rejects.toThrow(/expected at most/);
  });

  it('decodes other formats through context.decodeAudioData, and resamples to its rate', async () => {
    const seen: ArrayBuffer[] = [];
    const context: DecodingContext = {
      sampleRate: 48000,
      decodeAudioData: async (data) => {
        seen.push(data);
        const channel = new Float32Array(441).fill(0.5);
        return { numberOfChannels: 1, sampleRate: 44100, getChannelData: () => channel };
      },
    };
    const ogg = new TextEncoder().encode('OggS fake page');
    const buffer = await loadImpulse(ogg, { context });
    expect(seen[0].byteLength).toBe(ogg.length);
    expect([buffer.sampleRate, buffer.length]).toEqual([48000, 480]);
    expect(buffer.getChannelData(0)[240]).toBeCloseTo(0.5, 4);
  });
});

describe('loadImpulse preparation', () => {
  it('trims silence below the threshold, caps the length with a fade, normalizes', async () => {
    const c = new Float32Array(1000);
    c[100] = 1; c[101] = -0.5; c[600] = 1e-3; c[700] = 1e-5; // −60 dB kept, −100 dB trimmed at −80 dB
    const bytes = encodeWav([c, c], 48000, '32f');
    const trimmed = await loadImpulse(bytes, { trim: true });
    expect(trimmed.length).toBe(501);
    expect(trimmed.getChannelData(1)[0]).toBe(1);
    const peak = await loadImpulse(bytes, { normalize: 'peak', peakLevel: 0.5 });
    expect(peak.getChannelData(0)[100]).toBeCloseTo(0.5, 6);
    const spec = await loadImpulse(bytes, { normalize: 'spec' });
    const rms = Math.sqrt((1 + 0.25 + 1e-6 + 1e-10) / 1000);
    expect(spec.getChannelData(0)[100]).toBeCloseTo((0.00125 / rms) * (44100 / 48000), 4);
    const capped = await loadImpulse(bytes, { maxLength: 300 });
    expect(capped.length).toBe(300);
    expect(capped.getChannelData(0)[299]).toBe(0);
    await expect(loadImpulse(bytes, { normalize: 'loud' as 'peak' })).rejects.toThrow(/normalize mode is "loud"/);
  });
});
