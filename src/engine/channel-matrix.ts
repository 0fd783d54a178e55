/**
 * The ConvolverNode channel matrix. IR channels 1, 2 or 4; input 1 or 2 channels; output is mono only when
 * both are mono. 1-channel IR: each input channel with h0. 2-channel IR: L·h0, R·h1 (mono input feeds both).
 * 4-channel IR (true stereo): L_out = L·h0 + R·h2, R_out = L·h1 + R·h3 (mono input feeds L and R).
 */

/** One convolution path: input channel ⊛ impulse channel, summed into an output channel. */
export interface ChannelPath {
  readonly input: number;
  readonly impulse: number;
  readonly output: number;
}

export function outputChannelCount(inputChannels: number, impulseChannels: number): 1 | 2 {
  return inputChannels === 1 && impulseChannels === 1 ? 1 : 2;
}

/**
 * The paths for a configuration. `inputChannels` is the number of distinct input signals the engine keeps
 * (a mono input to a 4-channel IR is one signal read by all four paths, so its FFT is shared).
 */
export function channelPaths(inputChannels: 1 | 2, impulseChannels: 1 | 2 | 4): ChannelPath[] {
  const inR = inputChannels === 2 ? 1 : 0;
  switch (impulseChannels) {
    case 1:
      return inputChannels === 1
        ? [{ input: 0, impulse: 0, output: 0 }]
        : [
            { input: 0, impulse: 0, output: 0 },
            { input: 1, impulse: 0, output: 1 },
          ];
    case 2:
      return [
        { input: 0, impulse: 0, output: 0 },
        { input: inR, impulse: 1, output: 1 },
      ];
    case 4:
      return [
        { input: 0, impulse: 0, output: 0 },
        { input: inR, impulse: 2, output: 0 },
        { input: 0, impulse: 1, output: 1 },
        { input: inR, impulse: 3, output: 1 },
      ];
  }
}
