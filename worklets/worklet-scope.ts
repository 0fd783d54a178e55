/**
 * Typed access to the AudioWorkletGlobalScope. TypeScript's DOM lib has no worklet-scope types, and declaring
 * them globally would let main-thread code compile against globals it does not have; so the processor reads
 * them through this one file. In Node tests, test/worklets/worklet-globals.ts installs stand-ins.
 */
export interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor options differ per processor
export type AudioWorkletProcessorConstructor = new (options?: any) => AudioWorkletProcessorLike;

interface WorkletScope {
  AudioWorkletProcessor?: AudioWorkletProcessorConstructor;
  registerProcessor?: (name: string, ctor: AudioWorkletProcessorConstructor) => void;
  sampleRate?: number;
  currentFrame?: number;
  renderQuantumSize?: number;
  performance?: { now(): number };
}

const scope = globalThis as unknown as WorkletScope;

/** The scope's AudioWorkletProcessor; a stand-in outside a worklet so that importing this module never throws. */
export const AudioWorkletProcessorBase: AudioWorkletProcessorConstructor =
  scope.AudioWorkletProcessor ??
  class MissingAudioWorkletProcessor {
    get port(): MessagePort {
      throw new Error('AudioWorkletProcessor is not defined: ConvolverProcessor runs only in an AudioWorkletGlobalScope');
    }
  };

/** Context sample rate, Hz. Read at construction: a processor never outlives its context. */
export function scopeSampleRate(): number {
  return scope.sampleRate ?? 48000;
}

/**
 * The frame the block being rendered starts at (the scope's `currentFrame`, advanced by the renderer before each
 * block), or −1 where the scope has none. Read per block: the scope updates it.
 */
export function scopeCurrentFrame(): number {
  const frame = scope.currentFrame;
  return typeof frame === 'number' ? frame : -1;
}

/**
 * A monotonic clock in milliseconds. Chromium's AudioWorkletGlobalScope has no `performance`; Date.now()
 * then gives 1 ms steps, which still averages to an unbiased mean load over a 100 ms window.
 */
export function scopeClock(): () => number {
  const performance = scope.performance;
  if (performance !== undefined && typeof performance.now === 'function') return () => performance.now();
  return Date.now;
}

export function registerProcessorInScope(name: string, ctor: AudioWorkletProcessorConstructor): void {
  if (scope.registerProcessor === undefined) throw new Error('registerProcessor is not defined outside an AudioWorkletGlobalScope');
  scope.registerProcessor(name, ctor);
}
