/**
 * Loads the processor module into a context's AudioWorklet, once per context (concurrent callers share the
 * same promise; a failed load is forgotten so it can be retried).
 *
 * The default URL sits next to the built library (dist/convolver-processor.js); bundlers that understand
 * `new URL('…', import.meta.url)` copy it into the app. Allocates: main thread only.
 */
import { installNodePolyfills } from './node-polyfills.js';

export interface WorkletContext {
  readonly audioWorklet: { addModule(url: string): Promise<void> };
}

const loaded = new WeakMap<object, Promise<void>>();
const urls = new WeakMap<object, string>();

export function defaultWorkletUrl(): URL {
  // A literal on purpose: app bundlers (Vite, webpack 5, Parcel) detect this pattern in dist/ and ship the
  // file. @vite-ignore keeps our own lib build from rewriting it (it would emit `"" + import.meta.url`, which
  // bundlers no longer recognize); vite.config.ts strips the comment from dist so that apps do process it.
  return new URL(/* @vite-ignore */ './convolver-processor.js', import.meta.url);
}

export function registerConvolverWorklet(context: WorkletContext, moduleUrl?: string | URL): Promise<void> {
  const existing = loaded.get(context);
  if (existing !== undefined) return existing;
  if (context.audioWorklet === undefined) {
    return Promise.reject(new TypeError('context has no audioWorklet; expected an AudioContext or OfflineAudioContext'));
  }
  installNodePolyfills(); // node-web-audio-api on Node 20 needs Promise.withResolvers in addModule
  const specifier = moduleSpecifier(moduleUrl ?? defaultWorkletUrl());
  const promise = context.audioWorklet.addModule(specifier);
  loaded.set(context, promise);
  urls.set(context, specifier);
  promise.catch(() => loaded.delete(context));
  return promise;
}

/** The module URL registered on this context: it also runs as the IR-preparation Worker. */
export function workletUrlOf(context: object): string | null {
  return urls.get(context) ?? null;
}

/** Whether registerConvolverWorklet has completed (or is in progress) for this context. */
export function isConvolverWorkletRegistered(context: object): boolean {
  return loaded.has(context);
}

/**
 * Browsers take any URL string. node-web-audio-api takes a file path (it passes `file:` URLs to path functions
 * that reject them), so a `file:` URL becomes its path; no browser page loads worklets from file: URLs.
 */
function moduleSpecifier(url: string | URL): string {
  const parsed = typeof url === 'string' ? tryParse(url) : url;
  if (parsed !== null && parsed.protocol === 'file:') return decodeURIComponent(parsed.pathname);
  return String(url);
}

function tryParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
