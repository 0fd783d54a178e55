/**
 * The `web-convolver` command line: dispatches to render, synth and info. Node only. Returns the exit code:
 * 0 on success, 1 when the work failed (unreadable or corrupt file …), 2 for a usage mistake; the reason is
 * one line on stderr.
 */
import { readFileSync } from 'node:fs';
import { ImpulseDecodeError } from '../ir/decode-error.js';
import { CliError } from './cli-args.js';
import type { CliIO } from './cli-io.js';
import { infoCommand } from './info-command.js';
import { renderCommand } from './render-command.js';
import { synthCommand } from './synth-command.js';

export const MAIN_HELP = `Usage: web-convolver <command> [options]

Commands:
  render <in.wav> --ir <file|id> -o <out.wav>   convolve a WAV file with an impulse response
  synth <kind> -o <ir.wav>                       write a synthetic impulse response
  info <ir.wav>                                  channels, rate, length, peak, RT60, pre-delay

Run web-convolver <command> --help for the options of each command; web-convolver --version for the version.
`;

// src/cli/ and dist/cli/ both sit two folders below the package root (a variable, so bundlers leave it alone).
const PACKAGE_JSON = '../../package.json';

/** The package's version from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL(PACKAGE_JSON, import.meta.url), 'utf8')) as { version: string }).version;
}

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  render: renderCommand,
  synth: synthCommand,
  info: infoCommand,
};

export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout.write(`web-convolver ${packageVersion()}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.stderr.write(`web-convolver: unknown command ${JSON.stringify(command)}; expected render, synth or info (see --help)\n`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    io.stderr.write(`web-convolver ${command}: ${oneLine(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

function oneLine(error: unknown): string {
  if (error instanceof CliError || error instanceof ImpulseDecodeError || error instanceof RangeError || error instanceof TypeError) {
    return error.message.replace(/\s*\n\s*/g, ' ');
  }
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' && e.path) return `no such file: ${e.path}`;
  if (e?.code && e.path) return `${e.code} on ${e.path}: ${e.message.split('\n')[0]}`;
  return String((error as Error)?.message ?? error).split('\n')[0];
}
