/**
 * Pictures of the current IR: waveform (min/max per pixel column, channels overlaid), the energy decay curve
 * by Schroeder backward integration with the RT60 fit, and the magnitude response of each channel.
 */
import { analyzeImpulse, channelsOf, energyDecayCurve, type ImpulseAnalysis, type ImpulseBuffer } from '../src/ir/index.js';
import { COLORS, cornerNote, frequencyGrid, horizontalLine, preparePlot, verticalLine, type Plot } from './canvas.js';
import { magnitudeDb } from './fft-magnitude.js';

const DECAY_FLOOR = -80; // dB: bottom of the decay plot
const RESPONSE_RANGE = 60; // dB shown below the response's maximum
const RESPONSE_CHANNELS = 2; // the first two channels are enough to see a stereo IR's balance

/** Draws all three plots; returns the analysis (RT60, pre-delay, peak) for the captions. */
export function drawImpulsePlots(impulse: ImpulseBuffer, canvases: {
  waveform: HTMLCanvasElement;
  decay: HTMLCanvasElement;
  response: HTMLCanvasElement;
}): ImpulseAnalysis {
  const channels = channelsOf(impulse);
  const analysis = analyzeImpulse(impulse);
  drawWaveform(preparePlot(canvases.waveform), channels, impulse.sampleRate);
  drawDecay(preparePlot(canvases.decay), channels, impulse.sampleRate, analysis);
  drawResponse(preparePlot(canvases.response), channels, impulse.sampleRate);
  // The pictures' gist in words, for screen readers.
  const seconds = (impulse.length / impulse.sampleRate).toFixed(2);
  canvases.waveform.setAttribute('aria-label', `IR waveform: ${impulse.numberOfChannels} channels, ${seconds} s`);
  canvases.decay.setAttribute('aria-label', Number.isFinite(analysis.rt60)
    ? `Energy decay curve: RT60 ${analysis.rt60.toFixed(2)} s by ${analysis.method}`
    : 'Energy decay curve: the decay is too short to fit an RT60');
  canvases.response.setAttribute('aria-label', `Frequency response of the first ${Math.min(impulse.numberOfChannels, RESPONSE_CHANNELS)} IR channels, 20 Hz to ${impulse.sampleRate / 2} Hz`);
  return analysis;
}

function drawWaveform(plot: Plot, channels: Float32Array[], sampleRate: number): void {
  const { g, width, height } = plot;
  const length = channels[0].length;
  let peak = 0;
  for (const data of channels) for (let i = 0; i < length; i++) peak = Math.max(peak, Math.abs(data[i]));
  const scale = peak > 0 ? (height / 2 - 4) / peak : 0;
  timeGrid(plot, length / sampleRate);
  horizontalLine(plot, height / 2, '');
  channels.forEach((data, c) => {
    g.strokeStyle = COLORS.traces[c % COLORS.traces.length];
    g.globalAlpha = channels.length > 1 ? 0.7 : 1;
    g.beginPath();
    for (let x = 0; x < width; x++) {
      const from = Math.floor((x / width) * length);
      const to = Math.max(from + 1, Math.floor(((x + 1) / width) * length));
      let low = 0;
      let high = 0;
      for (let i = from; i < to; i++) {
        low = Math.min(low, data[i]);
        high = Math.max(high, data[i]);
      }
      g.moveTo(x + 0.5, height / 2 - high * scale);
      g.lineTo(x + 0.5, height / 2 - low * scale + 1);
    }
    g.stroke();
  });
  g.globalAlpha = 1;
  cornerNote(plot, `${channels.length} ch, ${(length / sampleRate).toFixed(2)} s`);
}

function drawDecay(plot: Plot, channels: Float32Array[], sampleRate: number, analysis: ImpulseAnalysis): void {
  const { g, width, height } = plot;
  const curve = energyDecayCurve(channels);
  const duration = curve.length / sampleRate;
  const y = (db: number) => (Math.max(db, DECAY_FLOOR) / DECAY_FLOOR) * height;
  g.strokeStyle = COLORS.traces[0];
  g.lineWidth = 1.5;
  g.beginPath();
  for (let x = 0; x < width; x++) {
    const i = Math.min(curve.length - 1, Math.floor((x / width) * curve.length));
    if (x === 0) g.moveTo(x, y(curve[i]));
    else g.lineTo(x, y(curve[i]));
  }
  g.stroke();
  g.lineWidth = 1;
  timeGrid(plot, duration);
  for (const db of [-20, -40, -60]) horizontalLine(plot, y(db), `${db} dB`);
  if (Number.isFinite(analysis.rt60)) {
    // The fitted line: 0 dB at the start, −60 dB at RT60 (dashed), as the reader checks it against the curve.
    g.strokeStyle = COLORS.marker;
    g.setLineDash([4, 4]);
    g.beginPath();
    g.moveTo(0, y(0));
    g.lineTo((analysis.rt60 / duration) * width, y(-60));
    g.stroke();
    g.setLineDash([]);
    cornerNote(plot, `RT60 ${analysis.rt60.toFixed(2)} s (${analysis.method})`);
  } else cornerNote(plot, 'RT60: decay too short to fit');
}

function drawResponse(plot: Plot, channels: Float32Array[], sampleRate: number): void {
  const { g, width, height } = plot;
  const nyquist = sampleRate / 2; // Hz
  const spectra = channels.slice(0, RESPONSE_CHANNELS).map((data) => magnitudeDb(data));
  let top = -Infinity;
  for (const s of spectra) for (let k = 1; k < s.length; k++) top = Math.max(top, s[k]);
  const headroom = 20; // px above the maximum, so the corner note sits clear of the trace
  const y = (db: number) => Math.min(height, headroom + ((top - db) / RESPONSE_RANGE) * (height - headroom));
  spectra.forEach((s, c) => {
    const bins = s.length - 1;
    g.strokeStyle = COLORS.traces[c];
    g.beginPath();
    // Per pixel column the loudest bin in its frequency range: a picture of the envelope, not of noise.
    let k = 1;
    for (let x = 0; x < width && k <= bins; x++) {
      const upper = 20 * (nyquist / 20) ** ((x + 1) / width); // Hz at the column's right edge
      const last = Math.max(k, Math.min(bins, Math.round((upper / nyquist) * bins)));
      let loudest = -Infinity;
      for (; k <= last; k++) loudest = Math.max(loudest, s[k]);
      k = last + 1;
      if (x === 0) g.moveTo(x, y(loudest));
      else g.lineTo(x, y(loudest));
    }
    g.stroke();
  });
  frequencyGrid(plot, nyquist);
  for (const db of [-20, -40]) horizontalLine(plot, y(top + db), `${db} dB`);
  cornerNote(plot, `dB re max, to ${(nyquist / 1000).toFixed(1)} kHz`);
}

/** Vertical lines at round times across `duration` seconds. */
function timeGrid(plot: Plot, duration: number): void {
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
  const step = steps.find((s) => duration / s <= 6) ?? 20; // s: at most ~6 labelled lines
  for (let t = step; t < duration; t += step) {
    verticalLine(plot, (t / duration) * plot.width, t < 1 ? `${Math.round(t * 1000)} ms` : `${t} s`);
  }
}
