/**
 * The "Measure the room" button: offered when a microphone exists. The page's own output is muted while the
 * sweep plays (so the reverb of the current source does not enter the measurement), and the measured IR
 * becomes the current one.
 */
import type { AudioGraph } from './audio-graph.js';
import { byId } from './dom.js';
import { guard } from './errors.js';
import type { ImpulsePanel } from './impulse-panel.js';
import { MEASUREMENT, measureRoom } from './measure-room.js';
import { hasMicrophone, openRawMicrophone, type Sources } from './sources.js';

export interface MeasureContext {
  graph: AudioGraph;
  sources: Sources;
  impulses: ImpulsePanel;
  outputGain: number; // linear, restored after the measurement
}

/** Wires the button; call `enable()` once the audio graph exists. */
export function bindMeasurePanel(current: () => MeasureContext | null): { enable(): Promise<void> } {
  const button = byId('measure', HTMLButtonElement);
  const info = byId('measure-info', HTMLParagraphElement);
  button.disabled = true;
  info.textContent = 'Press Start first.';
  button.addEventListener('click', guard('Measuring the room failed', async () => {
    const now = current();
    if (now === null) throw new Error('press Start first');
    button.disabled = true;
    const own = now.sources.stream === null; // open the microphone just for this, unless it is the source
    const stream = now.sources.stream ?? (await openRawMicrophone());
    now.graph.setOutputGain(0);
    try {
      info.textContent = `Measuring: a ${MEASUREMENT.sweep} s sweep plays, then ${MEASUREMENT.tail} s of the room's decay…`;
      const impulse = await measureRoom(now.graph.context, stream);
      const name = `Measured room (${new Date().toLocaleTimeString()})`;
      now.impulses.useCustom(impulse, name);
      info.textContent = `Done: "${name}" is playing. Measure again after moving the microphone to compare.`;
    } catch (error) {
      info.textContent = 'The measurement failed; see the message above.';
      throw error;
    } finally {
      now.graph.setOutputGain(now.outputGain);
      if (own) for (const track of stream.getTracks()) track.stop();
      button.disabled = false;
    }
  }));
  return {
    async enable() {
      const present = await hasMicrophone();
      button.disabled = !present;
      info.textContent = present
        ? 'Plays a sine sweep through the speakers (not headphones) and records it: set a moderate volume and keep quiet.'
        : 'No microphone was found, so the room cannot be measured.';
    },
  };
}
