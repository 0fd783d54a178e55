/** The engine's public API: pure DSP, no Web Audio, no DOM, no Node built-ins. */
export { PartitionedConvolver, type ConvolverOptions } from './partitioned-convolver.js';
export {
  prepareImpulse,
  prepareImpulseParts,
  preparedTransferables,
  validatePrepared,
  type PreparedImpulse,
  type PrepareOptions,
} from './prepared-impulse.js';
export {
  HEAD_FRAMES,
  ImpulseTail,
  headFloats,
  headPartitions,
  prepareImpulseHead,
  tailOrigin,
  type HeadOptions,
  type ImpulsePart,
} from './impulse-stream.js';
export {
  planPartitions,
  planCost,
  uniformPlan,
  validateBlockSize,
  DEFAULT_COST_MODEL,
  SIMD_COST_MODEL,
  SCALAR_COST_MODEL,
  FLOP_COST_MODEL,
  MIN_BLOCK_SIZE,
  MAX_BLOCK_SIZE,
  type PartitionPlan,
  type PartitionLevel,
  type PlanOptions,
  type CostModel,
} from './partition-plan.js';
export { convolve, StreamingConvolver, type OfflineOptions } from './convolve.js';
export { directConvolve } from './direct-convolve.js';
export { isChannelSource, type ChannelSource, type ImpulseInput } from './impulse-input.js';
export { channelPaths, outputChannelCount, type ChannelPath } from './channel-matrix.js';
export { validateImpulse, type ImpulseChannels } from './validate-impulse.js';
export { calculateNormalizationScale, normalizationScaleOf, sumOfSquares, type ChannelBuffer } from './normalization.js';
export { RealFFT } from './real-fft.js';
export { WasmRealFFT } from './wasm-real-fft.js';
export { WasmRealFFT32 } from './wasm-real-fft-f32.js';
export { createRealTransform, type RealTransform } from './real-transform.js';
export { SpectrumArena, simdAvailable } from './spectrum-arena.js';
export { scopeMemoryStats, dropScopeMemoryIfUnused, type ScopeMemoryStats } from './scope-memory.js';
export { BlockAllocator, BLOCK_ALIGN } from './block-allocator.js';
