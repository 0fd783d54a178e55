/**
 * "Compare A and B": renders the current source through the current IR offline twice, with our node and with
 * the browser's ConvolverNode, and shows each one's speed in × real time. The live page cannot time the
 * native node (it runs inside the audio thread, with no telemetry), so this is where the two costs meet.
 */
import { byId } from './dom.js';
import { guard } from './errors.js';
import { renderOffline } from './offline-render.js';
import { currentSource, settingsFor, type RenderContext } from './render-panel.js';

export interface Comparison {
  ours: number; // × real time
  native: number; // × real time
  seconds: number; // of audio rendered by each, tail included
}

let last: Comparison | null = null;

/** The latest finished comparison, for the test hook. */
export function lastComparison(): Comparison | null {
  return last;
}

export function bindComparePanel(current: () => RenderContext | null, seconds: () => number): void {
  const button = byId('compare', HTMLButtonElement);
  const info = byId('compare-info', HTMLParagraphElement);
  button.addEventListener('click', guard('Comparing A and B failed', async () => {
    const now = current();
    if (now === null) throw new Error('nothing to render yet; press Start first');
    button.disabled = true;
    try {
      const source = await currentSource(now, seconds(), info);
      const speeds: Record<'ours' | 'native', number> = { ours: 0, native: 0 };
      let rendered = 0;
      for (const choice of ['ours', 'native'] as const) {
        info.textContent = `Rendering with ${choice === 'ours' ? 'A' : 'B'}…`;
        const result = await renderOffline({ ...settingsFor(now, source.buffer, seconds(), choice), bypass: false });
        rendered = result.channels[0].length / result.sampleRate;
        speeds[choice] = rendered / (result.elapsed / 1000);
      }
      last = { ...speeds, seconds: rendered };
      info.textContent = `${rendered.toFixed(2)} s of ${source.name} through the current IR: ` +
        `A (web-convolver) ${speeds.ours.toFixed(1)}× real time, B (ConvolverNode) ${speeds.native.toFixed(1)}× ` +
        `real time. One run each on a busy machine varies; repeat to be sure.`;
    } finally {
      button.disabled = false;
    }
  }));
}
