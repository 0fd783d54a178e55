/**
 * `measureImpulse(context, options)`: measures a real room (or any system) by playing an exponential sine sweep
 * through `output` (the speakers by default), recording `input` (the default microphone by default) and
 * deconvolving. With an OfflineAudioContext it renders instead of recording, which is how it is tested: the
 * "room" is then any graph between `output` and `input`. Main thread only; allocates.
 *
 * The IR includes the system's whole delay: for a live measurement that is the converters' round-trip latency
 * plus the sound's flight time, so trim the IR's leading silence (loadImpulse/prepare `trim`) if unwanted.
 */
import { deconvolveSweep } from './deconvolve-sweep.js';
import { ImpulseAudioBuffer } from './impulse-buffer.js';
import { createSweep, type Sweep, type SweepOptions } from './sweep.js';
import { count } from '../engine/wording.js';

export interface MeasureImpulseOptions extends Omit<SweepOptions, 'sampleRate'> {
  /** Where the sweep is played. Default: context.destination. */
  output?: AudioNode;
  /** What is recorded. Default: the default microphone, with echo cancellation, noise suppression and AGC off. */
  input?: AudioNode;
  /** Recording after the sweep ends, s: at least the longest reverberation expected. Default 2. */
  tail?: number;
  /** Recorded channels. Default 1. */
  channels?: number;
  /** Highest harmonic order whose IR is returned. Default 5. */
  harmonics?: number;
}

export interface ImpulseMeasurement {
  impulse: ImpulseAudioBuffer;
  /** harmonics[k − 2]: the k-th harmonic distortion product's IR. */
  harmonics: ImpulseAudioBuffer[];
  recording: Float32Array[];
  sweep: Sweep;
}

const START_DELAY = 0.2; // s: lets a live context's graph settle before the sweep starts

export async function measureImpulse(context: BaseAudioContext, options: MeasureImpulseOptions = {}): Promise<ImpulseMeasurement> {
  const rate = context.sampleRate;
  const sweep = createSweep({ ...options, sampleRate: rate });
  const tail = options.tail ?? 2;
  const channels = options.channels ?? 1;
  if (!(tail >= 0 && tail <= 60)) throw new RangeError(`tail is ${tail} s; expected 0 to 60 s`);
  if (!(Number.isInteger(channels) && channels >= 1 && channels <= 32)) {
    throw new RangeError(`channels is ${channels}; expected an integer 1 to 32`);
  }
  const frames = sweep.sweep.length + Math.round(tail * rate);
  const source = context.createBufferSource();
  const buffer = context.createBuffer(1, sweep.sweep.length, rate);
  buffer.copyToChannel(sweep.sweep as Float32Array<ArrayBuffer>, 0);
  source.buffer = buffer;
  source.connect(options.output ?? context.destination);
  const offline = 'startRendering' in context;
  const recording = offline
    ? await recordOffline(context as OfflineAudioContext, source, options.input, channels, frames)
    : await recordLive(context as AudioContext, source, options.input, channels, frames);
  const { impulse, harmonics } = deconvolveSweep(recording, sweep, {
    length: Math.round(tail * rate) || rate, harmonics: options.harmonics,
  });
  return {
    impulse: new ImpulseAudioBuffer(impulse, rate),
    harmonics: harmonics.map((h) => new ImpulseAudioBuffer(h, rate)),
    recording,
    sweep,
  };
}

async function recordOffline(
  context: OfflineAudioContext, source: AudioBufferSourceNode, input: AudioNode | undefined, channels: number, frames: number,
): Promise<Float32Array[]> {
  if (input === undefined) throw new TypeError('options.input is undefined; an OfflineAudioContext has no microphone: pass the node to record');
  if (context.length < frames) {
    throw new RangeError(`OfflineAudioContext has ${count(context.length, 'frame')}; expected ≥ ${frames} (sweep + tail)`);
  }
  input.connect(context.destination);
  source.start(0);
  const rendered = await context.startRendering();
  return Array.from({ length: channels }, (_, c) => rendered.getChannelData(Math.min(c, rendered.numberOfChannels - 1)).slice(0, frames));
}

async function recordLive(
  context: AudioContext, source: AudioBufferSourceNode, input: AudioNode | undefined, channels: number, frames: number,
): Promise<Float32Array[]> {
  // a microphone opened here is closed here: its tracks stop when the recording ends or fails
  const opened = input === undefined ? await openMicrophone(context, channels) : null;
  const microphone = input ?? opened!.node;
  try {
    return await record(context, source, microphone, channels, frames);
  } finally {
    opened?.stop();
  }
}

async function record(
  context: AudioContext, source: AudioBufferSourceNode, microphone: AudioNode, channels: number, frames: number,
): Promise<Float32Array[]> {
  // ScriptProcessorNode is deprecated but needs no module file and exists in every implementation; recording
  // on the main thread is fine here because nothing else runs during a measurement.
  const recorder = context.createScriptProcessor(4096, channels, channels);
  const mute = context.createGain();
  mute.gain.value = 0;
  microphone.connect(recorder);
  recorder.connect(mute).connect(context.destination);
  const startTime = context.currentTime + START_DELAY;
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  await new Promise<void>((resolve) => {
    recorder.onaudioprocess = (event) => {
      // The input block ends where this output block starts; frames before the sweep's start are dropped.
      const blockStart = Math.round((event.playbackTime - startTime) * context.sampleRate) - event.inputBuffer.length;
      for (let c = 0; c < channels; c++) {
        const data = event.inputBuffer.getChannelData(Math.min(c, event.inputBuffer.numberOfChannels - 1));
        for (let i = 0; i < data.length; i++) {
          const at = blockStart + i;
          if (at >= 0 && at < frames) out[c][at] = data[i];
        }
      }
      if (blockStart + event.inputBuffer.length >= frames) resolve();
    };
    source.start(startTime);
  });
  recorder.onaudioprocess = null;
  microphone.disconnect(recorder);
  recorder.disconnect();
  return out;
}

async function openMicrophone(context: AudioContext, channels: number): Promise<{ node: AudioNode; stop: () => void }> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new TypeError('no navigator.mediaDevices.getUserMedia here; pass options.input (the node to record)');
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: channels, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  return { node: context.createMediaStreamSource(stream), stop: () => stream.getTracks().forEach((track) => track.stop()) };
}
