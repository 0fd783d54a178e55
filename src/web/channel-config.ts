/**
 * ConvolverNode's output width on an AudioWorkletNode. A worklet node with one input and one output and no
 * outputChannelCount gives its output the input's computed channel count, so mono in → mono out. ConvolverNode
 * instead outputs stereo whenever the IR has 2 or 4 channels. So while such an IR plays, the node's real input
 * is set to 2 channels 'explicit' with 'speakers' up-mix (mono input arrives as L = R = x, which is what the
 * spec's matrix does with mono input), and the user's own settings are kept for the getters; if the user asked
 * for 1 channel, the processor folds the 2 channels back to 1 the way the user's interpretation would. The one
 * case where the user's interpretation reaches the input as is: 'explicit' 2 channels, where the spec itself
 * up-mixes mono input to 2 channels (discretely: L = x, R = 0).
 *
 * Firefox (Gecko) narrows a worklet's output to 1 channel whenever its input is inactive (once a source ends,
 * or while it plays digital silence), whatever the input's channelCountMode: a stereo source's right tail
 * would be cut (silent to a 'discrete' consumer, the left tail's up-mix to a 'speakers' one). There the
 * node fixes its output at 2 channels (workletOutputChannelCount): the tail stays stereo, and a mono result
 * (mono input, mono IR) comes out as L = R — what a 'speakers' consumer makes of ConvolverNode's mono output.
 */
import { DOWNMIX, type Downmix } from '../../worklets/protocol.js';
import { notSupported } from './prepare-impulse-buffer.js';
import { isGeckoWebAudio } from './gecko.js';

export interface ChannelSettings {
  channelCount: number;
  channelCountMode: ChannelCountMode;
  channelInterpretation: ChannelInterpretation;
}

export interface InternalChannels extends ChannelSettings {
  downmix: Downmix;
}

export function internalChannels(user: ChannelSettings, impulseChannels: number): InternalChannels {
  if (impulseChannels <= 1) return { ...user, downmix: DOWNMIX.NONE };
  const downmix =
    user.channelCount === 1
      ? user.channelInterpretation === 'discrete'
        ? DOWNMIX.DISCRETE
        : DOWNMIX.SPEAKERS
      : DOWNMIX.NONE;
  const userUpmixes = user.channelCountMode === 'explicit' && user.channelCount === 2;
  const channelInterpretation = userUpmixes ? user.channelInterpretation : 'speakers';
  return { channelCount: 2, channelCountMode: 'explicit', channelInterpretation, downmix };
}

/**
 * Whether this page's Web Audio narrows an idle worklet's output to 1 channel (Gecko: Firefox, and
 * standardized-audio-context over it). Chromium and node-web-audio-api keep the width; the browser tests
 * (test/browser/browsers.test.ts) show the behaviour with a bare pass-through processor in each browser.
 */
export function narrowsIdleWorkletOutput(): boolean {
  return isGeckoWebAudio();
}

/**
 * The node's outputChannelCount: none (the output follows the input's computed width, as ConvolverNode's
 * does) unless the engine narrows idle worklet outputs; then a fixed 2, so tails keep both channels.
 */
export function workletOutputChannelCount(narrowsIdleOutput: boolean): number[] | undefined {
  return narrowsIdleOutput ? [2] : undefined;
}

/** The spec's ConvolverNode channelCount constraint: NotSupportedError above 2 (and below 1, as for any node). */
export function checkChannelCount(value: number): number {
  if (!(value >= 1 && value <= 2)) {
    throw notSupported(`channelCount ${value} is not supported by a convolver; expected 1 or 2`);
  }
  return Math.floor(value);
}

/** The spec's ConvolverNode channelCountMode constraint: 'max' is a NotSupportedError. */
export function checkChannelCountMode(value: ChannelCountMode): ChannelCountMode {
  if (value === 'max') throw notSupported(`channelCountMode 'max' is not supported by a convolver; expected 'clamped-max' or 'explicit'`);
  if (value !== 'clamped-max' && value !== 'explicit') {
    throw new TypeError(`channelCountMode '${String(value)}' is not a ChannelCountMode; expected 'clamped-max' or 'explicit'`);
  }
  return value;
}

export function checkChannelInterpretation(value: ChannelInterpretation): ChannelInterpretation {
  if (value !== 'speakers' && value !== 'discrete') {
    throw new TypeError(`channelInterpretation '${String(value)}' is not a ChannelInterpretation; expected 'speakers' or 'discrete'`);
  }
  return value;
}
