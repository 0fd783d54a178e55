/**
 * Where an IR's partitions are transformed: in a module Worker running the worklet module itself (see
 * worklets/prepare-service.ts) for long IRs, so that setting `buffer` blocks the main thread only for the
 * checks and the normalization sum; on the calling thread for short IRs, where no Worker exists (Node,
 * node-web-audio-api) or when the Worker fails to start (then never again on this page).
 *
 * One Worker per module URL, started on first use. Requests are answered in order. Allocates: main thread only.
 */
import { prepareImpulse, type PreparedImpulse } from '../engine/index.js';
import type { PrepareReply, PrepareRequest, StreamRequest } from '../../worklets/prepare-service.js';
import type { PartSink } from '../../worklets/tail-pump.js';
import type { CheckedImpulse } from './prepare-impulse-buffer.js';

/** Below this many frames the FFTs take about as long as a Worker round trip: do them in place. */
export const WORKER_MIN_FRAMES = 16_384;

type Pending = { resolve: (p: PreparedImpulse) => void; reject: (e: Error) => void; checked: CheckedImpulse };

export class WorkerPreparer {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<number, { sink: PartSink; onBroken: () => void }>();
  private nextId = 0;
  broken = false;

  constructor(url: string) {
    this.worker = new Worker(url, { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<PrepareReply>) => this.settle(event.data);
    // A Worker that cannot start (CSP, no module workers) fails every request over to the main thread.
    this.worker.onerror = () => {
      this.broken = true;
      for (const [, job] of this.pending) job.resolve(prepareHere(job.checked));
      this.pending.clear();
      for (const [, stream] of this.streams) stream.onBroken();
      this.streams.clear();
    };
  }

  prepare(checked: CheckedImpulse): Promise<PreparedImpulse> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, checked });
      const request: PrepareRequest = { id, channels: checked.channels, blockSize: checked.blockSize, scale: checked.scale };
      // Structured clone copies the channels (they may be views of the caller's AudioBuffer: never transfer).
      this.worker.postMessage(request);
    });
  }

  /**
   * Streams an IR's tail: `sink` gets each part, then null. `onBroken` runs instead if the Worker fails. Returns
   * the job id for cancel(). `request.channels` is transferred.
   */
  stream(request: Omit<StreamRequest, 'type' | 'id'>, sink: PartSink, onBroken: () => void): number {
    const id = ++this.nextId;
    this.streams.set(id, { sink, onBroken });
    const message: StreamRequest = { type: 'stream', id, ...request };
    this.worker.postMessage(message, request.channels.map((c) => c.buffer as ArrayBuffer));
    return id;
  }

  /** Stops a tail (its parts still in flight are dropped here). */
  cancel(id: number): void {
    if (this.streams.delete(id)) this.worker.postMessage({ type: 'cancel', id });
  }

  private settle(reply: PrepareReply): void {
    const stream = this.streams.get(reply.id);
    if (stream !== undefined) {
      if ('part' in reply) return stream.sink(reply.part);
      this.streams.delete(reply.id);
      return stream.sink(null, 'error' in reply ? reply.error : undefined);
    }
    const job = this.pending.get(reply.id);
    if (job === undefined) return;
    this.pending.delete(reply.id);
    if ('impulse' in reply) job.resolve(reply.impulse);
    else job.reject(new Error(`IR preparation failed in the Worker: ${'error' in reply ? reply.error : 'no result'}`));
  }
}

const workers = new Map<string, WorkerPreparer>();

/** Prepares `checked`, in a Worker when worthwhile and possible; the result's spectra are transferable. */
export function prepareChecked(checked: CheckedImpulse, workerUrl: string | null): PreparedImpulse | Promise<PreparedImpulse> {
  const long = checked.channels[0].length >= WORKER_MIN_FRAMES;
  const worker = long ? preparerWorker(workerUrl) : null;
  return worker === null ? prepareHere(checked) : worker.prepare(checked);
}

/**
 * The page's preparation Worker for `workerUrl`, started on first call (a node on a realtime context asks at
 * construction, so that the first IR's tail finds it running); null where there is none or it failed.
 */
export function preparerWorker(workerUrl: string | null): WorkerPreparer | null {
  if (workerUrl === null || typeof Worker !== 'function') return null;
  let worker = workers.get(workerUrl);
  if (worker === undefined) {
    try {
      worker = new WorkerPreparer(workerUrl);
    } catch {
      return null;
    }
    workers.set(workerUrl, worker);
  }
  return worker.broken ? null : worker;
}

function prepareHere(checked: CheckedImpulse): PreparedImpulse {
  return prepareImpulse(checked.channels, { blockSize: checked.blockSize, scale: checked.scale });
}
