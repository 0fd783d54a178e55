/**
 * `web-convolver render <in.wav> --ir <file|bundled id> -o <out.wav>`: offline convolution of a WAV file of
 * any length with the whole tail. The input is streamed in chunks through the engine's StreamingConvolver, so
 * memory is bounded by the IR and one chunk, not the input (an hour of audio renders in a few MB).
 */
import { StreamingConvolver } from '../engine/index.js';
import { channelsOf } from '../ir/impulse-buffer.js';
import { loadImpulse } from '../ir/load-impulse.js';
import type { WavBitDepth } from '../ir/wav-codec.js';
import { resolveImpulsePath } from './bundled-impulses.js';
import { CliError, text, parseChoice, parseCommand, parseGain, parseNumber, requireOne, usageError } from './cli-args.js';
import type { CliIO } from './cli-io.js';
import { readAs } from './file-role.js';
import { Interruption } from './interruption.js';
import { OutputFile } from './output-file.js';
import { ProgressBar } from './progress.js';
import { WavFileReader, WavFileWriter } from './wav-stream.js';
import { count } from '../engine/wording.js';

export const RENDER_HELP = `Usage: web-convolver render <in.wav> --ir <file|bundled id> -o <out.wav> [options]

Convolves a WAV file with an impulse response, tail included (output = input + IR − 1 frames). The IR is
resampled to the input's rate. Streams the input in chunks: memory does not grow with its length. The output
is written to a temporary file beside it and renamed when complete: an output that is the input or the IR
(also through a link) is refused, and Ctrl-C leaves no partial file (exit 130).

Options:
  --ir <file|id>        impulse response: a WAV file or a bundled id (see web-convolver info --list)
  -o, --output <file>   output WAV
  --wet <gain>          gain of the reverberated signal, linear or in dB (--wet 0.5, --wet -6dB); default 1
  --dry <gain>          gain of the unprocessed input mixed in; default 0
  --normalize           scale the IR as ConvolverNode does (Web Audio spec normalization); the default
  --no-normalize        use the IR's samples as they are
  --trim                trim the IR's leading and trailing silence (below -80 dB re its peak)
  --bits <16|24|32f>    output sample format; default 24 (16 is TPDF-dithered)
  --progress            always show the progress bar (default: on a terminal, for inputs over 30 s)
  -q, --quiet           no progress bar, no summary
  -h, --help            this help
`;

const CHUNK = 65536; // frames per read: ~1.4 s at 48 kHz, bounded memory
const PROGRESS_AFTER = 30; // s of input before the bar appears on its own

