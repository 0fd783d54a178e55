/**
 * `web-convolver info <ir.wav>`: channels, rate, length, peak, RT60 (Schroeder backward integration, T30 or
 * shorter when the decay range is short) and pre-delay. `--list` shows the bundled impulses instead.
 */
import { analyzeImpulse, type ImpulseAnalysis } from '../ir/analyze-impulse.js';
import { loadImpulse } from '../ir/load-impulse.js';
import { bundledImpulses, resolveImpulsePath, type BundledImpulse } from './bundled-impulses.js';
import { parseCommand, requireOne } from './cli-args.js';
import type { CliIO } from './cli-io.js';
import { readAs } from './file-role.js';
import { count } from '../engine/wording.js';

export const INFO_HELP = `Usage: web-convolver info <ir.wav|bundled id> [--json]
       web-convolver info --list

Prints an impulse response's channels, sample rate, length, peak level, RT60 (Schroeder backward
integration: T30, or T20/T10 when the decay above the noise floor is shorter) and pre-delay (first arrival
within 20 dB of the peak).

Options:
  --json       one JSON object instead of a table
  --list       list the bundled impulses: id (usable as --ir <id> in render), name, channels, length
  -h, --help   this help
`;

export async function infoCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('info', args, { json: { type: 'boolean' }, list: { type: 'boolean' } });
  if (values.help) { io.stdout.write(INFO_HELP); return 0; }
  if (values.list) { io.stdout.write(formatList(bundledImpulses())); return 0; }
  const name = requireOne(positionals, 'impulse file', 'info');
  const path = resolveImpulsePath(name, 'impulse');
  const buffer = await readAs('impulse', name, () => loadImpulse(path, { maxBytes: 512 * 1024 * 1024 }));
  const analysis = analyzeImpulse(buffer);
  io.stdout.write(values.json ? `${JSON.stringify({ file: path, ...analysis })}\n` : formatInfo(path, analysis));
  return 0;
}

export function formatInfo(path: string, a: ImpulseAnalysis): string {
  const rt60 = Number.isNaN(a.rt60)
    ? `— (decay range ${a.dynamicRange.toFixed(0)} dB is too short to fit)`
    : `${a.rt60.toFixed(3)} s (${a.method}, ${a.dynamicRange.toFixed(0)} dB decay range)`;
  const rows: Array<[string, string]> = [
    ['file', path],
    ['channels', `${a.channels}${a.channels === 4 ? ' (true stereo: LL, LR, RL, RR)' : ''}`],
    ['sample rate', `${a.sampleRate} Hz`],
    ['length', `${count(a.length, 'frame')} (${a.duration.toFixed(3)} s)`],
    ['peak', `${a.peakDb.toFixed(2)} dBFS`],
    ['RT60', rt60],
    ['pre-delay', `${(a.preDelay * 1000).toFixed(2)} ms`],
  ];
  return rows.map(([key, value]) => `${key.padEnd(12)}${value}\n`).join('');
}

/** One line per bundled impulse: the id to pass as --ir, its name, channels and length. */
export function formatList(impulses: readonly BundledImpulse[]): string {
  const width = Math.max(0, ...impulses.map((entry) => entry.id.length)) + 2;
  return impulses
    .map((entry) => `${entry.id.padEnd(width)}${entry.name} (${entry.channels} ch, ${entry.duration.toFixed(2)} s)\n`)
    .join('');
}
