// Changing the IR while audio plays: the processor crossfades (equal power) from the old IR's output to the
// new one, so there is no block of zeros and no sample-to-sample jump larger than the signal's own. The native
// ConvolverNode is rendered the same way and its jump ratio printed, for the record.
import { describe, expect, it } from 'vitest';
import { bufferOf, decayingNoise, native, nwa, offlineContext, ours, RATE, renderWithActionAt, type Context } from './offline-helpers.js';

const SWAP_AT = 1.536; // s = 576 blocks of 128 frames at 48 kHz (suspend() rounds to a block boundary)
const DURATION = 2.5; // s
const IR_FRAMES = 24_000; // 0.5 s
const WINDOW = 0.1; // s either side of the swap examined for jumps
// ms: each test renders 2.5 s of audio once or twice (≈ 10 s on a quiet machine); shared cores under a load
// of 20+ have taken 210 s. Behaviour is asserted, never time: the bound only stops a hang.
const TIMEOUT = 600_000;

function renderSwap(make: (c: Context, b: AudioBuffer) => AudioNode & { buffer: AudioBuffer | null }) {
  return renderWithActionAt(SWAP_AT, async () => {
    const context = await offlineContext(2, DURATION * RATE);
    const irA = bufferOf(context, decayingNoise(2, IR_FRAMES, 11));
    const irB = bufferOf(context, decayingNoise(2, IR_FRAMES, 12, IR_FRAMES / 3));
    const node = make(context, irA);
    const tone = new nwa.OscillatorNode(context, { frequency: 220 });
    tone.connect(node as never);
    node.connect(context.destination as never);
    tone.start();
    return { context, action: () => (node.buffer = irB) };
  });
}

/**
 * Largest |x[n] − x[n−1]| within ±WINDOW of the swap, over the largest elsewhere. "Elsewhere" includes the
 * start, where the tone first meets IR A: the onset of a convolution is the signal's own largest jump, and a
 * crossfaded swap should add nothing bigger; a cut adds the old output's full amplitude on top.
 */
function jumpRatio(channels: Float32Array[]): number {
  const swap = SWAP_AT * RATE;
  const window = WINDOW * RATE;
  let near = 0;
  let elsewhere = 0;
  for (const data of channels) {
    for (let n = 1; n < data.length; n++) {
      const jump = Math.abs(data[n] - data[n - 1]);
      if (Math.abs(n - swap) <= window) near = Math.max(near, jump);
      else elsewhere = Math.max(elsewhere, jump);
    }
  }
  return near / elsewhere;
}

/** Quietest 128-frame block within ±WINDOW of the swap, relative to the RMS of the 0.5 s before it. */
function quietestBlockNearSwap(channels: Float32Array[]): number {
  const BLOCK = 128; // frames
  const swap = SWAP_AT * RATE;
  const rms = (from: number, to: number) => {
    let sum = 0;
    for (const data of channels) for (let n = from; n < to; n++) sum += data[n] * data[n];
    return Math.sqrt(sum / (channels.length * (to - from)));
  };
  const reference = rms(swap - 24_000, swap);
  let quietest = Infinity;
  for (let n = swap - WINDOW * RATE; n < swap + WINDOW * RATE; n += BLOCK) quietest = Math.min(quietest, rms(n, n + BLOCK));
  return quietest / reference;
}

describe('IR swap while playing', () => {
  it('crossfades: no zero block, no jump larger than the signal’s own', async () => {
    const ourRender = await renderSwap((c, b) => ours(c, { buffer: b }) as never);
    const nativeRender = await renderSwap((c, b) => native(c, { buffer: b }) as never);
    const ourRatio = jumpRatio(ourRender);
    const nativeRatio = jumpRatio(nativeRender);
    console.log(`largest jump near the swap / largest elsewhere: ours ${ourRatio.toFixed(2)}, native ${nativeRatio.toFixed(2)}`);
    const quietest = quietestBlockNearSwap(ourRender);
    console.log(`quietest block near the swap: ${(20 * Math.log10(quietest)).toFixed(1)} dB re the level before it`);
    expect(quietest).toBeGreaterThan(0.25); // no block of zeros, no dip deeper than −12 dB
    expect(ourRatio).toBeLessThanOrEqual(1);
    expect(nativeRatio).toBeGreaterThan(ourRatio);
  }, TIMEOUT);

  it('the new IR is audible from the first frame after the swap', async () => {
    // Old IR silent (null buffer), then a buffer set while suspended: with nothing to fade from it applies at once.
    const impulse = new Float32Array(1);
    impulse[0] = 1;
    const [out] = await renderWithActionAt(SWAP_AT, async () => {
      const context = await offlineContext(1, DURATION * RATE);
      const node = ours(context, { disableNormalization: true });
      const tone = new nwa.OscillatorNode(context, { frequency: 220 });
      tone.connect(node as never);
      node.connect(context.destination as never);
      tone.start();
      return { context, action: () => (node.buffer = bufferOf(context, [impulse])) };
    });
    const swap = SWAP_AT * RATE;
    expect(out.subarray(0, swap).every((v) => v === 0)).toBe(true);
    // A unit impulse passes the tone through unchanged from the first frame after the swap.
    const tonePhase = (n: number) => Math.sin((2 * Math.PI * 220 * n) / RATE);
    for (let n = swap; n < swap + 256; n++) expect(out[n]).toBeCloseTo(tonePhase(n), 3);
  }, TIMEOUT);
});
