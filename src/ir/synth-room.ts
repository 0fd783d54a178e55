/**
 * A shoebox room by the image-source method (Allen & Berkley 1979): every wall reflection is a mirror image of
 * the source; an image reflected k times arrives after distance/c with amplitude Π β / distance, β = √(1 − α).
 * Images are computed up to `imageTime`; after that a seeded diffuse tail takes over with the room's Eyring
 * RT60 and the energy density the image model has on average at that time, 4πc/V per second (images grow as
 * 4π(ct)²·c dt / V and each carries 1/(ct)²), so the crossfade neither dips nor bumps.
 */
import { ImpulseAudioBuffer } from './impulse-buffer.js';
import { deriveSeed } from './random.js';
import { checkChannels, checkPositive, checkRange, decayingNoise, DECAY_60_DB } from './synth-noise-reverb.js';
import { count } from '../engine/wording.js';

export type Vec3 = readonly [number, number, number]; // metres

export interface RoomOptions {
  sampleRate?: number; // Hz, default 48000
  size?: Vec3; // m, default 8 × 6 × 3
  source?: Vec3; // m from the corner at the origin
  listener?: Vec3; // m
  /** Absorption coefficient of every wall, or of [x0, x1, y0, y1, z0 (floor), z1 (ceiling)]. Default 0.3. */
  absorption?: number | readonly number[];
  /** Microphone spacing along x for 2 and 4 channels, m. Default 0.2. */
  micSpacing?: number;
  /** Source spacing along x for 4 channels (true stereo), m. Default 1. */
  sourceSpacing?: number;
  /**
   * End of the image-source part, s. Default RT60 / 5 within 20 … 80 ms: later, a shoebox's image pattern
   * decays slower than Eyring's diffuse estimate (its axial paths dominate), and the tail's RT60 would drift.
   */
  imageTime?: number;
  /** High-band RT60 of the diffuse tail as a fraction of the room's RT60 (air absorption). Default 1. */
  hfRatio?: number;
  speedOfSound?: number; // m/s, default 343
  channels?: 1 | 2 | 4;
  /** Length in seconds; default image arrival of the listener + 1.2 × RT60. */
  duration?: number;
  seed?: number;
}

export const DEFAULT_ROOM_OPTIONS = Object.freeze({
  sampleRate: 48000, size: [8, 6, 3] as Vec3, source: [2, 3, 1.5] as Vec3, listener: [6, 3.2, 1.5] as Vec3,
  absorption: 0.3 as number | readonly number[], micSpacing: 0.2, sourceSpacing: 1, hfRatio: 1,
  speedOfSound: 343, channels: 2 as 1 | 2 | 4, seed: 1,
});

const MIN_IMAGE_TIME = 0.02; // s
const MAX_IMAGE_TIME = 0.08; // s
const FRACTIONAL_TAPS = 8; // half-width of the windowed-sinc fractional delay, frames

/** Eyring's reverberation time of a shoebox, s: RT60 = 0.161 V / (−S ln(1 − ᾱ)). */
export function roomRt60(size: Vec3, absorption: number | readonly number[], speedOfSound = 343): number {
  const [x, y, z] = size;
  const walls = wallAbsorption(absorption);
  const areas = [y * z, y * z, x * z, x * z, x * y, x * y];
  const total = areas.reduce((a, b) => a + b, 0);
  const mean = areas.reduce((sum, area, i) => sum + area * walls[i], 0) / total;
  return (24 * Math.LN10 * x * y * z) / (speedOfSound * total * -Math.log(1 - mean)); // 24 ln10 / c ≈ 0.161
}

export function synthesizeRoom(options: RoomOptions = {}): ImpulseAudioBuffer {
  const o = { ...DEFAULT_ROOM_OPTIONS, ...options };
  checkChannels(o.channels);
  o.size.forEach((d, i) => checkPositive(`size[${i}]`, d, 'm'));
  const beta = wallAbsorption(o.absorption).map((a) => Math.sqrt(1 - a));
  const rt60 = roomRt60(o.size, o.absorption, o.speedOfSound);
  const imageTime = o.imageTime ?? Math.min(MAX_IMAGE_TIME, Math.max(MIN_IMAGE_TIME, rt60 / 5));
  checkPositive('imageTime', imageTime, 's');
  const rate = o.sampleRate;
  const half = (d: number) => [-d / 2, d / 2];
  const mics = o.channels === 1 ? [0] : half(o.micSpacing);
  const sources = o.channels === 4 ? half(o.sourceSpacing) : [0];
  o.source.forEach((v, i) => checkRange(`source[${i}]`, v, 0, o.size[i], 'm'));
  o.listener.forEach((v, i) => checkRange(`listener[${i}]`, v, 0, o.size[i], 'm'));
  const at = (p: Vec3, dx: number, name: string): Vec3 => {
    const x = p[0] + dx;
    if (!(x >= 0 && x <= o.size[0])) {
      throw new RangeError(`${name} x ${p[0]} m offset by ${dx} m (spacing) is ${x} m; expected 0 to ${o.size[0]} m`);
    }
    return [x, p[1], p[2]];
  };
  const direct = Math.hypot(o.source[0] - o.listener[0], o.source[1] - o.listener[1], o.source[2] - o.listener[2]);
  const duration = o.duration ?? direct / o.speedOfSound + 1.2 * rt60;
  const length = Math.round(duration * rate);
  // Channel order of the ConvolverNode matrix: 1 and 2 channels are mic 0 (and 1); 4 are LL, LR, RL, RR.
  const pairs = o.channels === 4 ? [[0, 0], [0, 1], [1, 0], [1, 1]] : mics.map((_, m) => [0, m]);
  const volume = o.size[0] * o.size[1] * o.size[2];
  const tailLevel = Math.sqrt((4 * Math.PI * o.speedOfSound) / (volume * rate)); // rms per frame at t = 0
  const channels = pairs.map(([s, m], index) => {
    const out = new Float32Array(length);
    const src = at(o.source, sources[s], 'source');
    const mic = at(o.listener, mics[m], 'listener');
    addImages(out, src, mic, o.size, beta, o.speedOfSound, rate, imageTime);
    addTail(out, rt60, o.hfRatio, imageTime, tailLevel, rate, deriveSeed(o.seed, index));
    return out;
  });
  return new ImpulseAudioBuffer(channels, rate);
}

