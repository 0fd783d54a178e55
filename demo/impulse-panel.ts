/**
 * The current IR: chosen from the library, loaded from a file or synthesized; given to the graph (both
 * convolvers), drawn, and described. A newer request always wins over a slower older one.
 */
import type { ImpulseBuffer } from '../src/ir/index.js';
import type { AudioGraph } from './audio-graph.js';
import { byId } from './dom.js';
import { drawImpulsePlots } from './ir-plots.js';
import { libraryItems, type LibraryItem } from './ir-library.js';

const CUSTOM = 'custom'; // value of the list entry that stands for a file or synthesized IR

export class ImpulsePanel {
  readonly items: LibraryItem[] = libraryItems();
  readonly #select = byId('ir-library', HTMLSelectElement);
  #graph: AudioGraph | null = null;
  #request = 0;
  #name = '';
  // Shown selected (and disabled) in the list while an IR from outside the library plays.
  readonly #custom = new Option('', CUSTOM, false, false);

  constructor() {
    for (const item of this.items) this.#select.add(new Option(item.name, item.id));
    this.#custom.disabled = true;
    this.#describe();
    this.#select.addEventListener('change', () => this.#describe());
  }

  /** Name of the IR playing now. */
  get name(): string {
    return this.#name;
  }

  attach(graph: AudioGraph): void {
    this.#graph = graph;
  }

  /** Loads the library entry selected in the list. */
  async loadSelected(): Promise<void> {
    const item = this.items.find((i) => i.id === this.#select.value);
    if (item === undefined) throw new Error(`library entry "${this.#select.value}" is unknown; expected one of the listed IRs`);
    const request = ++this.#request;
    const impulse = await item.load(this.#requireGraph().context.sampleRate);
    if (request === this.#request) {
      this.use(impulse, item.name);
      this.#custom.remove();
    }
  }

  /** Loads an IR from a promise (a file being decoded) unless a newer request arrives first. */
  async useWhenReady(pending: Promise<ImpulseBuffer>, name: string): Promise<void> {
    const request = ++this.#request;
    const impulse = await pending;
    if (request === this.#request) this.useCustom(impulse, name);
  }

  /** As `use`, for an IR from outside the library: the list shows it as the current choice. */
  useCustom(impulse: ImpulseBuffer, name: string): void {
    this.use(impulse, name);
    this.#custom.text = `Custom: ${name}`;
    this.#select.add(this.#custom, 0);
    this.#select.value = CUSTOM;
    this.#describe();
  }

  /** Plays `impulse` now (throws, changing nothing, when the node rejects it) and draws it. */
  use(impulse: ImpulseBuffer, name: string): void {
    const request = ++this.#request;
    const timing = this.#requireGraph().setImpulse(impulse);
    const shown = byId('ir-timing', HTMLParagraphElement);
    const native = `B (ConvolverNode): blocked the page ${timing.nativeBlockMs.toFixed(1)} ms, then heard from its next block.`;
    shown.textContent = `IR change — A (web-convolver): blocked the page ${timing.oursBlockMs.toFixed(1)} ms, heard after … · ${native}`;
    void timing.oursHeardMs.then((ms) => {
      if (request !== this.#request) return;
      shown.textContent =
        `IR change — A (web-convolver): blocked the page ${timing.oursBlockMs.toFixed(1)} ms, heard ${ms.toFixed(0)} ms ` +
        `after (its tail streams in meanwhile) · ${native}`;
    });
    this.#name = name;
    this.#draw(impulse, name);
  }

  /** Redraws the plots (after a resize) without touching the audio. */
  redraw(): void {
    const impulse = this.#graph?.impulse;
    if (impulse != null) this.#draw(impulse, this.#name);
  }

  #draw(impulse: ImpulseBuffer, name: string): void {
    const analysis = drawImpulsePlots(impulse, {
      waveform: byId('plot-waveform', HTMLCanvasElement),
      decay: byId('plot-decay', HTMLCanvasElement),
      response: byId('plot-response', HTMLCanvasElement),
    });
    const rt60 = Number.isFinite(analysis.rt60) ? `RT60 ${analysis.rt60.toFixed(2)} s` : 'RT60 not measurable';
    byId('ir-info', HTMLParagraphElement).textContent =
      `Playing: ${name}. ${analysis.channels} channel${analysis.channels > 1 ? 's' : ''}, ` +
      `${analysis.duration.toFixed(2)} s at ${analysis.sampleRate} Hz, ${rt60}, ` +
      `pre-delay ${(analysis.preDelay * 1000).toFixed(1)} ms, peak ${analysis.peakDb.toFixed(1)} dBFS.`;
    byId('decay-caption', HTMLElement).textContent = `Energy decay curve (${rt60})`;
  }

  #describe(): void {
    const item = this.items.find((i) => i.id === this.#select.value);
    byId('ir-description', HTMLParagraphElement).textContent =
      this.#select.value === CUSTOM ? 'An IR from outside the library; choose an entry to go back.' : item?.description ?? '';
  }

  #requireGraph(): AudioGraph {
    if (this.#graph === null) throw new Error('the audio graph does not exist yet; press Start first');
    return this.#graph;
  }
}
