/**
 * Sends IRs to the processor in the order they were set and tracks the processor's acknowledgements, so that
 * `applied()` (and through it the rendering gate) knows when every IR set so far has arrived — or rejects with
 * the processor's error when it could not build an engine for one of them (the previous IR then plays on). A long IR may
 * still be in its Worker when a short one is set after it: while any preparation is in flight, later ones queue
 * behind it. Allocates: main thread only.
 */
import { preparedTransferables, type PreparedImpulse } from '../engine/index.js';
import type { ToProcessor } from '../../worklets/protocol.js';
import { holdRendering } from './rendering-gate.js';

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
  ) {}

  deliver(preparation: PreparedImpulse | null | Promise<PreparedImpulse>): void {
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
