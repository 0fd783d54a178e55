// The browser-safe impulse-response API. Nothing here imports a Node built-in: the package's main entry
// re-exports this file. Node-only helpers (reading files by path) live in ./node.ts.
export { ImpulseAudioBuffer, channelsOf } from './impulse-buffer.js';
export type { ImpulseBuffer } from './impulse-buffer.js';
export { validateImpulseChannels, DEFAULT_MAX_IMPULSE_LENGTH, SUPPORTED_CHANNEL_COUNTS } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { resample, resampledLength } from './resample.js';
export type { ResampleOptions } from './resample.js';
export { loadImpulse, decodeBytes, DEFAULT_MAX_BYTES } from './load-impulse.js';
export type { LoadImpulseOptions, ImpulseSource, DecodingContext } from './load-impulse.js';
export { ImpulseDecodeError } from './decode-error.js';
export type { DecodeErrorCode } from './decode-error.js';
export { prepareImpulseChannels, trimSilence, normalizeImpulse, peakOf, DEFAULT_PREPARE_OPTIONS } from './prepare-impulse.js';
export type { NormalizeMode, PrepareOptions } from './prepare-impulse.js';
export { decodeWav, decodeWavData, encodeWav, encodeWavData, wavHeader } from './wav-codec.js';
export type { WavBitDepth, DecodedWav, EncodeWavOptions } from './wav-codec.js';
export { parseWavHeader } from './wav-format.js';
export type { WavFormat } from './wav-format.js';
export { mulberry32, gaussian, deriveSeed } from './random.js';
export { analyzeImpulse, estimateRt60, estimatePreDelay, energyDecayCurve } from './analyze-impulse.js';
export type { ImpulseAnalysis, Rt60Estimate } from './analyze-impulse.js';
export { synthesizeExponentialDecay } from './synth-exponential.js';
export type { ExponentialDecayOptions } from './synth-exponential.js';
export { synthesizeNoiseReverb, decayingNoise, DEFAULT_NOISE_REVERB_OPTIONS } from './synth-noise-reverb.js';
export type { NoiseReverbOptions } from './synth-noise-reverb.js';
export { synthesizeRoom, roomRt60, DEFAULT_ROOM_OPTIONS } from './synth-room.js';
export type { RoomOptions, Vec3 } from './synth-room.js';
