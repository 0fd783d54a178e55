/**
 * Words for error messages built from values: "1 channel" and "2 channels", "a Float64Array" and "an Object".
 * Messages are read by people at the moment something went wrong; "1 channels" or "got a Object" makes them
 * doubt the rest. Pure (no Web Audio, DOM or Node built-ins): every layer may use it. Never called on the
 * audio path except when building an error report.
 */

/** `count(1, 'channel')` → "1 channel", `count(0, 'frame')` → "0 frames"; irregular plurals as a third argument. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

// "an" before a vowel sound. A leading "u" or "eu" that sounds like "you" (Uint8Array, unit, user) takes "a";
// "one" sounds like "won".
const VOWEL_SOUND = /^(?:[aio]|e(?!u)|u(?!int|ni|s[eu]|tf))/i;

/** The word with its indefinite article: "a Float32Array", "an Int16Array", "a Uint8Array", "an AudioBuffer". */
export function withArticle(word: string): string {
  return `${VOWEL_SOUND.test(word) && !/^one\b/i.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * A short description of a value for error messages: `a Float64Array`, `an array of 3`, `an object`,
 * `number 3`, `null`. Plain objects say "an object", not "an Object".
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name === undefined || name === '' || name === 'Object' ? 'an object' : withArticle(name);
  }
  return `${typeof value} ${String(value)}`;
}
