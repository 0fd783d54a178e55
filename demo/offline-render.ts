/**
 * Offline render: the current source through the current IR, with the page's settings, in an
 * OfflineAudioContext as fast as the machine allows, then a 24-bit WAV download. The tail is rendered in full.
 * With A selected it runs our worklet; with B the browser's ConvolverNode: the time taken compares their cost.
 */
import { createConvolverNode } from '../src/web/index.js';
import { encodeWav, type ImpulseBuffer } from '../src/ir/index.js';
import type { ConvolverChoice } from './audio-graph.js';
import { toAudioBuffer } from './audio-buffers.js';

export interface RenderSettings {
  source: AudioBuffer;
  seconds: number; // of source, looped if the source is shorter
  impulse: ImpulseBuffer; // at the source's sample rate
  choice: ConvolverChoice;
  bypass: boolean;
  normalize: boolean;
  wet: number; // linear
  dry: number; // linear
  outputGain: number; // linear
  moduleUrl: string;
}

export interface RenderResult {
  channels: Float32Array[];
  sampleRate: number; // Hz
  elapsed: number; // ms of wall-clock time spent rendering
  peak: number; // linear, after the safety scaling
  scaled: boolean; // true when the render was scaled down to avoid clipping
}

const MAX_PEAK = 0.99; // linear: a louder render is scaled down so the 24-bit file never clips

export async function renderOffline(s: RenderSettings): Promise<RenderResult> {
  const sampleRate = s.source.sampleRate;
  const sourceFrames = Math.round(s.seconds * sampleRate);
  const tail = s.bypass ? 0 : s.impulse.length;
  const context = new OfflineAudioContext({ numberOfChannels: 2, length: sourceFrames + tail, sampleRate });
  const source = new AudioBufferSourceNode(context, { buffer: s.source, loop: true });
  const output = new GainNode(context, { gain: s.outputGain });
  output.connect(context.destination);
  if (s.bypass) source.connect(output);
  else if (s.choice === 'ours') {
    const node = await createConvolverNode(context, {
      moduleUrl: s.moduleUrl,
      buffer: s.impulse,
      disableNormalization: !s.normalize,
      wet: s.wet,
      dry: s.dry,
    });
    source.connect(node).connect(output);
    // Time the rendering only, as for the native node (whose IR is ready when its constructor returns): wait
    // until our IR has been prepared in its Worker and has reached the processor.
    await node.applied();
  } else {
    const native = new ConvolverNode(context, { buffer: toAudioBuffer(s.impulse), disableNormalization: !s.normalize });
    source.connect(native).connect(new GainNode(context, { gain: s.wet })).connect(output);
    source.connect(new GainNode(context, { gain: s.dry })).connect(output);
  }
  source.start(0);
  source.stop(s.seconds);
  const started = performance.now();
  const rendered = await context.startRendering();
  const elapsed = performance.now() - started;
  const channels = Array.from({ length: rendered.numberOfChannels }, (_, c) => rendered.getChannelData(c));
  let peak = 0;
  for (const data of channels) for (let i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i]));
  if (!Number.isFinite(peak)) throw new Error(`the render contains non-finite samples (peak ${peak}); expected finite audio`);
  const scaled = peak > MAX_PEAK;
  if (scaled) {
    const gain = MAX_PEAK / peak;
    for (const data of channels) for (let i = 0; i < data.length; i++) data[i] *= gain;
    peak = MAX_PEAK;
  }
  return { channels, sampleRate, elapsed, peak, scaled };
}

/** Offers the render as a WAV file download. */
export function downloadWav(result: RenderResult, fileName: string): void {
  const bytes = encodeWav(result.channels, result.sampleRate, '24');
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser may still be reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Records `seconds` of the microphone so it can be rendered offline (a live stream has no buffer to re-run).
 * Decoded at the context's rate.
 */
export async function recordStream(stream: MediaStream, seconds: number, context: BaseAudioContext): Promise<AudioBuffer> {
  if (typeof MediaRecorder !== 'function') throw new Error('MediaRecorder is unavailable; expected a browser that can record audio');
  const recorder = new MediaRecorder(stream);
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise<void>((resolve, reject) => {
    recorder.onstop = () => resolve();
    recorder.onerror = (event) => reject(new Error(`recording the microphone failed: ${String((event as ErrorEvent).error ?? event.type)}`));
  });
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  recorder.stop();
  await stopped;
  const blob = new Blob(chunks, { type: recorder.mimeType });
  return context.decodeAudioData(await blob.arrayBuffer());
}
