// The node's internal input configuration (src/web/channel-config.ts): how the user's channel settings and
// the IR's width become the AudioWorkletNode's own, including Firefox's narrowing of an idle worklet's output.
import { describe, expect, it } from 'vitest';
import { internalChannels, type ChannelSettings } from '../../src/web/channel-config.js';
import { DOWNMIX } from '../../worklets/protocol.js';

const defaults: ChannelSettings = { channelCount: 2, channelCountMode: 'clamped-max', channelInterpretation: 'speakers' };

describe('internalChannels', () => {
  it('a mono IR keeps the user’s settings where idle inputs keep their width (Chromium, Node)', () => {
    expect(internalChannels(defaults, 1, false)).toEqual({ ...defaults, downmix: DOWNMIX.NONE });
  });

  it('a stereo IR always takes 2 channels, speakers up-mix', () => {
    expect(internalChannels(defaults, 2, false)).toEqual({ channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers', downmix: DOWNMIX.NONE });
  });

  // Firefox hands a worklet 0 input channels and a 1-channel output once its source ends (or whenever the
  // input is silent): a stereo source's right tail through a mono IR would then be cut, and the destination's
  // up-mix would put the left tail in its place (−2.8 dB against ConvolverNode). Holding 2 channels keeps it.
  it('a mono IR holds 2 channels where the engine narrows idle worklet outputs (Firefox)', () => {
    expect(internalChannels(defaults, 1, true)).toEqual({ channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers', downmix: DOWNMIX.NONE });
    const discrete: ChannelSettings = { channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'discrete' };
    expect(internalChannels(discrete, 1, true)).toEqual({ ...discrete, downmix: DOWNMIX.NONE });
  });

  it('a user’s 1-channel input stays mono with a mono IR, whatever the engine (the output is mono then)', () => {
    const mono: ChannelSettings = { channelCount: 1, channelCountMode: 'explicit', channelInterpretation: 'speakers' };
    expect(internalChannels(mono, 1, true)).toEqual({ ...mono, downmix: DOWNMIX.NONE });
    expect(internalChannels({ ...mono, channelCountMode: 'clamped-max' }, 1, true)).toEqual({ ...mono, channelCountMode: 'clamped-max', downmix: DOWNMIX.NONE });
  });
});
