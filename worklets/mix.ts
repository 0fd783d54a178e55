/**
 * The processor's per-sample arithmetic outside the engine: the equal-power crossfade between the outgoing and
 * the incoming IR's outputs, and the wet/dry mix into the node's output. Real-time safe: no allocation.
 */
const HALF_PI = Math.PI / 2;
const ONE = new Float32Array([1]);
const ZERO = new Float32Array([0]);

/**
 * next[c][i] = sin(t·π/2)·next[c][i] + cos(t·π/2)·old[c][i], t = (position + i) / total (clamped at 1), for
 * 2 channels of `frames`. Equal power: cos² + sin² = 1, so uncorrelated old and new tails keep their summed
 * power through the swap.
 */
export function equalPowerCrossfade(next: Float32Array[], old: Float32Array[], position: number, total: number, frames: number): void {
  for (let c = 0; c < 2; c++) {
    const into = next[c];
    const from = old[c];
    for (let i = 0; i < frames; i++) {
      const t = position + i >= total ? 1 : (position + i) / total;
      into[i] = Math.sin(t * HALF_PI) * into[i] + Math.cos(t * HALF_PI) * from[i];
    }
  }
}

/**
 * Whether every value of a parameter array is `value`: a constant parameter comes as 1 value in Chromium and as
 * a whole block of equal values in Firefox. Stops at the first difference.
 */
export function allEqual(param: Float32Array, value: number): boolean {
  for (let i = 0; i < param.length; i++) if (param[i] !== value) return false;
  return true;
}

/**
 * output[c] = wet·convolved[min(c, 1)] + dry·input[min(c, last)], with a-rate or k-rate `wet`/`dry` parameter
 * arrays (absent ones count as wet 1, dry 0). Returns false when the result is not finite.
 */
export function mixWetDry(
  convolved: Float32Array[],
  input: Float32Array[],
  output: Float32Array[],
  parameters: Record<string, Float32Array>,
): boolean {
  const wetParam = parameters.wet ?? ONE;
  const dryParam = parameters.dry ?? ZERO;
  const wetVaries = wetParam.length > 1;
  const dryVaries = dryParam.length > 1;
  let check = 0;
  for (let c = 0; c < output.length; c++) {
    const out = output[c];
    const wet = convolved[c === 0 ? 0 : 1];
    const dry = input[c < input.length ? c : input.length - 1];
    for (let i = 0; i < out.length; i++) {
      const value = (wetVaries ? wetParam[i] : wetParam[0]) * wet[i] + (dryVaries ? dryParam[i] : dryParam[0]) * dry[i];
      out[i] = value;
      check += value;
    }
  }
  // check - check is NaN for NaN and ±Infinity, 0 for every finite sum.
  return check - check === 0;
}
