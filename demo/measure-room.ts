/**
 * Measures the room's impulse response: an exponential sine sweep plays through the speakers while a
 * sample-exact recorder worklet records the microphone; sweep-deconvolve.ts turns the recording into the IR.
 *
 * Kept instead of src/ir's measureImpulse, which records with a ScriptProcessorNode: Chromium then logs a
 * deprecation warning, and the page must keep a clean console. Allocates: main thread only.
 */
import { ImpulseAudioBuffer } from '../src/ir/index.js';
import { recorderUrl } from './recorder-url.js';
import { deconvolve, exponentialSweep, type SweepOptions } from './sweep-deconvolve.js';

export type MeasureOptions = SweepOptions;

export const DEFAULT_MEASURE_OPTIONS: MeasureOptions = Object.freeze({ sweep: 3, tail: 1.5, low: 40, high: 18000, level: 0.25 });

const START_DELAY = 0.2; // s of context time between scheduling and the sweep, for the recorder to be ready

const registered = new WeakMap<BaseAudioContext, Promise<void>>();

/** Plays the sweep to `context.destination`, records `microphone`, returns a mono IR at the context's rate. */
export async function measureRoom(
  context: AudioContext,
  microphone: MediaStream,
  options: Partial<MeasureOptions> = {},
): Promise<ImpulseAudioBuffer> {
  const o = { ...DEFAULT_MEASURE_OPTIONS, ...options };
  const rate = context.sampleRate;
  if (!(o.high < rate / 2)) throw new RangeError(`sweep end ${o.high} Hz is at or above Nyquist (${rate / 2} Hz); expected lower`);
  const sweep = exponentialSweep(o, rate);
  const recordLength = sweep.length + Math.round(o.tail * rate) + Math.round(0.5 * rate); // 0.5 s for latency
  const recorded = await playAndRecord(context, microphone, sweep, recordLength);
  return new ImpulseAudioBuffer([deconvolve(recorded, sweep, o, rate)], rate);
}

async function playAndRecord(context: AudioContext, microphone: MediaStream, sweep: Float32Array, length: number): Promise<Float32Array> {
  let loading = registered.get(context);
  if (loading === undefined) {
    loading = context.audioWorklet.addModule(recorderUrl);
    registered.set(context, loading);
  }
  await loading;
  const startTime = context.currentTime + START_DELAY;
  const input = new MediaStreamAudioSourceNode(context, { mediaStream: microphone });
  const recorder = new AudioWorkletNode(context, 'web-convolver-demo-recorder', {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    channelCount: 1,
    channelCountMode: 'explicit',
    processorOptions: { length, startTime },
  });
  const silent = new GainNode(context, { gain: 0 }); // keeps the recorder pulled without sending it anywhere
  input.connect(recorder).connect(silent).connect(context.destination);
  const buffer = new AudioBuffer({ numberOfChannels: 1, length: sweep.length, sampleRate: context.sampleRate });
  buffer.copyToChannel(sweep as Float32Array<ArrayBuffer>, 0);
  const player = new AudioBufferSourceNode(context, { buffer });
  player.connect(context.destination);
  const done = new Promise<Float32Array>((resolve) => {
    recorder.port.onmessage = (event: MessageEvent<Float32Array>) => resolve(event.data);
  });
  player.start(startTime);
  const timeout = (length / context.sampleRate + START_DELAY) * 1000 + 10_000; // ms: generous for a busy machine
  try {
    return await Promise.race([
      done,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`the recording did not finish within ${Math.round(timeout / 1000)} s; is the audio context running?`)), timeout),
      ),
    ]);
  } finally {
    input.disconnect();
    recorder.disconnect();
    silent.disconnect();
  }
}
