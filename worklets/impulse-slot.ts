import { PartitionedConvolver, type PreparedImpulse } from '../src/engine/index.js';
import { count } from '../src/engine/wording.js';

/** One IR ready to play: its engine (state allocated at arrival, off the audio callback) and its tail. */
export interface Slot {
  /** The node's id for this IR: 'impulse-part' messages name it. */
  readonly id: number;
  readonly engine: PartitionedConvolver;
  /**
   * Frames of silent input after which the engine's state is all zeros, so skipping it changes nothing: the IR
   * length, plus two of its largest partitions (a level's delay line is flushed with zero spectra up to a
   * partition after the input chunk completes, and its work is spread over one more), plus a block.
   */
  readonly tail: number; // frames
}

/**
 * Impulse-spectrum values copied into a deferred engine per block: 384 KiB, the stereo head of the plans of 1–10 s
 * IRs in one block, so a new IR plays from the block its head arrives in (the largest, 3 s at 48 kHz, is 97 280
 * floats; test/web/head-memory.test.ts checks the plans still fit). Its
 * first copy into fresh WebAssembly memory faults each page in, and a fault cost 12–60 µs on the bench machine
 * (a VM; ≈ 0.1–1 µs elsewhere): with 1 MiB a block (and 1 MiB of prefault below), a 10 s IR change in headless
 * Chromium put 7–13 blocks over budget in the next 1.5 s (median 7, six fresh contexts, load 8–10), 1–8 now
 * (median 2) with 256 KiB a block. The tail's partitions fall due at ≈ 16 K floats per 32 blocks: this is still far ahead.
 */
export const LOAD_FLOATS_PER_BLOCK = 98_304;
/** Bytes of a deferred engine's state prefaulted in the block its IR is in (best effort: 32 pages, see above). */
const PREFAULT_BYTES_PER_BLOCK = 1 << 17;

/**
 * Builds the engine for an IR. Engines always take 2 input channels: mono input is upmixed, so the input width
 * may change at any block without losing the history the tail is made of. A deferred engine (realtime
 * contexts) copies its spectra in and prefaults its pages a piece per block (loadSlotPiece); others are
 * prefaulted by their constructor.
 * Allocates: constructor and message handler only.
 */
export function createSlot(impulse: PreparedImpulse, blockSize: number, deferLoad: boolean, id: number): Slot {
  if (impulse.blockSize !== blockSize) {
    throw new RangeError(`impulse was prepared for blocks of ${count(impulse.blockSize, 'frame')}; expected ${blockSize}`);
  }
  const engine = new PartitionedConvolver(impulse, {
    blockSize,
    inputChannels: 2,
    deferLoad,
    loadPerBlock: LOAD_FLOATS_PER_BLOCK, // parts streamed in while it plays are copied a piece per block
  });
  let largest = blockSize;
  for (const level of impulse.plan.levels) if (level.size > largest) largest = level.size;
  return { id, engine, tail: impulse.length + 2 * largest + blockSize };
}

/**
 * Copies the next piece of a deferred IR into its engine; true once what has arrived is in. Then prefaults a
 * piece of its state, best effort: a new IR is heard from the block its head is in (issue "heard at once"), so
 * the prefault does not hold the swap back; a long IR's later pages fault in as it plays. Real-time safe.
 */
export function loadSlotPiece(slot: Slot): boolean {
  if (!slot.engine.load(LOAD_FLOATS_PER_BLOCK)) return false;
  slot.engine.prefault(PREFAULT_BYTES_PER_BLOCK);
  return true;
}
