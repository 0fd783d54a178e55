import { DOWNMIX, type Downmix } from './protocol.js';

/**
 * What the processor hands its engines each block: 1 or 2 input channels, chosen without allocating. The node
 * gives a stereo-IR processor 2 explicit channels (src/web/channel-config.ts); `downmix` folds them back to the
 * 1 channel the user asked for, and a mono source up-mixed to L = R takes the engine's cheaper mono path.
 * Allocates: constructor only.
 */
export class InputSelector {
  downmix: Downmix;
  private readonly zeros: Float32Array; // no input connections: the engine hears silence
  private readonly folded: Float32Array; // input folded to mono when the user asked for 1 channel
  private readonly one: Float32Array[];
  private readonly two: Float32Array[];

  constructor(blockSize: number, downmix: Downmix) {
    this.downmix = downmix;
    this.zeros = new Float32Array(blockSize);
    this.folded = new Float32Array(blockSize);
    this.one = [this.zeros];
    this.two = [this.zeros, this.zeros];
  }

  /** The engine's input for this block: a list owned here, reused every block. Real-time safe. */
  select(input: Float32Array[]): Float32Array[] {
    if (input.length === 0) return this.mono(this.zeros);
    if (input.length === 1 || this.downmix === DOWNMIX.DISCRETE) return this.mono(input[0]);
    const left = input[0];
    const right = input[1];
    if (this.downmix === DOWNMIX.SPEAKERS) {
      const folded = this.folded;
      for (let i = 0; i < folded.length; i++) folded[i] = 0.5 * (left[i] + right[i]);
      return this.mono(folded);
    }
    // A mono source up-mixed to the 2 explicit channels a stereo IR asks for arrives as L = R: the engine's
    // mono path (one forward FFT, R = L) gives the same output for less work. Stereo differs within a few frames.
    let same = left.length === right.length;
    for (let i = 0; same && i < left.length; i++) same = left[i] === right[i];
    if (same) return this.mono(left);
    this.two[0] = left;
    this.two[1] = right;
    return this.two;
  }

  private mono(channel: Float32Array): Float32Array[] {
    this.one[0] = channel;
    return this.one;
  }
}

/** Whether any sample of `input` is non-zero: the tail is counted down only through digital silence. Real-time safe. */
export function hasSignal(input: Float32Array[]): boolean {
  for (let c = 0; c < input.length; c++) {
    const data = input[c];
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) return true;
  }
  return false;
}
