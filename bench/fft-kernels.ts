/**
 * The real transforms alone, per size (`npx tsx bench/fft-kernels.ts` alone; bench/run.ts calls
 * runFftKernelBench()): the float32x4 WebAssembly transform the engine runs (WasmRealFFT32), the float64x2 one it
 * replaced (WasmRealFFT, still used for IR spectra), and the JavaScript one on fft.js (RealFFT), each a forward
 * and an inverse of the same signal. Interleaved round by round, best of ROUNDS in CPU time of the process (the
 * machine is shared: only ratios of one run compare). Also the float32 transform's error against the float64
 * one, in dB of error energy below the signal's.
 */
import { RealFFT } from '../src/engine/real-fft.js';
import { SpectrumArena } from '../src/engine/spectrum-arena.js';
import { WasmRealFFT } from '../src/engine/wasm-real-fft.js';
import { WasmRealFFT32 } from '../src/engine/wasm-real-fft-f32.js';
import type { RealTransform } from '../src/engine/real-transform.js';
import { cpuUs } from './cpu-time.js';
import { noise } from './signals.js';
import { errorDb } from '../test/helpers/signal.js';

const SIZES = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]; // real frames (2S for a level of S)
const ROUNDS = 9;
const WORK = 2e6; // frames transformed per timing, so each takes a few ms

export function runFftKernelBench(): string {
  const rows: string[] = [];
  for (const size of SIZES) {
    const arena = new SpectrumArena(64 * size);
    const transforms: RealTransform[] = [new WasmRealFFT32(size, arena), new WasmRealFFT(size, arena), new RealFFT(size)];
    const x = arena.allocF64(size);
    x.set(noise(1, size, size)[0]);
    const spectra = transforms.map(() => arena.alloc(size));
    const outs = transforms.map(() => arena.allocF64(size));
    const reps = Math.max(50, Math.round(WORK / size));
    const forward = transforms.map(() => Infinity);
    const inverse = transforms.map(() => Infinity);
    for (let i = 0; i < reps; i++) transforms.forEach((fft, t) => fft.forward(x, spectra[t], 0)); // warm-up (tier-up)
    for (let r = 0; r < ROUNDS; r++) {
      transforms.forEach((fft, t) => {
        let t0 = cpuUs();
        for (let i = 0; i < reps; i++) fft.forward(x, spectra[t], 0);
        forward[t] = Math.min(forward[t], (cpuUs() - t0) / reps);
        t0 = cpuUs();
        for (let i = 0; i < reps; i++) fft.inverse(spectra[t], outs[t]);
        inverse[t] = Math.min(inverse[t], (cpuUs() - t0) / reps);
      });
    }
    const cells = [forward[0], inverse[0], forward[1], inverse[1], forward[2], inverse[2]].map((us) => us.toFixed(3));
    const ratio = (forward[1] + inverse[1]) / (forward[0] + inverse[0]);
    const js = (forward[2] + inverse[2]) / (forward[0] + inverse[0]);
    const accuracy = `${errorDb(spectra[0], spectra[1]).toFixed(1)} / ${errorDb(outs[0], outs[1]).toFixed(1)}`;
    rows.push(`| ${size} | ${cells.join(' | ')} | ${ratio.toFixed(2)} | ${js.toFixed(2)} | ${accuracy} |`);
  }
  return [
    `## Real FFT kernels in Node ${process.version} (CPU µs per transform, best of ${ROUNDS}; interleaved)`,
    '',
    '| real frames | f32x4 forward | f32x4 inverse | f64x2 forward | f64x2 inverse | fft.js forward | fft.js inverse | f64x2 / f32x4 | fft.js / f32x4 | f32x4 error vs f64x2, forward / inverse (dB) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runFftKernelBench());
