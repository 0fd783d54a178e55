/**
 * The dry loop the page plays when there is no microphone and no file: two bars of drums and a plucked phrase,
 * synthesized here at start-up (no audio files), so the demo sounds at once. Deterministic: a seeded noise.
 * Allocates: main thread only (about 40 ms for 4 s of stereo at 48 kHz).
 */
import { mulberry32 } from '../src/ir/index.js';

const TEMPO = 120; // beats per minute
const STEP = 60 / TEMPO / 4; // s per sixteenth note
const STEPS = 32; // two bars of sixteenths
const PEAK = 0.7; // linear: headroom for the reverb tail on top of the dry signal

// Sixteenth-note grids, one character per step: x = hit.
const KICK = 'x.......x.......x.......x.x.....';
const SNARE = '....x.......x.......x.......x..x';
const HAT = 'x.x.x.x.x.x.x.x.x.x.x.x.x.x.xxx.';
// A minor pentatonic phrase: [step, MIDI note].
const PLUCKS: readonly [number, number][] = [
  [0, 57], [3, 60], [6, 64], [8, 67], [10, 64], [14, 62],
  [16, 57], [19, 60], [22, 62], [24, 64], [27, 67], [30, 69],
];

/** Channel data of the loop: [left, right], each STEPS × STEP seconds long. */
export function synthesizeDryLoop(sampleRate: number): Float32Array[] {
  const length = Math.round(STEPS * STEP * sampleRate);
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  const random = mulberry32(2024);
  const noise = () => 2 * random() - 1;
  const at = (step: number) => Math.round(step * STEP * sampleRate);
  for (let s = 0; s < STEPS; s++) {
    if (KICK[s] === 'x') addVoice(left, right, at(s), kick(sampleRate), 0);
    if (SNARE[s] === 'x') addVoice(left, right, at(s), snare(sampleRate, noise), 0);
    if (HAT[s] === 'x') addVoice(left, right, at(s), hat(sampleRate, noise, s % 4 === 0 ? 0.35 : 0.2), 0.4);
  }
  PLUCKS.forEach(([step, note], i) => addVoice(left, right, at(step), pluck(sampleRate, note, noise), i % 2 ? 0.3 : -0.3));
  let peak = 0;
  for (let i = 0; i < length; i++) peak = Math.max(peak, Math.abs(left[i]), Math.abs(right[i]));
  const scale = PEAK / peak;
  for (let i = 0; i < length; i++) {
    left[i] *= scale;
    right[i] *= scale;
  }
  return [left, right];
}

/** Adds a mono voice at `start` frames, wrapping past the end so the loop's seam is seamless; pan −1…1. */
function addVoice(left: Float32Array, right: Float32Array, start: number, voice: Float32Array, pan: number): void {
  const angle = ((pan + 1) * Math.PI) / 4; // equal-power pan
  const gl = Math.cos(angle);
  const gr = Math.sin(angle);
  for (let i = 0; i < voice.length; i++) {
    const n = (start + i) % left.length;
    left[n] += gl * voice[i];
    right[n] += gr * voice[i];
  }
}

/** A sine whose pitch falls from 150 Hz to 45 Hz, with a fast exponential decay. */
function kick(sampleRate: number): Float32Array {
  const out = new Float32Array(Math.round(0.45 * sampleRate));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const frequency = 45 + 105 * Math.exp(-t / 0.03); // Hz
    phase += (2 * Math.PI * frequency) / sampleRate;
    out[i] = Math.sin(phase) * Math.exp(-t / 0.12);
  }
  return out;
}

/** Noise plus a 185 Hz body, both decaying within ~0.2 s. */
function snare(sampleRate: number, noise: () => number): Float32Array {
  const out = new Float32Array(Math.round(0.25 * sampleRate));
  let low = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const n = noise();
    low += 0.3 * (n - low); // one-pole low-pass: the high-passed remainder n − low is the snappy part
    out[i] = 0.6 * (n - low) * Math.exp(-t / 0.05) + 0.5 * Math.sin(2 * Math.PI * 185 * t) * Math.exp(-t / 0.04);
  }
  return out;
}

/** High-passed noise, very short. */
function hat(sampleRate: number, noise: () => number, gain: number): Float32Array {
  const out = new Float32Array(Math.round(0.06 * sampleRate));
  let previous = 0;
  for (let i = 0; i < out.length; i++) {
    const n = noise();
    out[i] = gain * (n - previous) * Math.exp(-i / sampleRate / 0.012); // first difference: a crude high-pass
    previous = n;
  }
  return out;
}

/** Karplus–Strong plucked string: a noise burst circulating in a delay line of one period, low-passed. */
function pluck(sampleRate: number, midi: number, noise: () => number): Float32Array {
  const frequency = 440 * 2 ** ((midi - 69) / 12); // Hz
  const period = Math.max(2, Math.round(sampleRate / frequency)); // frames
  const line = new Float32Array(period);
  for (let i = 0; i < period; i++) line[i] = noise();
  const out = new Float32Array(Math.round(0.9 * sampleRate));
  const damping = 0.996; // per pass: sets the string's decay time
  for (let i = 0; i < out.length; i++) {
    const k = i % period;
    const next = line[(k + 1) % period];
    out[i] = 0.5 * line[k];
    line[k] = damping * 0.5 * (line[k] + next);
  }
  return out;
}
