/**
 * The mixing controls: wet, dry, output gain, crossfade time, normalize, bypass and the A/B switch. Bound at
 * page load (so the labels show values before Start) and applied to the graph once it exists.
 */
import type { AudioGraph, ConvolverChoice } from './audio-graph.js';
import { bindRange, byId, formatDb, gainOfDb } from './dom.js';
import { guard } from './errors.js';

export interface ControlValues {
  wet: number; // linear
  dry: number; // linear
  outputGain: number; // linear
  crossfade: number; // s
  normalize: boolean;
  bypass: boolean;
  choice: ConvolverChoice;
}

/** Binds the controls to whatever graph `graph()` returns (null before Start); returns a reader of all values. */
export function bindControls(graph: () => AudioGraph | null): () => ControlValues {
  const wet = bindRange('wet', formatDb, (db) => graph()?.setWet(gainOfDb(db)));
  const dry = bindRange('dry', formatDb, (db) => graph()?.setDry(gainOfDb(db)));
  const gain = bindRange('gain', formatDb, (db) => graph()?.setOutputGain(gainOfDb(db)));
  const crossfade = bindRange('crossfade', (ms) => `${ms} ms`, (ms) => graph()?.setCrossfadeTime(ms / 1000));
  const normalize = byId('normalize', HTMLInputElement);
  const bypass = byId('bypass', HTMLInputElement);
  normalize.addEventListener('change', guard('Changing normalization failed', () => graph()?.setNormalize(normalize.checked)));
  bypass.addEventListener('change', () => graph()?.setBypass(bypass.checked));
  const choices = document.querySelectorAll<HTMLInputElement>('input[name="ab"]');
  const choice = (): ConvolverChoice => (document.querySelector<HTMLInputElement>('input[name="ab"]:checked')?.value === 'native' ? 'native' : 'ours');
  for (const radio of choices) radio.addEventListener('change', () => graph()?.setChoice(choice()));
  return () => ({
    wet: gainOfDb(wet()),
    dry: gainOfDb(dry()),
    outputGain: gainOfDb(gain()),
    crossfade: crossfade() / 1000,
    normalize: normalize.checked,
    bypass: bypass.checked,
    choice: choice(),
  });
}

/** Sets every control's current value on a newly built graph. */
export function applyControls(graph: AudioGraph, values: ControlValues): void {
  graph.setWet(values.wet);
  graph.setDry(values.dry);
  graph.setOutputGain(values.outputGain);
  graph.setCrossfadeTime(values.crossfade);
  graph.setNormalize(values.normalize);
  graph.setBypass(values.bypass);
  graph.setChoice(values.choice);
}
