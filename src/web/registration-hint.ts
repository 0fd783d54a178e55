/**
 * Forgetting `registerConvolverWorklet(context)` makes the browser's AudioWorkletNode constructor throw a
 * generic InvalidStateError ("The node name … is not defined in AudioWorkletGlobalScope"). This wraps a base
 * AudioWorkletNode class so that error says what to call, keeping its name (InvalidStateError) and the
 * original as `cause`. Allocates: main thread only.
 */
import { PROCESSOR_NAME } from '../../worklets/protocol.js';
import type { AudioWorkletNodeConstructor } from './convolver-worklet-node-options.js';
import { isConvolverWorkletRegistered } from './register-convolver-worklet.js';

/** `Base`, constructing exactly as before, with construction errors explained. */
export function withRegistrationHint(Base: AudioWorkletNodeConstructor): AudioWorkletNodeConstructor {
  // A function rather than a class: a derived class may not wrap super() in try/catch when it has private
  // fields, and Reflect.construct with new.target builds the subclass's instance just as super() would.
  function AudioWorkletNodeWithHint(this: unknown, context: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
    try {
      return Reflect.construct(Base, [context, name, options], new.target ?? AudioWorkletNodeWithHint) as AudioWorkletNode;
    } catch (error) {
      throw explain(error, context);
    }
  }
  AudioWorkletNodeWithHint.prototype = Base.prototype;
  Object.setPrototypeOf(AudioWorkletNodeWithHint, Base); // static members, as `extends Base` would inherit
  return AudioWorkletNodeWithHint as unknown as AudioWorkletNodeConstructor;
}

function explain(error: unknown, context: object): unknown {
  const name = (error as { name?: unknown })?.name;
  const message = String((error as { message?: unknown })?.message ?? error);
  const looksUnregistered = name === 'InvalidStateError' || name === 'NotSupportedError' || message.includes(PROCESSOR_NAME);
  if (!looksUnregistered || isConvolverWorkletRegistered(context)) return error;
  const hint = new DOMException(
    `the '${PROCESSOR_NAME}' processor is not registered on this context; expected ` +
      '`await registerConvolverWorklet(context)` before `new ConvolverWorkletNode(context, …)` ' +
      `(or \`await createConvolverNode(context, …)\`, which registers it). The implementation said: ${message}`,
    'InvalidStateError',
  );
  (hint as { cause?: unknown }).cause = error;
  return hint;
}
