/**
 * Runs `run` in a later task of this thread: a MessageChannel in pages (no ≥ 4 ms clamp of nested timers), a
 * timer elsewhere (Node: unref'd, so it never keeps a finished process alive). For main-thread work split off
 * the `buffer` setter: the tail's copy, the head memory's refill. Allocates: main thread only.
 */
export const nextTask: (run: () => void) => void = (() => {
  if (typeof document === 'undefined' || typeof MessageChannel !== 'function') {
    return (run: () => void) => (setTimeout(run, 0) as unknown as { unref?: () => void }).unref?.();
  }
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (run: () => void) => {
    queue.push(run);
    channel.port2.postMessage(null);
  };
})();
