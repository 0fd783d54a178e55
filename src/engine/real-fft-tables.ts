/**
 * The read-only tables of the real FFTs, built once per size and scope and shared by every transform of that
 * size: cosines, permutations and fft.js instances for the JavaScript transform, twiddles for the WebAssembly
 * one. An engine for a new IR is often built on an audio thread, and usually needs sizes built before.
 */
import { ComplexFFT } from './fft.js';

/** The read-only part of a RealFFT: the same for every transform of one size, so built once per scope. */
export interface Tables {
  readonly fft1: ComplexFFT;
  readonly fft2: ComplexFFT;
  readonly perm: Int32Array;
  readonly twL: Float64Array;
  readonly pairA: Int32Array;
  readonly pairB: Int32Array;
  /** Natural bin k of each pair (the packed spectrum's order). */
  readonly pairK: Int32Array;
  readonly pairTw: Float64Array;
}

/**
 * Tables by complex size. Building those of a large size takes about a millisecond (cosines, permutations);
 * an engine for a new IR is often built on an audio thread, and usually needs sizes built before.
 */
const TABLES = new Map<number, Tables>();

export function sharedTables(L: number, direct: boolean, l1: number, l2: number): Tables {
  const cached = TABLES.get(L);
  if (cached !== undefined) return cached;
  const fft1 = new ComplexFFT(l1);
  const fft2 = direct ? fft1 : new ComplexFFT(l2);
  const perm = new Int32Array(L);
  for (let k = 0; k < L; k++) perm[k] = direct ? k : (k % l1) * l2 + Math.floor(k / l1);
  const twL = new Float64Array(direct ? 0 : 2 * L);
  for (let j = 0; j < twL.length / 2; j++) {
    twL[2 * j] = Math.cos((2 * Math.PI * j) / L);
    twL[2 * j + 1] = -Math.sin((2 * Math.PI * j) / L);
  }
  const inverse = new Int32Array(L);
  for (let k = 0; k < L; k++) inverse[perm[k]] = k;
  const pairA = new Int32Array(L / 2);
  const pairB = new Int32Array(L / 2);
  const pairK = new Int32Array(L / 2);
  const pairTw = new Float64Array(L);
  let j = 0;
  for (let pos = 0; pos < L; pos++) {
    const k = inverse[pos];
    if (k < 1 || k > L / 2) continue;
    pairA[j] = pos;
    pairB[j] = perm[L - k];
    pairK[j] = k;
    pairTw[2 * j] = Math.cos((Math.PI * k) / L);
    pairTw[2 * j + 1] = -Math.sin((Math.PI * k) / L);
    j++;
  }
  const tables: Tables = { fft1, fft2, perm, twL, pairA, pairB, pairK, pairTw };
  TABLES.set(L, tables);
  return tables;
}

/**
 * The WebAssembly transform's tables, per complex size: the Stockham radix-4 passes' twiddles (for n = L, L/4, …
 * ≥ 4 and p < n/4: W_n^p, W_n^2p, W_n^3p, fewer than 2L doubles in all) and the real-FFT twiddles.
 */
const WASM_TABLES = new Map<number, { stages: Float64Array; real: Float64Array }>();

/** Passes of the WebAssembly complex FFT of L points: radix-4 ones, then one radix-2 when log2 L is odd. */
export function wasmPasses(L: number): number {
  const log2 = Math.round(Math.log2(L));
  return (log2 >> 1) + (log2 & 1);
}

export function wasmTables(L: number): { stages: Float64Array; real: Float64Array } {
  const cached = WASM_TABLES.get(L);
  if (cached !== undefined) return cached;
  let doubles = 0;
  for (let n = L; n >= 4; n >>= 2) doubles += 6 * (n / 4);
  const stages = new Float64Array(Math.max(2, doubles));
  let at = 0;
  for (let n = L; n >= 4; n >>= 2) {
    for (let p = 0; p < n / 4; p++) {
      for (let k = 1; k <= 3; k++) {
        stages[at++] = Math.cos((2 * Math.PI * k * p) / n);
        stages[at++] = -Math.sin((2 * Math.PI * k * p) / n);
      }
    }
  }
  const real = new Float64Array(L + 2);
  for (let k = 0; k <= L / 2; k++) {
    real[2 * k] = Math.cos((Math.PI * k) / L);
    real[2 * k + 1] = -Math.sin((Math.PI * k) / L);
  }
  const tables = { stages, real };
  WASM_TABLES.set(L, tables);
  return tables;
}

/** ≈ flops of a radix-4 complex FFT of n points: the unit of the step costs schedulers balance. */
export function fftCost(n: number): number {
  return 4.25 * n * Math.log2(n);
}

/**
 * The float32 WebAssembly transform's tables (wasm-real-fft-f32.ts), per complex size L ≥ 8, laid out as
 * simd-kernels.wat's cfft4 and rpost4/rpre4 read them: each twiddle already spread over the lanes it multiplies
 * (re duplicated, im signed), so no pass shuffles a twiddle. Computed in float64, rounded once.
 */
const WASM32_TABLES = new Map<number, { stages: Float32Array; real: Float32Array }>();

export function wasm32Tables(L: number): { stages: Float32Array; real: Float32Array } {
  const cached = WASM32_TABLES.get(L);
  if (cached !== undefined) return cached;
  let floats = 3 * L; // pass 0: 8 floats per k = 1…3 per pair of butterflies, L/8 pairs
  for (let n = L / 4; n >= 4; n >>= 2) floats += 6 * n; // later passes: 24 floats per butterfly p, n/4 of them
  const stages = new Float32Array(floats);
  let at = 0;
  for (let p = 0; p < L / 4; p += 2) {
    for (let k = 1; k <= 3; k++) {
      const c0 = Math.cos((2 * Math.PI * k * p) / L);
      const s0 = -Math.sin((2 * Math.PI * k * p) / L);
      const c1 = Math.cos((2 * Math.PI * k * (p + 1)) / L);
      const s1 = -Math.sin((2 * Math.PI * k * (p + 1)) / L);
      stages.set([c0, c0, c1, c1, -s0, s0, -s1, s1], at);
      at += 8;
    }
  }
  for (let n = L / 4; n >= 4; n >>= 2) {
    for (let p = 0; p < n / 4; p++) {
      for (let k = 1; k <= 3; k++) {
        const c = Math.cos((2 * Math.PI * k * p) / n);
        const s = -Math.sin((2 * Math.PI * k * p) / n);
        stages.set([c, c, c, c, -s, s, -s, s], at);
        at += 8;
      }
    }
  }
  // real twiddles W_(2L)^k for the bin pairs (k, k + 1), k = 1, 3, …, L/2 − 1
  const real = new Float32Array(2 * L);
  for (let k = 1, j = 0; k < L / 2; k += 2, j += 8) {
    const c0 = Math.cos((Math.PI * k) / L);
    const s0 = -Math.sin((Math.PI * k) / L);
    const c1 = Math.cos((Math.PI * (k + 1)) / L);
    const s1 = -Math.sin((Math.PI * (k + 1)) / L);
    real.set([c0, c0, c1, c1, -s0, s0, -s1, s1], j);
  }
  const tables = { stages, real };
  WASM32_TABLES.set(L, tables);
  return tables;
}
