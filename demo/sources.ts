/**
 * The three sources: the synthesized dry loop, the microphone and the user's own file. Keeps the buffer of
 * whatever plays, so the offline render can run the current source through the current IR.
 * Allocates: main thread only.
 */
import type { AudioGraph } from './audio-graph.js';
import { audioBufferOf } from './audio-buffers.js';
import { synthesizeDryLoop } from './dry-loop.js';

export type SourceKind = 'loop' | 'mic' | 'file';

// Raw microphone: the browser's voice processing would fight the reverb (echo cancellation treats the
// reverberated output as echo, auto gain pumps with the tail, noise suppression eats the decay).
const MICROPHONE_CONSTRAINTS: MediaStreamConstraints = {
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  video: false,
};

export class Sources {
  readonly #graph: AudioGraph;
  readonly loop: AudioBuffer;
  #file: AudioBuffer | null = null;
  #fileName = '';
  #stream: MediaStream | null = null;
  #kind: SourceKind | null = null;

  constructor(graph: AudioGraph) {
    this.#graph = graph;
    const rate = graph.context.sampleRate;
    this.loop = audioBufferOf(synthesizeDryLoop(rate), rate);
  }

  get kind(): SourceKind | null {
    return this.#kind;
  }

  /** The microphone's stream while it is the source. */
  get stream(): MediaStream | null {
    return this.#stream;
  }

  /** The buffer behind the current source (null for the microphone), and its name. */
  get buffer(): { buffer: AudioBuffer; name: string } | null {
    if (this.#kind === 'loop') return { buffer: this.loop, name: 'dry loop' };
    if (this.#kind === 'file' && this.#file !== null) return { buffer: this.#file, name: this.#fileName };
    return null;
  }

  playLoop(): void {
    this.#play(this.loop);
    this.#kind = 'loop';
  }

  /**
   * Opens the microphone. On failure (denied, no device) the previous source keeps playing and the error
   * says what happened in words.
   */
  async useMicrophone(): Promise<void> {
    const stream = await openRawMicrophone();
    this.#stopStream();
    this.#stream = stream;
    this.#graph.setSource(new MediaStreamAudioSourceNode(this.#graph.context, { mediaStream: stream }));
    this.#kind = 'mic';
  }

  /** Decodes the user's file (anything decodeAudioData reads) and loops it. */
  async useFile(file: File): Promise<void> {
    const bytes = await file.arrayBuffer();
    let buffer: AudioBuffer;
    try {
      buffer = await this.#graph.context.decodeAudioData(bytes);
    } catch (error) {
      throw new Error(`"${file.name}" (${file.type || 'unknown type'}, ${file.size} bytes) could not be decoded: ${String(error)}; expected audio the browser can play (WAV, MP3, Ogg, FLAC, AAC)`);
    }
    this.#file = buffer;
    this.#fileName = file.name;
    this.#play(buffer);
    this.#kind = 'file';
  }

  /** Plays the file loaded earlier; false when there is none yet. */
  resumeFile(): boolean {
    if (this.#file === null) return false;
    this.#play(this.#file);
    this.#kind = 'file';
    return true;
  }

  #play(buffer: AudioBuffer): void {
    this.#stopStream();
    const node = new AudioBufferSourceNode(this.#graph.context, { buffer, loop: true });
    this.#graph.setSource(node);
    node.start();
  }

  #stopStream(): void {
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = null;
  }
}

/** The microphone without the browser's voice processing; errors say in words what went wrong. */
export async function openRawMicrophone(): Promise<MediaStream> {
  if (navigator.mediaDevices?.getUserMedia === undefined) {
    throw new Error('this browser offers no microphone access (navigator.mediaDevices is missing; expected a secure https: or localhost page)');
  }
  try {
    return await navigator.mediaDevices.getUserMedia(MICROPHONE_CONSTRAINTS);
  } catch (error) {
    throw new Error(microphoneFailure(error));
  }
}

/** Whether any audio input is present (labels and permission are not needed to count them). */
export async function hasMicrophone(): Promise<boolean> {
  const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []) ?? [];
  return devices.some((device) => device.kind === 'audioinput');
}

function microphoneFailure(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError') return 'microphone permission was denied; allow it in the address bar and choose Microphone again';
  if (name === 'NotFoundError') return 'no microphone was found; expected an audio input device';
  if (name === 'NotReadableError') return 'the microphone is in use by another program or could not be opened';
  return `the microphone could not be opened (${String(error)})`;
}
