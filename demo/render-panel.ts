/**
 * The offline-render button. The render runs the current source (the microphone is
 * recorded first, for as long as the render) through the current IR with the current settings.
 */
import type { AudioGraph, ConvolverChoice } from './audio-graph.js';
import type { ControlValues } from './controls.js';
import { bindRange, byId } from './dom.js';
import { guard } from './errors.js';
import { downloadWav, recordStream, renderOffline, type RenderResult, type RenderSettings } from './offline-render.js';
import type { Sources } from './sources.js';
import { workletUrl } from './worklet-url.js';

export interface RenderContext {
  graph: AudioGraph;
  sources: Sources;
  controls: ControlValues;
}

export interface RenderSummary {
  frames: number;
  channels: number;
  sampleRate: number; // Hz
  peak: number; // linear
  elapsed: number; // ms
  convolver: 'ours' | 'native' | 'bypass';
}

let last: RenderSummary | null = null;

/** The latest finished render, for the test hook. */
export function lastRender(): RenderSummary | null {
  return last;
}

/** Wires the render button; returns a reader of the render length slider (s). */
export function bindRenderPanel(current: () => RenderContext | null): () => number {
  const seconds = bindRange('render-seconds', (s) => `${s} s`, () => undefined);
  const button = byId('render', HTMLButtonElement);
  const info = byId('render-info', HTMLParagraphElement);
  button.addEventListener('click', guard('Offline render failed', async () => {
    const now = current();
    if (now === null) throw new Error('nothing to render yet; press Start first');
    button.disabled = true;
    try {
      const source = await currentSource(now, seconds(), info);
      info.textContent = 'Rendering…';
      const c = now.controls;
      const result = await renderOffline(settingsFor(now, source.buffer, seconds(), c.choice));
      const convolver = c.bypass ? 'bypass' : c.choice;
      last = summary(result, convolver);
      info.textContent = describe(result, convolver, source.name);
      downloadWav(result, `${fileStem(source.name)}-reverb.wav`);
    } finally {
      button.disabled = false;
    }
  }));
  return seconds;
}

/** The buffer behind the current source; the microphone is recorded for `seconds` first. */
export async function currentSource(
  now: RenderContext, seconds: number, info: HTMLElement,
): Promise<{ buffer: AudioBuffer; name: string }> {
  const source = now.sources.buffer;
  if (source !== null) return source;
  const stream = now.sources.stream;
  if (stream === null) throw new Error('the current source has no audio to render; expected the loop, a file or the microphone');
  info.textContent = `Recording ${seconds} s from the microphone…`;
  return { buffer: await recordStream(stream, seconds, now.graph.context), name: 'microphone' };
}

/** The page's current settings as render settings, with convolver `choice`. */
export function settingsFor(now: RenderContext, source: AudioBuffer, seconds: number, choice: ConvolverChoice): RenderSettings {
  const impulse = now.graph.impulse;
  if (impulse === null) throw new Error('there is no impulse response yet; choose one from the library');
  const c = now.controls;
  return {
    source, seconds, impulse, choice, bypass: c.bypass, normalize: now.graph.normalize,
    wet: c.wet, dry: c.dry, outputGain: c.outputGain, moduleUrl: workletUrl,
  };
}

function summary(result: RenderResult, convolver: RenderSummary['convolver']): RenderSummary {
  return {
    frames: result.channels[0].length,
    channels: result.channels.length,
    sampleRate: result.sampleRate,
    peak: result.peak,
    elapsed: result.elapsed,
    convolver,
  };
}

function describe(result: RenderResult, convolver: RenderSummary['convolver'], sourceName: string): string {
  const seconds = result.channels[0].length / result.sampleRate;
  const speed = seconds / (result.elapsed / 1000);
  const engine = convolver === 'ours' ? 'web-convolver' : convolver === 'native' ? 'the browser\'s ConvolverNode' : 'no convolver (bypass)';
  const peakDb = 20 * Math.log10(Math.max(result.peak, 1e-9));
  return `Rendered ${sourceName}: ${seconds.toFixed(2)} s (tail included) in ${result.elapsed.toFixed(0)} ms, ` +
    `${speed.toFixed(1)}× real time with ${engine}; peak ${peakDb.toFixed(1)} dBFS` +
    `${result.scaled ? ' (scaled down to avoid clipping)' : ''}. Downloaded as WAV.`;
}

function fileStem(name: string): string {
  return name.replace(/\.[^.]+$/, '').replace(/[^\w-]+/g, '-') || 'render';
}
