/**
 * The friendly path: registers the worklet when needed and returns a ConvolverWorkletNode, resampling IRs of
 * another rate (`resample: true` by default here, unlike the drop-in constructor).
 *
 * Which AudioWorkletNode to build on: `options.AudioWorkletNode` when given (standardized-audio-context's or
 * node-web-audio-api's, whose contexts are not the browser's), else the global one. Allocates: main thread only.
 */
import {
  convolverWorkletNodeClass,
  type ConvolverWorkletNode,
  type ConvolverWorkletNodeOptions,
} from './convolver-worklet-node.js';
import { installNodePolyfills } from './node-polyfills.js';
import { registerConvolverWorklet, type WorkletContext } from './register-convolver-worklet.js';

type AudioWorkletNodeConstructor = Parameters<typeof convolverWorkletNodeClass>[0];

export interface CreateConvolverNodeOptions extends ConvolverWorkletNodeOptions {
  /** Where the processor module is; default: next to the library (dist/convolver-processor.js). */
  moduleUrl?: string | URL;
  /** The AudioWorkletNode class of the context's implementation; default: globalThis.AudioWorkletNode. */
  AudioWorkletNode?: unknown;
}

export async function createConvolverNode(
  context: BaseAudioContext | WorkletContext,
  options: CreateConvolverNodeOptions = {},
): Promise<ConvolverWorkletNode> {
  installNodePolyfills();
  const { moduleUrl, AudioWorkletNode: base, ...nodeOptions } = options;
  const Base = (base ?? (globalThis as { AudioWorkletNode?: unknown }).AudioWorkletNode) as
    | AudioWorkletNodeConstructor
    | undefined;
  if (typeof Base !== 'function') {
    throw new TypeError(
      'no AudioWorkletNode class: expected options.AudioWorkletNode outside a browser. In Node: ' +
        "`import { AudioWorkletNode } from 'node-web-audio-api'`, then `createConvolverNode(context, { AudioWorkletNode })`; " +
        "with standardized-audio-context, pass its AudioWorkletNode the same way",
    );
  }
  await registerConvolverWorklet(context as WorkletContext, moduleUrl);
  const Node = convolverWorkletNodeClass(Base);
  return new Node(context as BaseAudioContext, { resample: true, ...nodeOptions });
}
