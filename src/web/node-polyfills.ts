/**
 * node-web-audio-api 2.x calls `Promise.withResolvers` (Node ≥ 22) when a worklet module is added, and its
 * 'node-web-audio-api/polyfill' entry writes to `globalThis.navigator` (Node ≥ 21). The package supports
 * Node ≥ 20, so under Node, registerConvolverWorklet and createConvolverNode define the two when missing —
 * spec-shaped, and only then: newer Node and browsers are left untouched. Call it yourself before importing
 * 'node-web-audio-api/polyfill' on Node 20. Allocates: once.
 */
type Resolvers<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };

export function installNodePolyfills(): void {
  const processLike = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof processLike?.versions?.node !== 'string') return; // not Node: browsers have both or need neither
  const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
  if (typeof P.withResolvers !== 'function') {
    Object.defineProperty(Promise, 'withResolvers', {
      configurable: true,
      writable: true,
      value: function withResolvers<T>(): Resolvers<T> {
        let resolve!: (value: T) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        return { promise, resolve, reject };
      },
    });
  }
  if ((globalThis as { navigator?: unknown }).navigator === undefined) {
    const userAgent = `Node.js/${processLike.versions.node}`; // the form Node 21+ gives navigator.userAgent
    Object.defineProperty(globalThis, 'navigator', { configurable: true, writable: true, value: { userAgent } });
  }
}
