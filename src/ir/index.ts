// The browser-safe impulse-response API. Nothing here imports a Node built-in: the package's main entry
// re-exports this file. Node-only helpers (reading files by path) live in ./node.ts.
export { ImpulseChannels, channelsOf } from './impulse-buffer.js';
export type { ImpulseBuffer } from './impulse-buffer.js';
export { validateImpulseChannels, DEFAULT_MAX_IMPULSE_LENGTH, SUPPORTED_CHANNEL_COUNTS } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { resample, resampledLength } from './resample.js';
export type { ResampleOptions } from './resample.js';
