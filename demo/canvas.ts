/** Canvas helpers shared by the plots and the spectrum: crisp HiDPI sizing, grid lines, labels. */
export interface Plot {
  g: CanvasRenderingContext2D;
  width: number; // CSS px
  height: number; // CSS px
}

export const COLORS = Object.freeze({
  grid: 'rgba(255, 255, 255, 0.12)',
  label: 'rgba(230, 237, 243, 0.75)',
  traces: ['#58a6ff', '#f78166', '#7ee787', '#d2a8ff'],
  marker: '#e3b341',
});

/** Sizes the backing store to the element's CSS size × devicePixelRatio and clears it. */
export function preparePlot(canvas: HTMLCanvasElement): Plot {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, canvas.clientWidth);
  const height = Math.max(1, canvas.clientHeight);
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  if (g === null) throw new Error('canvas 2D context is unavailable; expected a browser with canvas support');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  return { g, width, height };
}

/** A vertical grid line at x with a label at the bottom. */
export function verticalLine(plot: Plot, x: number, label: string): void {
  const { g, height } = plot;
  g.strokeStyle = COLORS.grid;
  g.beginPath();
  g.moveTo(x + 0.5, 0);
  g.lineTo(x + 0.5, height);
  g.stroke();
  const textWidth = g.measureText(label).width;
  // Near the right edge the label goes to the left of its line instead of being cut off.
  drawLabel(plot, label, x + 3 + textWidth > plot.width ? x - 3 - textWidth : x + 3, height - 4);
}

/** A horizontal grid line at y with a label at the left. */
export function horizontalLine(plot: Plot, y: number, label: string): void {
  const { g, width } = plot;
  g.strokeStyle = COLORS.grid;
  g.beginPath();
  g.moveTo(0, y + 0.5);
  g.lineTo(width, y + 0.5);
  g.stroke();
  drawLabel(plot, label, 3, y - 3);
}

/** Text on a dark backdrop, so traces under it never make it unreadable. */
function drawLabel(plot: Plot, text: string, x: number, baseline: number): void {
  if (text === '') return;
  const { g } = plot;
  const width = g.measureText(text).width;
  g.fillStyle = 'rgba(15, 23, 32, 0.75)';
  g.fillRect(x - 2, baseline - 10, width + 4, 13);
  g.fillStyle = COLORS.label;
  g.fillText(text, x, baseline);
}

/** Log-frequency axis: x position of `frequency` Hz between 20 Hz and `top` Hz. */
export function logX(frequency: number, top: number, width: number): number {
  const low = Math.log10(20);
  return ((Math.log10(Math.max(frequency, 1)) - low) / (Math.log10(top) - low)) * width;
}

/** Grid lines at 100 Hz, 1 kHz and 10 kHz on a log-frequency axis. */
export function frequencyGrid(plot: Plot, top: number): void {
  for (const [f, label] of [[100, '100 Hz'], [1000, '1 kHz'], [10000, '10 kHz']] as const) {
    if (f < top) verticalLine(plot, logX(f, top, plot.width), label);
  }
}

/** A short note in the top-right corner (e.g. the RT60). */
export function cornerNote(plot: Plot, text: string): void {
  const { g, width } = plot;
  const textWidth = g.measureText(text).width;
  g.fillStyle = 'rgba(15, 23, 32, 0.75)';
  g.fillRect(width - 8 - textWidth, 3, textWidth + 4, 14);
  g.fillStyle = COLORS.marker;
  g.fillText(text, width - 6 - textWidth, 14);
}
