/**
 * One entry point for every synthesizer, keyed by kind: what the CLI's `synth` command and the library
 * recipes call. Each kind's options are its own synthesizer's options.
 */
import type { ImpulseAudioBuffer } from './impulse-buffer.js';
import { synthesizeBandpass, type BandpassOptions } from './synth-bandpass.js';
import { synthesizeExponentialDecay, type ExponentialDecayOptions } from './synth-exponential.js';
import { synthesizeNoiseReverb, type NoiseReverbOptions } from './synth-noise-reverb.js';
import { synthesizeRoom, type RoomOptions } from './synth-room.js';

export interface SynthOptionsByKind {
  exponential: ExponentialDecayOptions;
  noise: NoiseReverbOptions;
  room: RoomOptions;
  bandpass: BandpassOptions;
}

export type SynthKind = keyof SynthOptionsByKind;

export const SYNTH_KINDS: readonly SynthKind[] = Object.freeze(['exponential', 'noise', 'room', 'bandpass']);

export function synthesize<K extends SynthKind>(kind: K, options: SynthOptionsByKind[K]): ImpulseAudioBuffer {
  switch (kind) {
    case 'exponential':
      return synthesizeExponentialDecay(options as ExponentialDecayOptions);
    case 'noise':
      return synthesizeNoiseReverb(options as NoiseReverbOptions);
    case 'room':
      return synthesizeRoom(options as RoomOptions);
    case 'bandpass':
      return synthesizeBandpass(options as BandpassOptions);
    default:
      throw new RangeError(`synth kind is ${JSON.stringify(kind)}; expected one of ${SYNTH_KINDS.join(', ')}`);
  }
}
