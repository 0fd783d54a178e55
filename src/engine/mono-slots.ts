/**
 * Which delay-line slots of a level hold a mono chunk, for the shortcuts of mono input into a 2-input engine:
 * both inputs then carry the same signal, so input 1's forward transform is skipped and its paths read input 0's
 * spectrum; and with a 1-channel IR on 2 inputs and 2 outputs, a chunk whose every slot is mono has equal
 * outputs (output 1 ⊛ h0 = output 0 ⊛ h0), so output 1's work is skipped. ConvolutionLevel (a level's work in
 * steps) and BlockLevel (level 0 in one WebAssembly call) keep the same bookkeeping here.
 *
 * The constructor allocates; the rest is real-time safe.
 */
export class MonoSlots {
  /** A 1-channel IR on a 2-input, 2-output engine: while every slot is mono, output 1 equals output 0. */
  readonly shareable: boolean;
  /** [slot]: 1 when that slot's chunk was mono (input 1's spectrum is input 0's), 0 when it was stereo. */
  readonly mono: Uint8Array;
  /** Slots whose chunk was stereo (mono[slot] = 0). */
  stereo = 0;

  /** For a level of `slots` delay-line slots on an engine of these channel counts. Allocates. */
  constructor(slots: number, inputs: number, outputs: number, impulseChannels: number) {
    this.mono = new Uint8Array(slots).fill(1);
    this.shareable = inputs === 2 && outputs === 2 && impulseChannels === 1;
  }

  /** Records slot `slot`'s new chunk as mono (1) or stereo (0); returns `stereo` as it was before. Real-time safe. */
  mark(slot: number, mono: number): number {
    const before = this.stereo;
    this.stereo = before + this.mono[slot] - mono;
    this.mono[slot] = mono;
    return before;
  }

  /** true while output 1 equals output 0: shareable, and every slot mono. Real-time safe. */
  get shared(): boolean {
    return this.shareable && this.stereo === 0;
  }

  /** Every slot mono again (the delay line was cleared). Real-time safe. */
  reset(): void {
    this.mono.fill(1);
    this.stereo = 0;
  }
}
