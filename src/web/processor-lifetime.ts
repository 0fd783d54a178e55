import { isGeckoWebAudio } from './gecko.js';

/**
 * How this page's Web Audio treats an AudioWorkletProcessor whose process() returned false.
 *
 * The spec: a processor that returned false is not called while its node has no active input, and is called
 * again once input becomes active — so an idle node may stop costing anything and still play when a source
 * connects. Firefox does so (Gecko; test/browser/browsers.test.ts shows it with a plain processor whose source
 * starts later). Chromium never calls it again, and keeps the node alive until then: there a realtime node
 * must return true until dispose(). No feature test can tell before audio runs (the difference shows only
 * after a false), so the user agent's Gecko/Firefox token decides, as for the idle output width
 * (channel-config.ts). standardized-audio-context over Firefox is Firefox here too.
 */
export function revivesIdleProcessors(): boolean {
  return isGeckoWebAudio();
}
