/**
 * The recipes of the bundled impulse library (impulses/). `npm run impulses` renders each recipe to
 * impulses/<id>.wav and lists it in impulses/manifest.json; the tests re-render them and compare. Everything
 * is seeded, so the files are reproducible from this table alone.
 */
import type { SynthKind, SynthOptionsByKind } from './synthesize.js';
import { roomRt60 } from './synth-room.js';

export interface LibraryRecipe<K extends SynthKind = SynthKind> {
  id: string;
  name: string;
  description: string;
  kind: K;
  options: SynthOptionsByKind[K];
  /** Design RT60 in seconds (low band; Eyring's for rooms), or null for IRs that are filters, not spaces. */
  rt60: number | null;
}

export const LIBRARY_SAMPLE_RATE = 48000; // Hz
export const LIBRARY_BIT_DEPTH = '24' as const;
export const LIBRARY_PEAK = 10 ** (-1 / 20); // files are peak-normalized to −1 dBFS

const rate = LIBRARY_SAMPLE_RATE;

export const LIBRARY_RECIPES: readonly LibraryRecipe[] = Object.freeze([
  {
    id: 'exponential-decay', name: 'Exponential decay', kind: 'exponential', rt60: 0.05 * Math.log(1000),
    description: 'g(t) = e^(−t/τ) with τ = 50 ms: the textbook impulse response of a first-order LTI system.',
    options: { sampleRate: rate, tau: 0.05, channels: 1 },
  },
  {
    id: 'small-room', name: 'Small room', kind: 'room', rt60: roomRt60([4, 3.5, 2.6], 0.35),
    description: '4 × 3.5 × 2.6 m room, absorption 0.35: image-source early reflections, diffuse tail, ORTF-ish pair.',
    options: { sampleRate: rate, size: [4, 3.5, 2.6], absorption: 0.35, source: [1, 1.5, 1.2], listener: [3, 2, 1.5], channels: 2, seed: 11 },
  },
  {
    id: 'large-hall', name: 'Large hall', kind: 'room', rt60: roomRt60([30, 20, 12], 0.2),
    description: '30 × 20 × 12 m hall, absorption 0.2: sparse early reflections, 2.2 s tail with air damping above 3 kHz.',
    options: { sampleRate: rate, size: [30, 20, 12], absorption: 0.2, source: [8, 10, 2], listener: [20, 9, 2.5], hfRatio: 0.6, channels: 2, seed: 12 },
  },
  {
    id: 'bright-plate', name: 'Bright plate', kind: 'noise', rt60: 1.6,
    description: 'Dense, bright plate-like reverb: undamped decorrelated noise, RT60 1.6 s, bass rolled off below 250 Hz.',
    options: { sampleRate: rate, rt60: 1.6, hfRatio: 1, lowCut: 250, preDelay: 0, duration: 1.8, channels: 2, seed: 13 },
  },
  {
    id: 'true-stereo-hall', name: 'True-stereo hall', kind: 'room', rt60: roomRt60([24, 16, 10], 0.22),
    description: '24 × 16 × 10 m hall in true stereo (LL, LR, RL, RR): two sources 2 m apart, two mics 30 cm apart.',
    options: { sampleRate: rate, size: [24, 16, 10], absorption: 0.22, source: [8, 8, 2], listener: [16, 8, 2], sourceSpacing: 2, micSpacing: 0.3, hfRatio: 0.7, duration: 2, channels: 4, seed: 14 },
  },
  {
    id: 'telephone', name: 'Telephone', kind: 'bandpass', rt60: null,
    description: '300 Hz – 3.4 kHz linear-phase band-pass (10 ms FIR): a filter, not a space — the classic "phone" effect.',
    options: { sampleRate: rate, low: 300, high: 3400, duration: 0.01, channels: 1 },
  },
] as LibraryRecipe[]);
