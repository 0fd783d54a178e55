// The room measurement's recorder, an AudioWorklet module of its own (loaded with `?worker&url`): records
// input channel 0 from a given context time into one buffer allocated up front, then transfers it to the main
// thread and stops. Sample-exact, unlike MediaRecorder, whose compressed output has no fixed start.
// A block scope keeps these names out of the TypeScript program's global scope (the file has no exports:
// some worklet loaders wrap module sources).
{
  interface Options {
    length: number; // frames to record
    startTime: number; // s of context time at which recording begins
  }
  interface WorkletScope {
    AudioWorkletProcessor: new () => { readonly port: MessagePort };
    registerProcessor(name: string, processor: unknown): void;
    currentTime: number; // s
    sampleRate: number; // Hz
  }
  const scope = globalThis as unknown as WorkletScope;

  class RecorderProcessor extends scope.AudioWorkletProcessor {
    readonly #buffer: Float32Array;
    readonly #startFrame: number;
    #written = 0;

    constructor(options: { processorOptions: Options }) {
      super();
      const o = options.processorOptions;
      this.#buffer = new Float32Array(o.length);
      this.#startFrame = Math.round(o.startTime * scope.sampleRate);
    }

    process(inputs: Float32Array[][]): boolean {
      const input = inputs[0]?.[0];
      const frame = Math.round(scope.currentTime * scope.sampleRate);
      if (input === undefined || frame + input.length <= this.#startFrame) return true;
      const skip = Math.max(0, this.#startFrame - frame); // frames of this block before the start time
      const count = Math.min(input.length - skip, this.#buffer.length - this.#written);
      for (let i = 0; i < count; i++) this.#buffer[this.#written + i] = input[skip + i];
      this.#written += count;
      if (this.#written < this.#buffer.length) return true;
      this.port.postMessage(this.#buffer, [this.#buffer.buffer]);
      return false;
    }
  }

  scope.registerProcessor('web-convolver-demo-recorder', RecorderProcessor);
}
