// The main-thread Web Audio API. The Tone.js effect lives in ./tone-convolver.ts (entry 'web-convolver/tone'),
// so that importing the package does not import Tone.
export {
  convolverWorkletNodeClass,
  DEFAULT_OPTIONS,
  type ConvolverWorkletNode as ConvolverWorkletNodeInstance,
  type ConvolverWorkletNodeConstructor,
  type ConvolverWorkletNodeOptions,
  type ConvolverTelemetry,
} from './convolver-worklet-node.js';
export { ConvolverWorkletNode } from './convolver-worklet-node-global.js';
export { createConvolverNode, type CreateConvolverNodeOptions } from './create-convolver-node.js';
export {
  registerConvolverWorklet,
  isConvolverWorkletRegistered,
  defaultWorkletUrl,
  type WorkletContext,
} from './register-convolver-worklet.js';
export { prepareImpulseBuffer, type AudioBufferLike, type PrepareBufferOptions } from './prepare-impulse-buffer.js';
export { installNodePolyfills } from './node-polyfills.js';
export { traceSetter, type SetterPhase } from './setter-trace.js';
export { PROCESSOR_NAME } from '../../worklets/protocol.js';
