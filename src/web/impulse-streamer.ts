/**
 * Streams the tails of one node's IRs: after the setter has sent an IR's head, the remaining partitions are
 * prepared in the page's Worker (or, where there is none, on this thread a batch per task) and handed to
 * `send` as they come, in the order the processor's new engine needs them (see src/engine/impulse-stream.ts).
 *
 * The newest IR wins: starting a tail cancels the node's previous one, whose parts still in flight are dropped,
 * so a page that sets IRs faster than they stream holds at most one tail job per node and no queue grows.
 * Allocates: main thread only.
 */
import { HEAD_FRAMES, ImpulseTail, tailOrigin, type ImpulsePart, type PartitionPlan } from '../engine/index.js';
import { TailPump } from '../../worklets/tail-pump.js';
import { preparerWorker } from './impulse-preparer.js';
import type { CheckedImpulse } from './prepare-impulse-buffer.js';

/** Where no Worker exists: one batch per timer task, so the page keeps responding between batches. */
const localPump = new TailPump((run) => {
  const timer = setTimeout(run, 0);
  (timer as unknown as { unref?: () => void }).unref?.(); // Node: never keep a finished process alive
});
let localIds = 0;

export class TailStreamer {
  private cancelCurrent: (() => void) | null = null;

  constructor(private readonly workerUrl: string | null) {
    preparerWorker(workerUrl); // start it now: the first IR's tail then finds it running
  }

  /**
   * Streams the partitions of `checked` beyond its head (HEAD_FRAMES) under plan `plan`; `send` gets each part,
   * `onError` a message if preparing failed. Cancels the previous tail. Copies the tail's frames (the channels
   * may be views of the caller's AudioBuffer, which may change later).
   */
  start(checked: CheckedImpulse, plan: PartitionPlan, send: (part: ImpulsePart) => void, onError: (message: string) => void): void {
    this.cancel();
    const origin = tailOrigin(plan, HEAD_FRAMES);
    if (origin >= plan.length) return; // all in the head
    const tailChannels = () => checked.channels.map((c) => c.slice(origin));
    let live = true;
    let cancelJob = () => {};
    const sink = (part: ImpulsePart | null, error?: string) => {
      if (!live) return;
      if (part !== null) send(part);
      else if (error !== undefined) onError(`IR tail preparation failed: ${error}`);
    };
    const runHere = () => {
      if (!live) return;
      const id = ++localIds;
      localPump.add(id, new ImpulseTail(tailChannels(), plan, checked.scale, HEAD_FRAMES, origin), sink);
      cancelJob = () => localPump.cancel(id);
    };
    const worker = preparerWorker(this.workerUrl);
    if (worker === null) {
      runHere();
    } else {
      const request = { channels: tailChannels(), origin, plan, scale: checked.scale, headFrames: HEAD_FRAMES };
      const id = worker.stream(request, sink, runHere); // a Worker that fails hands the job to runHere
      cancelJob = () => worker.cancel(id);
    }
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
