/**
 * `window.__demo`: a small read-only window into the page for the end-to-end test (levels after the
 * convolver, what plays, errors shown, the last render). Nothing on the page depends on it.
 */
import type { AudioGraph } from './audio-graph.js';
import { shownErrors } from './errors.js';
import type { Levels, Meters } from './meters.js';
import { lastComparison, type Comparison } from './compare-panel.js';
import { lastRender, type RenderSummary } from './render-panel.js';
import type { Sources } from './sources.js';

export interface DemoHook {
  started(): boolean;
  levels(): Levels | null;
  state(): {
    contextState: AudioContextState | null;
    source: string | null;
    impulse: string;
    impulseChannels: number;
    convolver: string | null;
    telemetry: { meanLoad: number; peakLoad: number; maxLoad: number; overBudget: number } | null;
    crossOriginIsolated: boolean;
  };
  errors(): readonly string[];
  lastRender(): RenderSummary | null;
  lastComparison(): Comparison | null;
}

declare global {
  interface Window {
    __demo?: DemoHook;
  }
}

export function installTestHook(page: {
  app: () => { graph: AudioGraph; sources: Sources; meters: Meters } | null;
  impulseName: () => string;
}): void {
  window.__demo = {
    started: () => page.app() !== null,
    levels: () => page.app()?.meters.levels() ?? null,
    state: () => {
      const app = page.app();
      return {
        contextState: app?.graph.context.state ?? null,
        source: app?.sources.kind ?? null,
        impulse: page.impulseName(),
        impulseChannels: app?.graph.impulse?.numberOfChannels ?? 0,
        convolver: app?.graph.choice ?? null,
        telemetry: app?.graph.ours.telemetry ?? null,
        crossOriginIsolated: window.crossOriginIsolated,
      };
    },
    errors: () => shownErrors(),
    lastRender,
    lastComparison,
  };
}
