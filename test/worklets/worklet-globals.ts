// Stand-ins for the AudioWorkletGlobalScope, so Node tests can construct ConvolverProcessor and call process()
// directly. Import this before the processor module (its base class is read at import time). Kept out of the
// shared vitest setup so that no other test sees these globals.
export interface FakePort {
  onmessage: ((event: { data: unknown }) => void) | null;
  sent: unknown[];
  postMessage(message: unknown): void;
  /** Delivers a message to the processor, as the node's port would. */
  deliver(message: unknown): void;
}

class FakeAudioWorkletProcessor {
  readonly port: FakePort = {
    onmessage: null,
    sent: [],
    postMessage(message: unknown) {
      this.sent.push(message);
    },
    deliver(message: unknown) {
      this.onmessage?.({ data: message });
    },
  };
}

const scope = globalThis as Record<string, unknown>;
scope.AudioWorkletProcessor ??= FakeAudioWorkletProcessor;
scope.registerProcessor ??= (name: string, ctor: unknown) => {
  const registry = (scope.__registeredProcessors ??= new Map()) as Map<string, unknown>;
  registry.set(name, ctor);
};
scope.sampleRate ??= 48000;
scope.currentTime ??= 0;
