/**
 * Streams the tails of one node's IRs: after the setter has sent an IR's head, the remaining partitions are
 * prepared in the page's Worker (or, where there is none, on this thread a batch per task) and handed to
 * `send` as they come, in the order the processor's new engine needs them (see src/engine/impulse-stream.ts).
 *
 * The newest IR wins: starting a tail cancels the node's previous one, whose parts still in flight are dropped,
 * so a page that sets IRs faster than they stream holds at most one tail job per node and no queue grows.
 * Allocates: main thread only.
 */
import {
  HEAD_FRAMES,
  ImpulseTail,
  tailOrigin,
  type ImpulsePart,
  type PartitionPlan,
} from '../engine/index.js';
import { TailPump } from '../../worklets/tail-pump.js';
import { preparerWorker } from './impulse-preparer.js';
import { checkImpulseBuffer, type CheckedImpulse } from './prepare-impulse-buffer.js';
import { prepareHead } from './impulse-delivery.js';
import { nextTask } from './next-task.js';
import { FIRST_HEAD_FLOATS, refillSoon } from './head-memory.js';

/**
 * Floats per channel copied out of the caller's buffer per task, off the setter's time: ≈ 0.1 ms of memcpy into
 * memory already touched, but the copies are fresh memory (they are transferred to the Worker), and on the bench
 * machine their page faults make a stereo task ≈ 4 ms (Node). Smaller tasks would keep the page more
 * responsive, but the whole tail is copied before the Worker starts, so its first part would come later:
 * 32 768 a task posted a 10 s IR's first part 127–172 ms after the setter (load 12), against 68–140 ms.
 */
const COPY_CHUNK = 131_072;

/** Where no Worker exists: one batch per task, so the page keeps responding between batches. */
const localPump = new TailPump(nextTask);
let localIds = 0;

export class TailStreamer {
  private cancelCurrent: (() => void) | null = null;

  constructor(private readonly workerUrl: string | null) {
    preparerWorker(workerUrl); // start it now: the first IR's tail then finds it running
    warmUpOnce();
  }

  /**
   * Streams the partitions of `checked` beyond its head (HEAD_FRAMES) under plan `plan`; `send` gets each part,
   * `onError` a message if preparing failed. Cancels the previous tail. Returns at once: the tail's frames are
   * copied out of `checked.channels` (views of the caller's AudioBuffer) in later tasks, a chunk per task, so
   * the setter does not pay for a copy of the whole IR; a caller changing the buffer's samples within those few
   * tasks would change the tail (the spec acquires the content at once; a documented difference).
   */
  start(checked: CheckedImpulse, plan: PartitionPlan, send: (part: ImpulsePart) => void, onError: (message: string) => void): void {
    this.cancel();
    const origin = tailOrigin(plan, HEAD_FRAMES);
    if (origin >= plan.length) return; // all in the head
    let live = true;
    let cancelJob = () => {};
    const sink = (part: ImpulsePart | null, error?: string) => {
      if (!live) return;
      if (part !== null) send(part);
      else if (error !== undefined) onError(`IR tail preparation failed: ${error}`);
    };
    let copies: Float32Array[] = [];
    const runHere = () => {
      if (!live) return;
      const id = ++localIds;
      localPump.add(id, new ImpulseTail(copies, plan, checked.scale, HEAD_FRAMES, origin), sink);
      cancelJob = () => localPump.cancel(id);
    };
    const launch = () => {
      const worker = preparerWorker(this.workerUrl);
      if (worker === null) return runHere();
      // `copies` are transferred; a Worker that fails hands the job to runHere, with fresh copies
      const request = { channels: copies, origin, plan, scale: checked.scale, headFrames: HEAD_FRAMES };
      const id = worker.stream(request, sink, () => {
        copies = checked.channels.map((c) => c.slice(origin));
        runHere();
      });
      cancelJob = () => worker.cancel(id);
    };
    const frames = plan.length - origin;
    let at = 0;
    const copyChunk = () => {
      if (!live) return;
      if (at === 0) copies = checked.channels.map(() => new Float32Array(frames));
      const end = Math.min(frames, at + COPY_CHUNK);
      copies.forEach((copy, c) => copy.set(checked.channels[c].subarray(origin + at, origin + end), at));
      at = end;
      if (at < frames) nextTask(copyChunk);
      else launch();
    };
    nextTask(copyChunk);
    this.cancelCurrent = () => {
      live = false;
      cancelJob();
    };
  }

  /** Stops the current tail, if any. */
  cancel(): void {
    this.cancelCurrent?.();
    this.cancelCurrent = null;
  }
}

let warmed = false;
/** Warm-up rounds, a task each: one round leaves the code interpreted; V8 optimizes what runs again. */
const WARM_UP_ROUNDS = 3;

/**
 * Once per page, a round per task: the setter's synchronous path (the checks and the normalization sum, the
 * head of 1 s and 3 s IRs, whose plans are those of most IRs) on quiet buffers, so the page's first real
 * `buffer = …` finds that code compiled and its FFT tables built (cold, they cost the first setter tens of ms).
 */
function warmUpOnce(): void {
  if (warmed) return;
  warmed = true;
  let round = 0;
  // the heads' own memory, reused (nothing plays them): the page's spares are for real IRs
  const scratch = new Float32Array(FIRST_HEAD_FLOATS);
  const memory = (floats: number) => (floats <= scratch.length ? scratch : undefined);
  const warm = () => {
    for (const frames of [48_000, 144_000]) {
      // 1 s (levels 128, 2048) and 3 s (128, 512, 4096) at 48 kHz: the head FFT sizes of most IRs
      // not silence: V8 records the arithmetic's types as it runs, and squares of zeros are small integers, so
      // code trained on silence is optimized for integers and thrown away at the first real IR (the first setter
      // of a page then summed a 1 s IR interpreted: 3.7 ms, against 0.14 ms for the next ones)
      const quiet = new Float32Array(frames).fill(1e-3);
      const buffer = { numberOfChannels: 2, length: frames, sampleRate: 48_000, getChannelData: () => quiet };
      const options = { sampleRate: 48_000, normalize: true, maxLength: 10, blockSize: 128, resample: false };
      prepareHead(checkImpulseBuffer(buffer, options), memory);
    }
    if (++round < WARM_UP_ROUNDS) nextTask(warm);
    else refillSoon(); // the first setter's head memory
  };
  nextTask(warm);
}
