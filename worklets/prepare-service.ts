/**
 * The worklet module doubles as a module Worker that partitions and transforms IRs off the main thread: the
 * same self-contained file (engine and fft.js inside) serves `audioWorklet.addModule(url)` and
 * `new Worker(url, { type: 'module' })`, so apps ship one file. Requests and replies carry plain data; the
 * reply transfers the spectra.
 */
import { prepareImpulse, preparedTransferables, type PreparedImpulse } from '../src/engine/index.js';

export interface PrepareRequest {
  id: number;
  channels: Float32Array[];
  blockSize: number;
  scale: number;
}

export type PrepareReply = { id: number; impulse: PreparedImpulse } | { id: number; error: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<PrepareRequest>) => void) | null;
  postMessage(message: PrepareReply, transfer?: Transferable[]): void;
}

/** Whether this module is running in a dedicated Worker (and not in an AudioWorkletGlobalScope or a page). */
export function isWorkerScope(): boolean {
  const scope = globalThis as { importScripts?: unknown; document?: unknown; registerProcessor?: unknown };
  return typeof scope.importScripts === 'function' && scope.document === undefined && scope.registerProcessor === undefined;
}

export function servePrepareRequests(): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (event) => {
    const { id, channels, blockSize, scale } = event.data;
    try {
      const impulse = prepareImpulse(channels, { blockSize, scale });
      scope.postMessage({ id, impulse }, preparedTransferables(impulse));
    } catch (error) {
      scope.postMessage({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  };
}
