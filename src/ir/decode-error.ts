/** Why a file could not become an impulse response. The code is stable; the message names the value. */
export type DecodeErrorCode =
  | 'TRUNCATED' // the file ends before its header says it should
  | 'BAD_MAGIC' // not a RIFF/WAVE file (and no decodeAudioData to fall back on)
  | 'BAD_HEADER' // a header field is impossible (0 channels, 0 Hz, block align mismatch …)
  | 'UNSUPPORTED_CODEC' // a WAV codec other than PCM or IEEE float
  | 'TOO_LARGE' // over the configured file size or length limit, or an absurd claimed size
  | 'NO_DATA' // no samples
  | 'FETCH_FAILED'; // a URL could not be read

/** An impulse file that cannot be decoded: corrupt, truncated, unsupported or too large. */
export class ImpulseDecodeError extends Error {
  readonly code: DecodeErrorCode;

  constructor(code: DecodeErrorCode, message: string) {
    super(message);
    this.name = 'ImpulseDecodeError';
    this.code = code;
  }
}
