/**
 * Makes a `buffer` set before `startRendering()` (or while an offline context is suspended) apply from the very
 * next rendered frame, although the IR reaches the processor by an asynchronous port message.
 *
 * Why: the spec's ConvolverNode takes the buffer synchronously; an AudioWorkletNode cannot. So the first time a
 * node delivers an IR on a context, this shadows that context's own `startRendering` and `resume` with versions
 * that first wait until every delivery in flight has been acknowledged by its processor (bounded by
 * ACK_TIMEOUT_MS, so a lost processor never hangs rendering). When nothing is in flight they call straight
 * through. Works for native contexts, standardized-audio-context wrappers (the method the user calls is the
 * wrapper's) and node-web-audio-api.
 *
 * Allocates: main thread only.
 */
const ACK_TIMEOUT_MS = 10_000; // ms: far above a Worker preparing a 60 s IR plus a message round trip

const inFlight = new WeakMap<object, Set<Promise<void>>>();
const GATED_METHODS = ['startRendering', 'resume'] as const;

/** Registers a delivery that rendering on `context` must wait for. */
export function holdRendering(context: object, delivered: Promise<void>): void {
  let pending = inFlight.get(context);
  if (pending === undefined) {
    pending = new Set();
    inFlight.set(context, pending);
    gate(context, pending);
  }
  const bounded = Promise.race([delivered, delay(ACK_TIMEOUT_MS)]).catch(() => undefined);
  const set = pending;
  set.add(bounded);
  void bounded.then(() => set.delete(bounded));
}

function gate(context: object, pending: Set<Promise<void>>): void {
  const target = context as Record<string, unknown>;
  // Only offline contexts: a realtime AudioContext's resume() may need the user gesture it is called in
  // (Safari's autoplay policy wants it synchronous), and real time promises no exact frame anyway.
  if (typeof target.startRendering !== 'function') return;
  for (const name of GATED_METHODS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(context, name, {
      configurable: true,
      writable: true,
      value: function gated(this: unknown, ...args: unknown[]): unknown {
        if (pending.size === 0) return original.apply(this, args);
        return Promise.all([...pending]).then(() => original.apply(this, args));
      },
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    // Node: a pending timer must not keep a finished process alive.
    (timer as unknown as { unref?: () => void }).unref?.();
  });
}
