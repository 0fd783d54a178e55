/**
 * The per-block probes' names (bench/per-block-probe-module.ts builds them in the page's worklet). In a file of
 * their own so that the Node side (bench/per-block-probe.ts, and bench/run.ts through it) names them without
 * importing the processor: imported outside a worklet scope, the processor binds its base class to a stand-in
 * before test/worklets/worklet-globals.ts can install one for bench/per-block-node.ts.
 */
export const PROBES = ['floor', 'ours', 'oursMsg', 'engine', 'engine2', 'engine4', 'engineAB', 'engineScratch', 'engineGlobals', 'wasmCopy', 'ffts', 'clock20', 'frame20', 'wasm20', 'spin'] as const;
export type Probe = (typeof PROBES)[number];
