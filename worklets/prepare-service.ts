/**
 * The worklet module doubles as a module Worker that partitions and transforms IRs off the main thread: the
 * same self-contained file (engine and fft.js inside) serves `audioWorklet.addModule(url)` and
 * `new Worker(url, { type: 'module' })`, so apps ship one file. Requests and replies carry plain data; replies
 * transfer the spectra.
 *
 * Two services: a whole IR (PrepareRequest → one PreparedImpulse; offline contexts, which need all of it before
 * rendering), and the tail of an IR whose head the main thread prepared (StreamRequest → its parts, one reply
 * per batch, in the order a new engine needs them; CancelRequest stops a tail that a newer IR superseded).
 */
import {
  ImpulseTail,
  prepareImpulse,
  preparedTransferables,
  type ImpulsePart,
  type PartitionPlan,
  type PreparedImpulse,
} from '../src/engine/index.js';
import { TailPump } from './tail-pump.js';

export interface PrepareRequest {
  id: number;
  channels: Float32Array[];
  blockSize: number;
  scale: number;
}

export interface StreamRequest {
  type: 'stream';
  id: number;
  /** IR frames from `origin` on (transferred). */
  channels: Float32Array[];
  origin: number; // frames
  plan: PartitionPlan;
  scale: number;
  headFrames: number; // frames
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export type WorkerRequest = PrepareRequest | StreamRequest | CancelRequest;

export type PrepareReply =
  | { id: number; impulse: PreparedImpulse }
  | { id: number; error: string }
  | { id: number; part: ImpulsePart }
  | { id: number; done: true };

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: PrepareReply, transfer?: Transferable[]): void;
}

/** Whether this module is running in a dedicated Worker (and not in an AudioWorkletGlobalScope or a page). */
export function isWorkerScope(): boolean {
  const scope = globalThis as { importScripts?: unknown; document?: unknown; registerProcessor?: unknown };
  return typeof scope.importScripts === 'function' && scope.document === undefined && scope.registerProcessor === undefined;
}

/** A MessageChannel yields to the next task without the ≥ 4 ms clamp of nested timers. */
function messageScheduler(): (run: () => void) => void {
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (run) => {
    queue.push(run);
    channel.port2.postMessage(null);
  };
}

export function servePrepareRequests(): void {
  const scope = globalThis as unknown as WorkerScope;
  const pump = new TailPump(messageScheduler());
  scope.onmessage = (event) => {
    const request = event.data;
    if ('type' in request) {
      if (request.type === 'cancel') pump.cancel(request.id);
      else serveStream(scope, pump, request);
      return;
    }
    const { id, channels, blockSize, scale } = request;
    try {
      const impulse = prepareImpulse(channels, { blockSize, scale });
      scope.postMessage({ id, impulse }, preparedTransferables(impulse));
    } catch (error) {
      scope.postMessage({ id, error: errorText(error) });
    }
  };
}

function serveStream(scope: WorkerScope, pump: TailPump, request: StreamRequest): void {
  const { id, channels, origin, plan, scale, headFrames } = request;
  pump.add(id, new ImpulseTail(channels, plan, scale, headFrames, origin), (part, error) => {
    if (error !== undefined) scope.postMessage({ id, error });
    else if (part === null) scope.postMessage({ id, done: true });
    else scope.postMessage({ id, part }, part.spectra.map((s) => s.buffer as ArrayBuffer));
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