export async function renderCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('render', args, {
    ir: { type: 'string' }, output: { type: 'string', short: 'o' }, wet: { type: 'string' }, dry: { type: 'string' },
    normalize: { type: 'boolean' }, 'no-normalize': { type: 'boolean' }, trim: { type: 'boolean' },
    bits: { type: 'string' }, progress: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) { io.stdout.write(RENDER_HELP); return 0; }
  const inputPath = requireOne(positionals, 'input WAV file', 'render');
  const irName = text(values.ir);
  const outputPath = text(values.output);
  if (irName === undefined) throw usageError('render needs --ir <file|bundled id>');
  if (outputPath === undefined) throw usageError('render needs -o <out.wav>');
  if (values.normalize && values['no-normalize']) throw usageError('--normalize and --no-normalize contradict each other');
  const wet = parseGain('wet', text(values.wet)) ?? 1;
  const dry = parseGain('dry', text(values.dry)) ?? 0;
  const bits = parseChoice<WavBitDepth>('bits', text(values.bits), ['16', '24', '32f']) ?? '24';

  const irPath = resolveImpulsePath(irName);
  // Checked before anything is read: a render into its own input would otherwise truncate it.
  const output = new OutputFile(outputPath, [{ role: 'input', path: inputPath }, { role: '--ir', path: irPath }]);
  const interruption = new Interruption();
  let reader: WavFileReader | undefined;
  let writer: WavFileWriter | undefined;
  try {
    reader = await readAs('input', inputPath, () => openInput(inputPath));
    const input = reader;
    const inputChannels = input.format.channels as 1 | 2;
    const impulse = await readAs('--ir', irName, () => loadImpulse(irPath, {
      sampleRate: input.sampleRate, trim: values.trim === true, normalize: values['no-normalize'] ? 'none' : 'spec',
      maxBytes: 512 * 1024 * 1024, // bytes: a 10-minute 4-channel float64 IR still loads; beyond is a mistake
    }));
    interruption.check('nothing was written');
    const convolver = new StreamingConvolver(channelsOf(impulse), { inputChannels, scale: wet });
    const total = input.frames + impulse.length - 1;
    writer = new WavFileWriter(output.temporary, convolver.outputChannels, input.sampleRate, bits, total);
    const showBar = !values.quiet && (values.progress || (io.stderr.isTTY === true && input.frames > PROGRESS_AFTER * input.sampleRate));
    const bar = showBar ? new ProgressBar(io.stderr, input.frames, 'rendering') : undefined;
    const dryLine = new DryLine(inputChannels, dry);
    for (let done = 0; done < input.frames; ) {
      const chunk = input.read(CHUNK);
      done += chunk[0].length;
      dryLine.push(chunk);
      writer.write(dryLine.mixInto(convolver.push(chunk)));
      bar?.update(done);
      await yieldToEventLoop(); // lets signals, timers and the collector's finalizers run during long renders
      if (interruption.received !== undefined) {
        bar?.abandon();
        interruption.check(`removed the partial output; ${quoted(outputPath)} is untouched`);
      }
    }
    writer.write(dryLine.mixInto(convolver.finish()));
    writer.close();
    output.commit();
    bar?.finish();
    if (writer.clipped > 0) {
      io.stderr.write(`warning: ${count(writer.clipped, 'sample')} clipped at full scale; use --bits 32f or a lower --wet\n`);
    }
    if (!values.quiet) {
      io.stdout.write(`wrote ${outputPath}: ${convolver.outputChannels} ch, ${input.sampleRate} Hz, ${count(total, 'frame')} (${(total / input.sampleRate).toFixed(2)} s)\n`);
    }
    return 0;
  } finally {
    writer?.abandon(); // no-op after close()
    output.discard(); // no-op after commit()
    reader?.close();
    interruption.dispose();
  }
}

const quoted = (path: string) => `'${path}'`;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function openInput(path: string): WavFileReader {
  // Any channel count is parsed, so that a 6-channel input is told apart from a corrupt one.
  const reader = new WavFileReader(path, { maxChannels: 65535 });
  if (reader.format.channels > 2) {
    reader.close();
    throw new CliError(`input '${path}' has ${count(reader.format.channels, 'channel')}; expected 1 or 2 (mono or stereo)`);
  }
  return reader;
}

/**
 * The dry signal, delayed to line up with the convolver's output: the engine has zero latency but returns
 * output in whole blocks, so input frames wait here until their output frames arrive.
 */
class DryLine {
  readonly #pending: Float32Array[][] = [];
  #offset = 0; // frames of pending[0] already used
  constructor(readonly channels: number, readonly gain: number) {}

  push(chunk: Float32Array[]): void {
    if (this.gain !== 0) this.#pending.push(chunk);
  }

  mixInto(out: Float32Array[]): Float32Array[] {
    if (this.gain === 0) return out;
    const frames = out[0].length;
    for (let i = 0; i < frames && this.#pending.length > 0; ) {
      const head = this.#pending[0];
      const n = Math.min(frames - i, head[0].length - this.#offset);
      for (let c = 0; c < out.length; c++) {
        const source = head[Math.min(c, this.channels - 1)];
        for (let k = 0; k < n; k++) out[c][i + k] += this.gain * source[this.#offset + k];
      }
      i += n;
      this.#offset += n;
      if (this.#offset === head[0].length) { this.#pending.shift(); this.#offset = 0; }
    }
    return out;
  }
}
