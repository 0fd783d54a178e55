/**
 * Memory for the heads the `buffer` setter prepares, touched in advance. A head's spectra (≈ 320 KB for a
 * stereo IR) are transferred to the processor, so each head needs new memory, and the first write to a fresh
 * page is a page fault: on the bench machine 20–40 µs a page, ≈ 1–1.5 ms of a head's ≈ 1.7 ms in headless
 * Chromium (0.4 ms into memory already touched). So the page keeps a spare or two, touched in a task of its
 * own after the setter that used the last (and by the warm-up before the first); a head bigger than the
 * spares gets new memory as before, and the next spare is made that big.
 *
 * Bounded: at most MAX_SPARES spares per page, each the size of the largest head asked for. Allocates: main
 * thread only.
 */
import { nextTask } from './next-task.js';

/**
 * Floats of the first spares: a stereo head of the plans of 1–10 s IRs at 44.1–48 kHz (the largest, 3 s at 48 kHz,
 * has 48 640 floats a channel; test/web/head-memory.test.ts checks the plans still fit).
 */
export const FIRST_HEAD_FLOATS = 2 * 49_152;
/** Spares kept: two nodes (an A/B page) may set an IR in one task. */
const MAX_SPARES = 2;
const FLOATS_PER_PAGE = 1024; // 4 KiB pages

const spares: Float32Array[] = [];
let wanted = FIRST_HEAD_FLOATS; // floats of the next spare
let refilling = false;

/**
 * A spare of at least `floats` floats, touched, for the head being prepared (its buffer is then transferred),
 * or undefined when none is that big. Either way a refill is queued. Allocates: a closure for the refill.
 */
export function takeHeadMemory(floats: number): Float32Array | undefined {
  if (floats > wanted) wanted = floats;
  const at = spares.findIndex((spare) => spare.length >= floats);
  const taken = at < 0 ? undefined : spares.splice(at, 1)[0];
  refillSoon();
  return taken;
}

/** Queues the spares' refill (a task: its page faults are nobody's setter's). Allocates: main thread only. */
export function refillSoon(): void {
  if (refilling) return;
  refilling = true;
  // one spare per task: each is ≈ 80 page faults, a few ms on a busy machine
  const refill = () => {
    for (let i = spares.length - 1; i >= 0; i--) if (spares[i].length < wanted) spares.splice(i, 1);
    if (spares.length < MAX_SPARES) spares.push(touched(wanted));
    if (spares.length < MAX_SPARES) nextTask(refill);
    else refilling = false;
  };
  nextTask(refill);
}

/** New memory with every page written once (the write faults the page in). */
function touched(floats: number): Float32Array {
  const memory = new Float32Array(floats);
  for (let i = 0; i < floats; i += FLOATS_PER_PAGE) memory[i] = 0;
  return memory;
}

/** For tests: the spares' sizes, floats. */
export function headMemorySpares(): number[] {
  return spares.map((spare) => spare.length);
}
