/**
 * Prepares the tails of IRs (ImpulseTail) one batch per task, so that a newer request or a cancellation is
 * heard between batches: the Worker of prepare-service.ts runs one, and the main thread runs one where no Worker
 * exists (Node, a page whose Worker failed). Jobs run in the order added; a cancelled job stops before its next
 * batch, so a page that sets IRs faster than they stream keeps at most one job per node.
 *
 * Allocates: main thread or Worker only.
 */
import type { ImpulsePart, ImpulseTail } from '../src/engine/index.js';

/** Receives a job's parts, then null once it is done; `error` when preparing a part threw. */
export type PartSink = (part: ImpulsePart | null, error?: string) => void;

export class TailPump {
  private readonly jobs = new Map<number, { tail: ImpulseTail; sink: PartSink }>();
  private scheduled = false;

  /** `schedule(run)` must call run() in a later task (a timer, a MessageChannel message). */
  constructor(private readonly schedule: (run: () => void) => void) {}

  add(id: number, tail: ImpulseTail, sink: PartSink): void {
    this.jobs.set(id, { tail, sink });
    this.wake();
  }

  cancel(id: number): void {
    this.jobs.delete(id);
  }

  /** Jobs not done nor cancelled. */
  get size(): number {
    return this.jobs.size;
  }

  private wake(): void {
    if (this.scheduled || this.jobs.size === 0) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.step();
      this.wake();
    });
  }

  private step(): void {
    const first = this.jobs.entries().next();
    if (first.done === true) return;
    const [id, job] = first.value;
    let part: ImpulsePart | null;
    try {
      part = job.tail.next();
    } catch (error) {
      this.jobs.delete(id);
      job.sink(null, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      return;
    }
    if (part === null) this.jobs.delete(id);
    job.sink(part);
  }
}
