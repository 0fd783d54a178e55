/**
 * `ConvolverWorkletNode` for the environment's own AudioWorkletNode (browsers), so that
 * `new ConvolverWorkletNode(context, options)` replaces `new ConvolverNode(context, options)`, and
 * `const reverb: ConvolverWorkletNode = …` names its instance type, as `ConvolverNode` does. Where there is no
 * global AudioWorkletNode (Node, before a polyfill), constructing it throws and explains what to use instead.
 */
import {
  convolverWorkletNodeClass,
  type ConvolverWorkletNode as ConvolverWorkletNodeInstance,
  type ConvolverWorkletNodeConstructor,
} from './convolver-worklet-node.js';

type AudioWorkletNodeConstructor = Parameters<typeof convolverWorkletNodeClass>[0];

class MissingAudioWorkletNode {
  constructor() {
    throw new TypeError(
      'AudioWorkletNode is not defined here; expected a browser. In Node, pass node-web-audio-api\'s class: ' +
        "`import { AudioWorkletNode } from 'node-web-audio-api'`, then " +
        '`await createConvolverNode(context, { AudioWorkletNode })` or `new (convolverWorkletNodeClass(AudioWorkletNode))(context, options)`',
    );
  }
}

const globalBase = (globalThis as { AudioWorkletNode?: AudioWorkletNodeConstructor }).AudioWorkletNode;

/** The instance type, under the class's name (a type and a value may share it, as lib.dom's classes do). */
export type ConvolverWorkletNode = ConvolverWorkletNodeInstance;

export const ConvolverWorkletNode: ConvolverWorkletNodeConstructor = convolverWorkletNodeClass(
  globalBase ?? (MissingAudioWorkletNode as unknown as AudioWorkletNodeConstructor),
);
