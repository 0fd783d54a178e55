/**
 * A custom IR from the file picker or by drag and drop onto the drop zone (and, for convenience, anywhere on
 * the page). WAV is decoded by the IR library in every form; other formats go through decodeAudioData.
 */
import { loadImpulse, type ImpulseBuffer } from '../src/ir/index.js';
import { byId } from './dom.js';
import { showError } from './errors.js';

const MAX_IR_SECONDS = 20; // s: longer files are cut (with a fade) rather than tying up the page

/** Decodes `file` as an IR at the context's rate; errors name the file and say what was expected. */
export async function loadImpulseFile(file: File, context: BaseAudioContext): Promise<ImpulseBuffer> {
  try {
    return await loadImpulse(file, {
      context,
      sampleRate: context.sampleRate,
      maxLength: Math.round(MAX_IR_SECONDS * context.sampleRate),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`"${file.name}" is not a usable impulse response: ${reason}`);
  }
}

/** Calls `use(file)` for a file picked or dropped; the picker is reset so the same file can be chosen again. */
export function bindImpulseInput(use: (file: File) => Promise<void>): void {
  const input = byId('ir-file', HTMLInputElement);
  const zone = byId('ir-drop', HTMLLabelElement);
  const take = (file: File | undefined) => {
    if (file === undefined) return;
    use(file).catch((error: unknown) => showError('Loading the impulse response failed', error));
  };
  input.addEventListener('change', () => {
    take(input.files?.[0]);
    input.value = '';
  });
  const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  // Dropping anywhere loads the IR; without preventDefault the browser would navigate to the dropped file.
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    zone.classList.add('over');
  });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) zone.classList.remove('over');
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    zone.classList.remove('over');
    if (byId('ir-panel', HTMLFieldSetElement).disabled) {
      showError('Loading the impulse response failed', new Error('press Start first; the IR is decoded at the audio context\'s sample rate'));
      return;
    }
    take(event.dataTransfer?.files[0]);
  });
}
