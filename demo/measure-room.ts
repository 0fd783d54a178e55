/**
 * Measures the room's impulse response: src/ir's exponential sine sweep plays through the speakers while a
 * sample-exact recorder worklet records the microphone, then src/ir's deconvolution (Farina: the harmonic
 * distortion products separate from the linear IR) and a cut from the direct sound on, dropping the
 * round-trip latency.
 *
 * Not src/ir's measureImpulse, which records with a ScriptProcessorNode: Chromium then logs a deprecation
 * warning, and the page must keep a clean console. Allocates: main thread only.
 */
import { createSweep, deconvolveSweep, ImpulseAudioBuffer } from '../src/ir/index.js';
import { fromDirectSound } from './direct-sound.js';
import { recorderUrl } from './recorder-url.js';

export const MEASUREMENT = Object.freeze({
  sweep: 3, // s
  tail: 1.5, // s recorded after the sweep, and the IR's length
  low: 40, // Hz, sweep start
  high: 18000, // Hz, sweep end (lowered to 0.45 × the rate for low-rate contexts)
  level: 0.25, // linear peak of the sweep: moderate, for laptop speakers
});

const START_DELAY = 0.2; // s of context time between scheduling and the sweep, for the recorder to be ready
const LATENCY_MARGIN = 0.5; // s recorded beyond sweep + tail: room for the output + input latency

const registered = new WeakMap<BaseAudioContext, Promise<void>>();

/** Plays the sweep to `context.destination`, records `microphone`, returns a mono IR at the context's rate. */
export async function measureRoom(context: AudioContext, microphone: MediaStream): Promise<ImpulseAudioBuffer> {
  const rate = context.sampleRate;
  const sweep = createSweep({
    sampleRate: rate,
    startFrequency: MEASUREMENT.low,
    endFrequency: Math.min(MEASUREMENT.high, 0.45 * rate),
    duration: MEASUREMENT.sweep,
    amplitude: MEASUREMENT.level,
  });
  const extra = Math.round((MEASUREMENT.tail + LATENCY_MARGIN) * rate);
  const recorded = await playAndRecord(context, microphone, sweep.sweep, sweep.sweep.length + extra);
  const { impulse } = deconvolveSweep([recorded], sweep, { length: extra });
  return new ImpulseAudioBuffer([fromDirectSound(impulse[0], Math.round(MEASUREMENT.tail * rate), rate)], rate);
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      done,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the recording did not finish within ${Math.round(timeout / 1000)} s; expected a running audio context`)),
          timeout,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    input.disconnect();
    recorder.disconnect();
    silent.disconnect();
  }
}
