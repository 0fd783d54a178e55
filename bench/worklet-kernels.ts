/**
 * The small operations a block of ours is made of, timed in one browser page on its main thread and inside an
 * AudioWorklet's process() (the audio thread's realm): a JS → WebAssembly call, the SIMD multiply-accumulate
 * kernel (simd-kernels.wat's `mac`) on a level-0 spectrum and on a 32× larger one, a 128-frame
 * `Float32Array.set` into WebAssembly memory and between JS arrays, a 128-frame JS mul-add loop, and the
 * processor's wet/dry mix pass (worklets/mix.ts) on a-rate arrays of 128 — the shape Firefox hands process()
 * for constant `wet` and `dry` every block (Chromium hands [1] and [0], and the processor skips the pass). Run in
 * Firefox and Chromium by bench/firefox-per-block.ts, to tell what (if anything) is slower in Firefox's engine
 * (SpiderMonkey's wasm SIMD code, its JS ↔ wasm calls, typed-array copies, its worklet realm). Each figure is the
 * best of WINDOWS timed windows (the machine is shared; the best is the least preempted).
 */
import type { PageHarness } from '../test/browser/browser-harness.js';
import { SIMD_KERNELS_WASM } from '../src/engine/simd-kernels-wasm.js';

export type KernelTimes = Record<string, { main: number; worklet: number }>; // ns per operation

/**
 * Page-side source, evaluated as is on the main thread and in a worklet module (no imports there): builds the
 * kernels on a fresh memory and returns a function timing each case. Date.now() is the clock both places have
 * (Firefox's and Chromium's worklet scopes have no performance.now()): windows of 20 ms make its 1 ms steps 5 %.
 */
const TIMER_SOURCE = `
function kernelTimer(bytes) {
  const memory = new WebAssembly.Memory({ initial: 4 }); // 256 KiB
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { env: { memory } });
  const mac = instance.exports.mac;
  const floats = new Float32Array(memory.buffer);
  for (let i = 0; i < floats.length; i++) floats[i] = (i % 7) * 0.001;
  const a = new Float32Array(128);
  const b = new Float32Array(128);
  for (let i = 0; i < 128; i++) a[i] = i * 0.001;
  const inWasm = new Float32Array(memory.buffer, 1024, 128);
  // worklets/mix.ts's mixWetDry, as is: the processor's pass when wet/dry arrays are not [1] and [0]
  const mix = (convolved, input, output, wetParam, dryParam) => {
    const wetVaries = wetParam.length > 1, dryVaries = dryParam.length > 1;
    let check = 0;
    for (let c = 0; c < output.length; c++) {
      const out = output[c], wet = convolved[c === 0 ? 0 : 1], dry = input[c < input.length ? c : input.length - 1];
      for (let i = 0; i < out.length; i++) {
        const value = (wetVaries ? wetParam[i] : wetParam[0]) * wet[i] + (dryVaries ? dryParam[i] : dryParam[0]) * dry[i];
        out[i] = value;
        check += value;
      }
    }
    return check - check === 0;
  };
  const pair = () => [new Float32Array(128).fill(0.25), new Float32Array(128).fill(0.5)];
  const convolved = pair(), input = pair(), output = pair();
  const ones = new Float32Array(128).fill(1), zeros = new Float32Array(128);
  const WINDOWS = 15, WINDOW_MS = 20, BATCH = 200, WARM = 20000;
  const time = (body) => {
    for (let w = 0; w < WARM; w++) body();
    let best = Infinity;
    for (let r = 0; r < WINDOWS; r++) {
      let n = 0;
      const t0 = Date.now();
      let t = t0;
      while (t - t0 < WINDOW_MS) { for (let k = 0; k < BATCH; k++) body(); n += BATCH; t = Date.now(); }
      best = Math.min(best, (1e6 * (t - t0)) / n);
    }
    return best;
  };
  // byte addresses 64, 128 and 192 KiB: accumulator, input spectrum, IR spectrum
  return () => ({
    'JS → wasm call (mac of 0 floats)': time(() => mac(65536, 131072, 196608, 0)),
    'wasm SIMD mac, 264 floats (a level-0 spectrum)': time(() => mac(65536, 131072, 196608, 264)),
    'wasm SIMD mac, 8448 floats': time(() => mac(65536, 131072, 196608, 8448)),
    'Float32Array.set, 128 frames into wasm memory': time(() => inWasm.set(a)),
    'Float32Array.set, 128 frames JS to JS': time(() => b.set(a)),
    'JS loop, 128 frames mul-add': time(() => { for (let i = 0; i < 128; i++) b[i] = b[i] * 0.5 + a[i]; }),
    "wet/dry mix pass (mix.ts), stereo, params of 128 (Firefox's every block)": time(() => mix(convolved, input, output, ones, zeros)),
  });
}`;

/** Allocates: main thread only (a page evaluate). */
export async function timeKernels(harness: PageHarness): Promise<KernelTimes> {
  const { main, worklet } = await harness.evaluate(
    async ([source, bytes]) => {
      const timer = new Function(`${source}; return kernelTimer;`)() as (b: readonly number[]) => () => Record<string, number>;
      const onMain = timer(bytes)();
      const module = `${source}
        registerProcessor('kernel-timer', class extends AudioWorkletProcessor {
          constructor(options) { super(); this.bytes = options.processorOptions.bytes; this.done = false; }
          process() {
            if (!this.done) { this.done = true; this.port.postMessage(kernelTimer(this.bytes)()); }
            return true;
          }
        });`;
      const context = new OfflineAudioContext(1, 128 * 100, 48000);
      await context.audioWorklet.addModule(URL.createObjectURL(new Blob([module], { type: 'text/javascript' })));
      const node = new AudioWorkletNode(context, 'kernel-timer', { processorOptions: { bytes } });
      node.connect(context.destination);
      const inWorklet = new Promise<Record<string, number>>((done) => (node.port.onmessage = (event) => done(event.data)));
      void context.startRendering();
      return { main: onMain, worklet: await inWorklet };
    },
    [TIMER_SOURCE, SIMD_KERNELS_WASM] as const,
  );
  return Object.fromEntries(Object.keys(main).map((name) => [name, { main: main[name], worklet: worklet[name] }]));
}
