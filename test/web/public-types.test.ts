// The public types as a TypeScript user meets them. `npm run typecheck` compiles this file (test/ is in
// tsconfig.json), so each line below that should compile is checked there; @ts-expect-error lines must fail.
// At run time the checks are no-ops, apart from the few values built here.
import { describe, expectTypeOf, it } from 'vitest';
import {
  ConvolverWorkletNode,
  PartitionedConvolver,
  StreamingConvolver,
  convolve,
  createConvolverNode,
  loadImpulse,
  prepareImpulse,
  type AudioBufferLike,
  type ImpulseAudioBuffer,
  type ImpulseBuffer,
} from '../../src/index.js';

// Never called: compiled only. Each statement is one line of README or of the issue.
export async function readmeLines(context: AudioContext, native: ConvolverNode, like: AudioBufferLike): Promise<void> {
  const reverb: ConvolverWorkletNode = new ConvolverWorkletNode(context, { buffer: await loadImpulse('hall.wav', { context }) });
  native.buffer = reverb.buffer; // AudioBuffer | null, as ConvolverNode's
  reverb.buffer = like; // the setter still takes AudioBuffer-likes
  reverb.buffer = null;
  const viaFactory: ConvolverWorkletNode = await createConvolverNode(context);
  viaFactory.dispose();
  const nativeFromLoad = new ConvolverNode(context, { buffer: await loadImpulse('hall.wav', { context }) });
  nativeFromLoad.disconnect();
  const loaded = await loadImpulse('hall.wav');
  new PartitionedConvolver(loaded);
  new StreamingConvolver(loaded);
  convolve([new Float32Array(8)], loaded);
  prepareImpulse(loaded);
  new PartitionedConvolver(like);
  // @ts-expect-error a number is no impulse
  new PartitionedConvolver(3);
}

describe('public types', () => {
  it('ConvolverWorkletNode is a value and a type, whose buffer reads as AudioBuffer | null', () => {
    expectTypeOf<ConvolverWorkletNode['buffer']>().toEqualTypeOf<AudioBuffer | null>();
    expectTypeOf<ConvolverWorkletNode>().toMatchTypeOf<AudioWorkletNode>();
    expectTypeOf(ConvolverWorkletNode).instance.toEqualTypeOf<ConvolverWorkletNode>();
  });

  it('loadImpulse returns an AudioBuffer with a context, an ImpulseAudioBuffer without', () => {
    // Wrapped in functions that are never called: only their types are looked at.
    expectTypeOf(() => loadImpulse('x.wav', { context: {} as BaseAudioContext })).returns.resolves.toEqualTypeOf<AudioBuffer>();
    expectTypeOf(() => loadImpulse('x.wav')).returns.resolves.toEqualTypeOf<ImpulseAudioBuffer>();
    type DecodeOnly = { sampleRate: number; decodeAudioData: BaseAudioContext['decodeAudioData'] };
    expectTypeOf(() => loadImpulse('x.wav', { context: {} as DecodeOnly })).returns.resolves.toEqualTypeOf<ImpulseBuffer>();
  });

  it('the engine entry points take AudioBuffers and loadImpulse’s result', () => {
    expectTypeOf<AudioBuffer>().toMatchTypeOf<ConstructorParameters<typeof PartitionedConvolver>[0]>();
    expectTypeOf<ImpulseAudioBuffer>().toMatchTypeOf<Parameters<typeof convolve>[1]>();
    expectTypeOf<AudioBuffer>().toMatchTypeOf<ConstructorParameters<typeof StreamingConvolver>[0]>();
    expectTypeOf<ImpulseAudioBuffer>().toMatchTypeOf<Parameters<typeof prepareImpulse>[0]>();
  });
});
