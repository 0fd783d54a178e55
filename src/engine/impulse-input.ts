/**
 * The engine's entry points take an impulse as an array of Float32Array channels or as anything shaped like an
 * AudioBuffer (a real AudioBuffer of any implementation, loadImpulse's result, ImpulseAudioBuffer): this small
 * adapter turns the second into the first, without copying, so the rest of the engine sees only arrays.
 *
 * Allocates: one array of channel references (never the samples).
 */

/** What the engine reads from an AudioBuffer-like impulse. */
export interface ChannelSource {
  readonly numberOfChannels: number;
  getChannelData(channel: number): Float32Array;
}

/** An impulse response as the engine's entry points accept it. */
export type ImpulseInput = Float32Array[] | ChannelSource;

/** Whether `value` is AudioBuffer-shaped (has numberOfChannels and getChannelData), not an array. */
export function isChannelSource(value: unknown): value is ChannelSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as ChannelSource).getChannelData === 'function' &&
    typeof (value as ChannelSource).numberOfChannels === 'number'
  );
}

/**
 * The channels of an AudioBuffer-like (the stored arrays, as getChannelData returns them); anything else is
 * returned unchanged for the validator to accept or to name what is wrong with it.
 */
export function impulseChannelsOf(impulse: unknown): unknown {
  if (!isChannelSource(impulse)) return impulse;
  const count = impulse.numberOfChannels;
  if (!Number.isInteger(count) || count < 1 || count > 32) {
    throw new RangeError(`impulse has ${count} channels; expected 1, 2 or 4`);
  }
  // Other counts up to 32 (what AudioBuffers allow) go through, for validateImpulse to name.
  const channels: Float32Array[] = [];
  for (let c = 0; c < count; c++) channels.push(impulse.getChannelData(c));
  return channels;
}
