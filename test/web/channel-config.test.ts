// The node's internal input configuration (src/web/channel-config.ts): how the user's channel settings and
// the IR's width become the AudioWorkletNode's own, including Firefox's narrowing of an idle worklet's output.
import { describe, expect, it } from 'vitest';
import { internalChannels, narrowsIdleWorkletOutput, workletOutputChannelCount, type ChannelSettings } from '../../src/web/channel-config.js';
import { revivesIdleProcessors } from '../../src/web/processor-lifetime.js';
import { DOWNMIX } from '../../worklets/protocol.js';

const defaults: ChannelSettings = { channelCount: 2, channelCountMode: 'clamped-max', channelInterpretation: 'speakers' };

describe('internalChannels', () => {
  it('a mono IR keeps the user’s settings where idle inputs keep their width (Chromium, Node)', () => {
    expect(internalChannels(defaults, 1)).toEqual({ ...defaults, downmix: DOWNMIX.NONE });
  });

  it('a stereo IR always takes 2 channels, speakers up-mix', () => {
    expect(internalChannels(defaults, 2)).toEqual({ channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers', downmix: DOWNMIX.NONE });
  });

  // Firefox hands a worklet 0 input channels and a 1-channel output once its source ends (or whenever the
  // input is silent), even with channelCountMode 'explicit': a stereo tail would lose its right channel. A
  // fixed outputChannelCount of 2 keeps it (test/browser/browsers.test.ts shows both in each browser).
  it('the output width is fixed at 2 only where the engine narrows idle worklet outputs (Firefox)', () => {
    expect(workletOutputChannelCount(true)).toEqual([2]);
    expect(workletOutputChannelCount(false)).toBeUndefined();
  });

  it('recognizes Firefox by its engine token, not Chromium or Node', () => {
    const agent = (userAgent: string) => {
      const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
      Object.defineProperty(globalThis, 'navigator', { value: { userAgent }, configurable: true });
      try {
        // the two Gecko workarounds rest on one check: they must agree
        expect(revivesIdleProcessors()).toBe(narrowsIdleWorkletOutput());
        return narrowsIdleWorkletOutput();
      } finally {
        if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      }
    };
    expect(agent('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0')).toBe(true);
    expect(agent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe(false);
    expect(agent(`Node.js/${process.version}`)).toBe(false);
  });

  it('a user’s 1-channel input with a stereo IR is folded to mono by the processor', () => {
    const mono: ChannelSettings = { channelCount: 1, channelCountMode: 'explicit', channelInterpretation: 'speakers' };
    expect(internalChannels(mono, 2)).toEqual({ channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers', downmix: DOWNMIX.SPEAKERS });
  });
});
