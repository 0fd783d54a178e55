/**
 * Sends IRs to the processor in the order they were set and tracks the processor's acknowledgements, so that
 * `applied()` (and through it the rendering gate) knows when every IR set so far has arrived — or rejects with
 * the processor's error when it could not build an engine for one of them (the previous IR then plays on).
 *
 * Two ways in. Offline contexts (deliver): the whole IR, prepared here or in the Worker; a long IR may still be
 * in its Worker when a short one is set after it, so while any preparation is in flight later ones queue behind
 * it. Realtime contexts (deliverHead): the head, prepared here at once and sent at once, so the processor plays
 * the new IR from the block it arrives in; then the tail streams in (TailStreamer) as 'impulse-part' messages,
 * newest IR first. Allocates: main thread only.
 */
import {
  headFloats,
  planPartitions,
  prepareImpulseHead,
  preparedTransferables,
  type PartitionPlan,
  type PreparedImpulse,
} from '../engine/index.js';
import type { ToProcessor } from '../../worklets/protocol.js';
import type { TailStreamer } from './impulse-streamer.js';
import type { CheckedImpulse } from './prepare-impulse-buffer.js';
import { holdRendering } from './rendering-gate.js';
import { setterPhase } from './setter-trace.js';
import { takeHeadMemory } from './head-memory.js';

/** An IR's head (every partition starting in its first HEAD_FRAMES) and the plan its tail follows. */
export interface ImpulseHead {
  impulse: PreparedImpulse;
  plan: PartitionPlan;
}

/** Plans by length and block size: the search over level sets is the costliest part of a head, cold. */
const plans = new Map<string, PartitionPlan>();

/**
 * Partitions and transforms the head of `checked` on this thread (≈ 0.4 ms for any length), into the memory
 * `memory` gives for its floats (default: a spare of head-memory.ts; undefined: new memory).
 */
export function prepareHead(
  checked: CheckedImpulse,
  memory: (floats: number) => Float32Array | undefined = takeHeadMemory,
): ImpulseHead {
  const key = `${checked.channels[0].length}/${checked.blockSize}`;
  const plan = plans.get(key) ?? planPartitions(checked.channels[0].length, { blockSize: checked.blockSize });
  if (plans.size < 64) plans.set(key, plan);
  const into = memory(headFloats(plan, checked.channels.length));
  const options = { blockSize: checked.blockSize, scale: checked.scale, plan, checked: true, into };
  return { impulse: prepareImpulseHead(checked.channels, options), plan };
}

export class ImpulseDelivery {
  private nextId = 0;
  private acknowledged = 0;
  private waiting: { id: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private failedId = 0; // the latest IR the processor could not take…
  private failure: Error | null = null; // …and why
  private closed = false; // the processor has finished: nothing will be acknowledged any more
  private inFlight = 0; // preparations still in a Worker
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (message: ToProcessor, transfer: Transferable[]) => void,
    private readonly context: object, // what the user calls startRendering()/resume() on
    private readonly onError: (message: string) => void,
    private readonly streamer: TailStreamer | null = null, // realtime contexts
  ) {}

  /** Sends a head now (realtime contexts) and streams the tail of `checked` after it. */
  deliverHead(checked: CheckedImpulse): void {
    const id = ++this.nextId;
    if (this.closed) {
      this.streamer?.cancel();
      this.acknowledge(id); // the processor has finished: nothing will ever play it, nor answer
      return;
    }
    const head = prepareHead(checked);
    setterPhase('head');
    this.send({ type: 'impulse', id, impulse: head.impulse }, preparedTransferables(head.impulse));
    setterPhase('post');
    this.streamTail(id, checked, head.plan);
    setterPhase('tail');
  }

  /**
   * The head went in processorOptions (the constructor's IR, id 1: the processor acknowledges it when it is
   * built); streams its tail.
   */
  adoptHead(checked: CheckedImpulse, head: ImpulseHead): number {
    const id = ++this.nextId;
    this.streamTail(id, checked, head.plan);
    return id;
  }

  private streamTail(id: number, checked: CheckedImpulse, plan: PartitionPlan): void {
    this.streamer?.start(
      checked,
      plan,
      (part) => {
        this.send({ type: 'impulse-part', id, ...part }, part.spectra.map((s) => s.buffer as ArrayBuffer));
        setterPhase('part');
      },
      this.onError,
    );
  }

  deliver(preparation: PreparedImpulse | null | Promise<PreparedImpulse>): void {
    this.streamer?.cancel(); // the newest IR wins
    const id = ++this.nextId;
    if (this.closed) {
      this.acknowledge(id); // the processor has finished: nothing will ever play it, nor answer
      return;
    }
    const post = (impulse: PreparedImpulse | null) =>
      this.send({ type: 'impulse', id, impulse }, impulse === null ? [] : preparedTransferables(impulse));
    if (this.inFlight === 0 && !(preparation instanceof Promise)) {
      post(preparation);
    } else {
      this.inFlight++;
      const previous = this.queue;
      this.queue = (async () => {
        await previous;
        try {
          post(await preparation);
        } catch (error) {
          this.acknowledge(id); // nothing will come back for it: do not hold rendering
          this.onError(error instanceof Error ? error.message : String(error));
        }
        this.inFlight--;
      })();
    }
    holdRendering(this.context, this.applied());
  }

  /** The processor has IR `id` (and so every earlier one). */
  acknowledge(id: number): void {
    this.acknowledged = Math.max(this.acknowledged, id);
    const ready = this.waiting.filter((w) => w.id <= this.acknowledged);
    this.waiting = this.waiting.filter((w) => w.id > this.acknowledged);
    for (const w of ready) {
      if (this.failure !== null && w.id === this.failedId) w.reject(this.failure);
      else w.resolve();
    }
  }

  /** The processor has finished (offline render over, or disposed): settle everything, now and from now on. */
  close(): void {
    this.closed = true;
    this.streamer?.cancel(); // a tail still streaming has no processor to go to
    this.acknowledge(this.nextId);
  }

  /**
   * The processor could not build an engine for IR `id`: applied() calls made while it was the latest IR reject
   * with `message` (and so do those made until another IR is delivered); calls that also wait for a later IR
   * resolve when that one arrives.
   */
  fail(id: number, message: string): void {
    this.failedId = id;
    this.failure = new Error(`the audio thread could not apply the impulse response: ${message}`);
    this.acknowledge(id);
  }

  /** Resolves once every IR delivered so far has been acknowledged; rejects if the latest could not be applied. */
  applied(): Promise<void> {
    const id = this.nextId;
    if (this.acknowledged >= id) {
      return this.failure !== null && this.failedId === id ? Promise.reject(this.failure) : Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ id, resolve, reject }));
  }
}
