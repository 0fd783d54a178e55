/**
 * `ConvolverWorkletNode` for the environment's own AudioWorkletNode (browsers), so that
 * `new ConvolverWorkletNode(context, options)` replaces `new ConvolverNode(context, options)`. Where there is no
 * global AudioWorkletNode (Node, before a polyfill), constructing it throws and explains what to use instead.
 */
import {
  convolverWorkletNodeClass,
  type ConvolverWorkletNodeConstructor,
} from './convolver-worklet-node.js';

type AudioWorkletNodeConstructor = Parameters<typeof convolverWorkletNodeClass>[0];

class MissingAudioWorkletNode {
  constructor() {
    throw new TypeError(
      'AudioWorkletNode is not defined here; expected a browser. In Node, use createConvolverNode(context) ' +
        "or convolverWorkletNodeClass(AudioWorkletNode) with node-web-audio-api's AudioWorkletNode",
    );
  }
}

const globalBase = (globalThis as { AudioWorkletNode?: AudioWorkletNodeConstructor }).AudioWorkletNode;

export const ConvolverWorkletNode: ConvolverWorkletNodeConstructor = convolverWorkletNodeClass(
  globalBase ?? (MissingAudioWorkletNode as unknown as AudioWorkletNodeConstructor),
);
