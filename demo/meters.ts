/**
 * The live pictures, redrawn every animation frame: input and output levels, the output spectrum, the
 * worklet's load telemetry and the context's latencies. Levels are also readable on demand (the test hook).
 */
import type { AudioGraph } from './audio-graph.js';
import { COLORS, frequencyGrid, horizontalLine, logX, preparePlot } from './canvas.js';
import { LoadReadout } from './load-readout.js';
import { isGeckoWebAudio } from '../src/web/gecko.js';

const SILENCE = -120; // dBFS reported for digital silence
const SPECTRUM_TOP = 0; // dBFS at the top of the spectrum plot
const SPECTRUM_BOTTOM = -110; // dBFS at its bottom
const FALL = 0.4; // dB per animation frame (~24 dB/s at 60 Hz): meters fall slowly so short sounds stay readable
/**
 * Firefox's `outputLatency` can freeze the page for good, so the page does not read it there. In Firefox (ESR
 * 153, Linux, PulseAudio; audio in a separate process) the getter asks the audio server over IPC while holding
 * the page's audio-graph lock, and asks again on every read until the answer is non-zero. When the question
 * arrives while the server waits for this page's audio callback, the server cannot answer, the callback waits
 * for the graph thread, the graph thread waits for that lock, and the main thread waits for the answer: a
 * deadlock (native stacks in docs/web.md). Read every frame from Start it froze the page in about half the
 * runs; one read a second after the context ran, in 1 of 8.
 */
const READ_OUTPUT_LATENCY = !isGeckoWebAudio();

export interface Levels {
  input: number; // dBFS, RMS over the analyser's window
  output: number; // dBFS
}

export class Meters {
  readonly #graph: AudioGraph;
  readonly #samples: Float32Array<ArrayBuffer>;
  readonly #spectrum: Float32Array<ArrayBuffer>;
  readonly #load: LoadReadout;
  #running = false;
  #shown: Levels = { input: SILENCE, output: SILENCE };

  constructor(graph: AudioGraph) {
    this.#graph = graph;
    this.#load = new LoadReadout(graph.context.currentTime);
    this.#samples = new Float32Array(Math.max(graph.inputAnalyser.fftSize, graph.outputAnalyser.fftSize));
    this.#spectrum = new Float32Array(graph.outputAnalyser.frequencyBinCount);
  }

  levels(): Levels {
    return { input: this.#rms(this.#graph.inputAnalyser), output: this.#rms(this.#graph.outputAnalyser) };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const frame = () => {
      this.#draw();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  #rms(analyser: AnalyserNode): number {
    const data = this.#samples.subarray(0, analyser.fftSize);
    analyser.getFloatTimeDomainData(data);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
    const rms = Math.sqrt(sum / data.length);
    return rms > 0 ? Math.max(SILENCE, 20 * Math.log10(rms)) : SILENCE;
  }

  #draw(): void {
    const now = this.levels();
    const input = Math.max(now.input, this.#shown.input - FALL);
    const output = Math.max(now.output, this.#shown.output - FALL);
    this.#shown = { input, output };
    showLevel('input', input);
    showLevel('output', output);
    this.#drawSpectrum();
    this.#showLoad();
    const context = this.#graph.context;
    text('latency-base', milliseconds(context.baseLatency));
    text('latency-output', READ_OUTPUT_LATENCY ? milliseconds(context.outputLatency) : 'not read in Firefox (it can freeze the page)');
    text('sample-rate', `${context.sampleRate} Hz`);
  }

  #drawSpectrum(): void {
    const canvas = document.getElementById('spectrum') as HTMLCanvasElement;
    const plot = preparePlot(canvas);
    const { g, width, height } = plot;
    const analyser = this.#graph.outputAnalyser;
    analyser.getFloatFrequencyData(this.#spectrum);
    const nyquist = this.#graph.context.sampleRate / 2;
    const y = (db: number) => ((SPECTRUM_TOP - Math.max(db, SPECTRUM_BOTTOM)) / (SPECTRUM_TOP - SPECTRUM_BOTTOM)) * height;
    g.strokeStyle = COLORS.traces[0];
    g.beginPath();
    const bins = this.#spectrum.length;
    for (let k = 1; k < bins; k++) {
      const x = logX((k / bins) * nyquist, nyquist, width);
      if (k === 1) g.moveTo(x, y(this.#spectrum[k]));
      else g.lineTo(x, y(this.#spectrum[k]));
    }
    g.stroke();
    // Grid last: its labels sit on a backdrop above the trace.
    frequencyGrid(plot, nyquist);
    for (const db of [-30, -60, -90]) horizontalLine(plot, y(db), `${db} dBFS`);
  }

  #showLoad(): void {
    if (this.#graph.choice === 'native') {
      // The browser's ConvolverNode runs inside the audio thread with no per-node timing to read.
      for (const id of ['load-mean', 'load-peak', 'load-max', 'load-over']) text(id, 'n/a for ConvolverNode');
      return;
    }
    const telemetry = this.#graph.ours.telemetry;
    if (telemetry === null) return;
    text('load-mean', `${(telemetry.meanLoad * 100).toFixed(1)} % of budget`);
    text('load-peak', `${(telemetry.peakLoad * 100).toFixed(1)} % of budget`);
    // Counted after a warm-up: the first blocks after Start or an IR change are cold (see load-readout.ts).
    const { worst, over } = this.#load.update(telemetry, this.#graph.context.currentTime, this.#graph.ours.buffer);
    text('load-max', worst === null ? 'warming up' : `${(worst * 100).toFixed(1)} % of budget`);
    text('load-over', over === null ? 'warming up' : over === 1 ? '1 block' : `${over} blocks`);
    document.getElementById('load-over')?.classList.toggle('over', over !== null && over > 0);
  }
}

function showLevel(which: 'input' | 'output', db: number): void {
  const meter = document.getElementById(`${which}-meter`) as HTMLMeterElement;
  meter.value = Math.max(meter.min, db);
  text(`${which}-level`, db <= SILENCE ? 'silent' : `${db.toFixed(1)} dBFS`);
}

function text(id: string, value: string): void {
  const element = document.getElementById(id);
  if (element !== null && element.textContent !== value) element.textContent = value;
}

function milliseconds(seconds: number | undefined): string {
  return seconds === undefined || !Number.isFinite(seconds) ? 'not reported' : `${(seconds * 1000).toFixed(1)} ms`;
}
