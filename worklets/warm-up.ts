/**
 * JIT warm-up. Every AudioWorkletGlobalScope is a fresh JavaScript realm, and every OfflineAudioContext gets its
 * own: until V8 has optimized the engine's FFT and multiply-accumulate loops, blocks run interpreted, and with
 * a long IR its large-partition steps are slow (measured in Chromium: single blocks of tens of ms, and a 10 s
 * render of a 10 s IR at a quarter of the warm engine's speed). Running a small engine for some blocks before
 * the first real one compiles the same functions (the sizes differ, the code does not).
 *
 * Costs tens of ms (a few blocks of a warm engine, then ≈ 10 µs each) on the audio thread, once per processor: the node asks for it only on offline contexts,
 * where nothing else is playing. Allocates: constructor only.
 */
import { PartitionedConvolver, prepareImpulse } from '../src/engine/index.js';

const WARM_UP_FRAMES = 24_000; // IR frames: enough for three partition levels at B = 128
/**
 * Enough calls for the optimizing compiler to take every hot loop. 400 left short-IR renders cold: in Chromium
 * the page's own engine needed ≈ 3 × 3750 blocks to reach steady speed (84 → 22 → 7 µs a block), and a 10 s
 * render of a 512-frame IR through our node cost ≈ 130 µs a block (issue 10); with 2000, 56–72 µs (loaded
 * machine, same flags; Chromium's --no-liftoff changed nothing, so it is the JavaScript, not the WebAssembly).
 */
const WARM_UP_BLOCKS = 2000;

export function warmUpEngine(blockSize: number): void {
  const impulse = [new Float32Array(WARM_UP_FRAMES), new Float32Array(WARM_UP_FRAMES)];
  for (let i = 0; i < WARM_UP_FRAMES; i++) {
    const decay = Math.exp(-i / 4000);
    impulse[0][i] = Math.sin(i * 0.37) * decay;
    impulse[1][i] = Math.cos(i * 0.23) * decay;
  }
  const engine = new PartitionedConvolver(prepareImpulse(impulse, { blockSize }), { blockSize, inputChannels: 2 });
  const input = [new Float32Array(blockSize), new Float32Array(blockSize)];
  const output = [new Float32Array(blockSize), new Float32Array(blockSize)];
  for (let block = 0; block < WARM_UP_BLOCKS; block++) {
    for (let i = 0; i < blockSize; i++) {
      input[0][i] = Math.sin((block * blockSize + i) * 0.01);
      input[1][i] = Math.cos((block * blockSize + i) * 0.013);
    }
    engine.process(input, output);
  }
  engine.release();
}
