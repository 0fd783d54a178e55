/**
 * A linear-phase band-pass FIR (Kaiser-windowed difference of sincs): the "telephone" IR, which is a filter,
 * not a room. Convolving with it keeps roughly 300 Hz – 3.4 kHz, the band of the public telephone network.
 */
import { ImpulseAudioBuffer } from './impulse-buffer.js';
import { besselI0, kaiserBeta } from './resample.js';
import { checkChannels, checkPositive, checkRange } from './synth-noise-reverb.js';

export interface BandpassOptions {
  sampleRate?: number; // Hz, default 48000
  low?: number; // Hz, lower −6 dB edge, default 300
  high?: number; // Hz, upper −6 dB edge, default 3400
  /** Filter length in seconds; longer means steeper edges (transition ≈ 3.6 / duration Hz). Default 0.01. */
  duration?: number;
  /** Stopband attenuation the window is designed for, dB. Default 60. */
  attenuation?: number;
  channels?: 1 | 2 | 4;
}

export function synthesizeBandpass(options: BandpassOptions = {}): ImpulseAudioBuffer {
  const sampleRate = options.sampleRate ?? 48000;
  const low = options.low ?? 300;
  const high = options.high ?? 3400;
  const duration = options.duration ?? 0.01;
  const attenuation = options.attenuation ?? 60;
  const channels = options.channels ?? 1;
  checkPositive('sampleRate', sampleRate, 'Hz');
  checkRange('low', low, 0, sampleRate / 2, 'Hz');
  checkRange('high', high, low, sampleRate / 2, 'Hz');
  checkPositive('duration', duration, 's');
  checkChannels(channels);
  const taps = Math.max(3, Math.round(duration * sampleRate) | 1); // odd: a centre tap, integer delay
  const centre = (taps - 1) / 2;
  const beta = kaiserBeta(attenuation);
  const i0Beta = besselI0(beta);
  const fl = low / sampleRate; // cycles per frame
  const fh = high / sampleRate;
  const h = new Float32Array(taps);
  for (let n = 0; n < taps; n++) {
    const x = n - centre;
    const u = x / (centre + 1);
    const window = besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
    const ideal = x === 0 ? 2 * (fh - fl) : (Math.sin(2 * Math.PI * fh * x) - Math.sin(2 * Math.PI * fl * x)) / (Math.PI * x);
    h[n] = ideal * window;
  }
  const out = channels === 1 ? [h] : channels === 2 ? [h, h.slice()] : [h, new Float32Array(taps), new Float32Array(taps), h.slice()];
  return new ImpulseAudioBuffer(out, sampleRate);
}
