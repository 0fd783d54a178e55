/**
 * The IR synthesizer: a damped noise reverb (RT60, pre-delay, high-frequency damping). With live preview on,
 * every slider move re-synthesizes and swaps the IR in (debounced; the node crossfades, so it never clicks).
 */
import { synthesizeNoiseReverb, type ImpulseBuffer } from '../src/ir/index.js';
import { bindRange, byId } from './dom.js';
import { guard } from './errors.js';

const DEBOUNCE = 150; // ms after the last slider move before re-synthesizing

export interface SynthSettings {
  rt60: number; // s
  preDelay: number; // s
  hfRatio: number; // high-band RT60 / rt60
}

export function synthesize(settings: SynthSettings, sampleRate: number): ImpulseBuffer {
  return synthesizeNoiseReverb({ sampleRate, channels: 2, ...settings });
}

export function describeSynth(s: SynthSettings): string {
  return `Synthesized: RT60 ${s.rt60.toFixed(1)} s, pre-delay ${Math.round(s.preDelay * 1000)} ms, damping ${s.hfRatio.toFixed(2)}`;
}

/** Wires the panel; `use` receives the new IR and its description. */
export function bindSynthPanel(sampleRate: () => number, use: (impulse: ImpulseBuffer, name: string) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const live = byId('synth-live', HTMLInputElement);
  const read = (): SynthSettings => ({ rt60: rt60(), preDelay: preDelay() / 1000, hfRatio: damping() });
  const apply = guard('Synthesizing the IR failed', () => {
    const settings = read();
    use(synthesize(settings, sampleRate()), describeSynth(settings));
  });
  const preview = () => {
    if (!live.checked) return;
    clearTimeout(timer);
    timer = setTimeout(apply, DEBOUNCE);
  };
  const rt60 = bindRange('synth-rt60', (v) => `${v.toFixed(1)} s`, preview);
  const preDelay = bindRange('synth-predelay', (v) => `${v} ms`, preview);
  const damping = bindRange('synth-damping', (v) => v.toFixed(2), preview);
  clearTimeout(timer); // the initial bindRange calls must not swap the IR before the user asks
  byId('synth-use', HTMLButtonElement).addEventListener('click', apply);
}