function wallAbsorption(absorption: number | readonly number[]): number[] {
  const walls = typeof absorption === 'number' ? new Array<number>(6).fill(absorption) : [...absorption];
  if (walls.length !== 6) throw new RangeError(`absorption has ${count(walls.length, 'value')}; expected 1 or 6 (one per wall)`);
  walls.forEach((a, i) => checkRange(`absorption[${i}]`, a, 0.001, 0.999, ''));
  return walls;
}

/** Adds every image arriving before `imageTime` (fading out over its second half) to `out`. */
function addImages(
  out: Float32Array, src: Vec3, mic: Vec3, size: Vec3, beta: number[], c: number, rate: number, imageTime: number,
): void {
  const reach = c * imageTime; // m: farthest image that arrives in time
  const order = size.map((d) => Math.ceil(reach / (2 * d)) + 1);
  const fadeStart = imageTime / 2;
  for (let mx = -order[0]; mx <= order[0]; mx++) for (let px = 0; px < 2; px++) {
    const dx = (1 - 2 * px) * src[0] + 2 * mx * size[0] - mic[0];
    const gx = beta[0] ** Math.abs(mx - px) * beta[1] ** Math.abs(mx);
    for (let my = -order[1]; my <= order[1]; my++) for (let py = 0; py < 2; py++) {
      const dy = (1 - 2 * py) * src[1] + 2 * my * size[1] - mic[1];
      const gy = beta[2] ** Math.abs(my - py) * beta[3] ** Math.abs(my);
      for (let mz = -order[2]; mz <= order[2]; mz++) for (let pz = 0; pz < 2; pz++) {
        const dz = (1 - 2 * pz) * src[2] + 2 * mz * size[2] - mic[2];
        const distance = Math.hypot(dx, dy, dz);
        const time = distance / c;
        if (time >= imageTime) continue;
        const gz = beta[4] ** Math.abs(mz - pz) * beta[5] ** Math.abs(mz);
        const fade = time <= fadeStart ? 1 : Math.cos((Math.PI / 2) * ((time - fadeStart) / (imageTime - fadeStart)));
        addFractional(out, time * rate, (gx * gy * gz * fade) / Math.max(distance, 0.1));
      }
    }
  }
}

/** A Hann-windowed sinc pulse centred at a fractional frame: band-limited, so timing is exact to the sample. */
function addFractional(out: Float32Array, position: number, amplitude: number): void {
  const centre = Math.floor(position);
  for (let k = centre - FRACTIONAL_TAPS + 1; k <= centre + FRACTIONAL_TAPS; k++) {
    if (k < 0 || k >= out.length) continue;
    const x = k - position;
    const window = 0.5 + 0.5 * Math.cos((Math.PI * x) / FRACTIONAL_TAPS);
    out[k] += amplitude * window * (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
  }
}

/** The diffuse tail: rises (power-complementary to the images' fade) over imageTime/2 … imageTime. */
function addTail(
  out: Float32Array, rt60: number, hfRatio: number, imageTime: number, level: number, rate: number, seed: number,
): void {
  const start = Math.round((imageTime / 2) * rate);
  const end = Math.round(imageTime * rate);
  if (start >= out.length) return;
  const noise = decayingNoise(out.length - start, rate, rt60, hfRatio, 3000, seed);
  // decayingNoise has unit energy: rescale to `level` rms at its start, then shift the envelope to time `start`.
  const unitStart = Math.sqrt((2 * DECAY_60_DB) / (rt60 * rate));
  const gain = (level * Math.exp((-DECAY_60_DB * start) / (rt60 * rate))) / unitStart;
  for (let i = start; i < out.length; i++) {
    const rise = i >= end ? 1 : Math.sin((Math.PI / 2) * ((i - start) / (end - start)));
    out[i] += gain * rise * noise[i - start];
  }
}
