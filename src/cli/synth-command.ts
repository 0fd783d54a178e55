/**
 * `web-convolver synth <kind> [options] -o ir.wav`: writes a seeded synthetic IR. Each kind accepts its own
 * options; an option of another kind is an error rather than silently ignored.
 */
import { analyzeImpulse } from '../ir/analyze-impulse.js';
import { channelsOf } from '../ir/impulse-buffer.js';
import { normalizeImpulse } from '../ir/prepare-impulse.js';
import { synthesize, SYNTH_KINDS, type SynthKind } from '../ir/synthesize.js';
import { encodeWav, type WavBitDepth } from '../ir/wav-codec.js';
import { writeFileSync } from 'node:fs';
import {
  parseChoice, parseCommand, parseNumber, parseSeconds, parseVec3, requireOne, text, usageError, type OptionSpec,
} from './cli-args.js';
import type { CliIO } from './cli-io.js';
import { OutputFile } from './output-file.js';

export const SYNTH_HELP = `Usage: web-convolver synth <exponential|noise|room|bandpass> [options] -o <ir.wav>

Kinds and their options (seconds accept "ms": 25ms):
  exponential   g(t) = e^(-t/tau)             --tau <s> or --rt60 <s> (one of them)
  noise         noise reverb                  --rt60 <s> --pre-delay <s> --damping <0.01-1: HF RT60 ratio>
                                              --damping-frequency <Hz> --low-cut <Hz> --decorrelation <0-1>
  room          image-source shoebox + tail   --size 8x6x3 --source 2,3,1.5 --listener 6,3.2,1.5
                                              --absorption <0-1> --mic-spacing <m> --damping <ratio>
  bandpass      linear-phase band-pass FIR    --low <Hz> --high <Hz>
Common options:
  -o, --output <file>   output WAV (required)
  --channels <1|2|4>    4 = true stereo (LL, LR, RL, RR); default 2 (1 for exponential and bandpass)
  --rate <Hz>           sample rate; default 48000
  --duration <s>        length; default depends on the decay
  --seed <n>            random seed; default 1
  --bits <16|24|32f>    default 24
  --peak <dBFS>         peak level after normalization; default -1
  -h, --help            this help
`;

const OPTIONS: OptionSpec = {
  output: { type: 'string', short: 'o' }, channels: { type: 'string' }, rate: { type: 'string' },
  duration: { type: 'string' }, seed: { type: 'string' }, bits: { type: 'string' }, peak: { type: 'string' },
  tau: { type: 'string' }, rt60: { type: 'string' }, 'pre-delay': { type: 'string' }, damping: { type: 'string' },
  'damping-frequency': { type: 'string' }, 'low-cut': { type: 'string' }, decorrelation: { type: 'string' },
  size: { type: 'string' }, source: { type: 'string' }, listener: { type: 'string' }, absorption: { type: 'string' },
  'mic-spacing': { type: 'string' }, low: { type: 'string' }, high: { type: 'string' },
};
const COMMON = ['output', 'channels', 'rate', 'duration', 'seed', 'bits', 'peak', 'help'];
const KIND_OPTIONS: Record<SynthKind, string[]> = {
  exponential: ['tau', 'rt60'],
  noise: ['rt60', 'pre-delay', 'damping', 'damping-frequency', 'low-cut', 'decorrelation'],
  room: ['size', 'source', 'listener', 'absorption', 'mic-spacing', 'damping'],
  bandpass: ['low', 'high'],
};

export async function synthCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('synth', args, OPTIONS);
  if (values.help) { io.stdout.write(SYNTH_HELP); return 0; }
  const kind = requireOne(positionals, 'kind', 'synth') as SynthKind;
  if (!SYNTH_KINDS.includes(kind)) {
    throw usageError(`unknown kind ${JSON.stringify(kind)}; expected one of ${SYNTH_KINDS.join(', ')} (see web-convolver synth --help)`);
  }
  for (const name of Object.keys(values)) {
    if (!COMMON.includes(name) && !KIND_OPTIONS[kind].includes(name)) {
      throw usageError(`--${name} does not apply to ${kind}; its options are --${KIND_OPTIONS[kind].join(', --')}`);
    }
  }
  if (values.tau !== undefined && values.rt60 !== undefined) {
    throw usageError('--tau and --rt60 both set the decay (RT60 = 6.91 × tau); give one of them');
  }
  const output = text(values.output);
  if (output === undefined) throw usageError('synth needs -o <ir.wav>');
  const file = new OutputFile(output); // checks the folder before the work
  const v = (name: string) => text(values[name]);
  const channels = parseChoice('channels', v('channels'), ['1', '2', '4']);
  const common = {
    sampleRate: parseNumber('rate', v('rate'), 1000, 768000) ?? 48000,
    channels: Number(channels ?? (kind === 'exponential' || kind === 'bandpass' ? 1 : 2)) as 1 | 2 | 4,
    duration: parseSeconds('duration', v('duration'), 0.0001),
    seed: parseNumber('seed', v('seed'), 0, 2 ** 32 - 1) ?? 1,
  };
  const rt60 = parseSeconds('rt60', v('rt60'), 0.001);
  const damping = parseNumber('damping', v('damping'), 0.01, 1);
  const kindOptions = {
    exponential: { tau: parseSeconds('tau', v('tau'), 0.00001), rt60 },
    noise: {
      rt60, preDelay: parseSeconds('pre-delay', v('pre-delay')), hfRatio: damping,
      dampingFrequency: parseNumber('damping-frequency', v('damping-frequency'), 1), lowCut: parseNumber('low-cut', v('low-cut'), 0),
      decorrelation: parseNumber('decorrelation', v('decorrelation'), 0, 1),
    },
    room: {
      size: parseVec3('size', v('size')), source: parseVec3('source', v('source')), listener: parseVec3('listener', v('listener')),
      absorption: parseNumber('absorption', v('absorption'), 0.001, 0.999), micSpacing: parseNumber('mic-spacing', v('mic-spacing'), 0), hfRatio: damping,
    },
    bandpass: { low: parseNumber('low', v('low'), 0), high: parseNumber('high', v('high'), 0) },
  }[kind];
  const defined = Object.fromEntries(Object.entries({ ...common, ...kindOptions }).filter(([, x]) => x !== undefined));
  let buffer;
  try {
    buffer = synthesize(kind, defined);
  } catch (error) {
    throw usageError((error as Error).message); // a synthesizer's RangeError names the bad option value
  }
  const peakDb = parseNumber('peak', v('peak'), -120, 0) ?? -1;
  normalizeImpulse(buffer, 'peak', 10 ** (peakDb / 20));
  const bits = parseChoice<WavBitDepth>('bits', v('bits'), ['16', '24', '32f']) ?? '24';
  try {
    writeFileSync(file.temporary, encodeWav(channelsOf(buffer), buffer.sampleRate, bits));
    file.commit();
  } finally {
    file.discard();
  }
  const a = analyzeImpulse(buffer);
  // A band-pass filter is not a reverb: a decay time fitted to its ringing would mislead.
  const rt = Number.isNaN(a.rt60) || kind === 'bandpass' ? '' : `, RT60 ${a.rt60.toFixed(3)} s`;
  io.stdout.write(`wrote ${output}: ${kind}, ${a.channels} ch, ${a.sampleRate} Hz, ${a.duration.toFixed(3)} s${rt}\n`);
  return 0;
}
