/**
 * Where an IR's partitions are transformed: in a module Worker running the worklet module itself (see
 * worklets/prepare-service.ts) for long IRs, so that setting `buffer` blocks the main thread only for the
 * checks and the normalization sum; on the calling thread for short IRs, where no Worker exists (Node,
 * node-web-audio-api) or when the Worker fails to start (then never again on this page).
 *
 * One Worker per module URL, started on first use. Requests are answered in order. Allocates: main thread only.
 */
import { prepareImpulse, type PreparedImpulse } from '../engine/index.js';
import type { PrepareReply, PrepareRequest } from '../../worklets/prepare-service.js';
import type { CheckedImpulse } from './prepare-impulse-buffer.js';

/** Below this many frames the FFTs take about as long as a Worker round trip: do them in place. */
export const WORKER_MIN_FRAMES = 16_384;

type Pending = { resolve: (p: PreparedImpulse) => void; reject: (e: Error) => void; checked: CheckedImpulse };

class WorkerPreparer {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
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

  private settle(reply: PrepareReply): void {
    const job = this.pending.get(reply.id);
    if (job === undefined) return;
    this.pending.delete(reply.id);
    if ('impulse' in reply) job.resolve(reply.impulse);
    else job.reject(new Error(`IR preparation failed in the Worker: ${reply.error}`));
  }
}

const workers = new Map<string, WorkerPreparer>();

/** Prepares `checked`, in a Worker when worthwhile and possible; the result's spectra are transferable. */
export function prepareChecked(checked: CheckedImpulse, workerUrl: string | null): PreparedImpulse | Promise<PreparedImpulse> {
  const long = checked.channels[0].length >= WORKER_MIN_FRAMES;
  if (!long || workerUrl === null || typeof Worker !== 'function') return prepareHere(checked);
  let worker = workers.get(workerUrl);
  if (worker === undefined) {
    try {
      worker = new WorkerPreparer(workerUrl);
    } catch {
      return prepareHere(checked);
    }
    workers.set(workerUrl, worker);
  }
  if (worker.broken) return prepareHere(checked);
  return worker.prepare(checked);
}

function prepareHere(checked: CheckedImpulse): PreparedImpulse {
  return prepareImpulse(checked.channels, { blockSize: checked.blockSize, scale: checked.scale });
}
