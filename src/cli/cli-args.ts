/**
 * Argument parsing for the command line: node:util's parseArgs plus value parsers that name the option, the
 * text they got and what they expected. Usage mistakes throw CliError with exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, 2);

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommand(args: string[], options: OptionSpec): ParsedCommand {
  try {
    const parsed = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
  } catch (error) {
    // parseArgs's messages are clear but long; keep the first sentence on one line.
    throw usageError(String((error as Error).message).split('\n')[0]);
  }
}

/** The string value of an option declared with type 'string'. */
export const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** A finite number within [min, max], e.g. `--rt60 2.5`. */
export function parseNumber(name: string, text: string | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw usageError(`--${name} is ${JSON.stringify(text)}; expected a number from ${min} to ${max}`);
  }
  return value;
}

/** A duration in seconds: "1.5", "1.5s" or "25ms". */
export function parseSeconds(name: string, text: string | undefined, min = 0, max = 3600): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(-?[\d.]+(?:e-?\d+)?)\s*(ms|s)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) / (match[2]?.toLowerCase() === 'ms' ? 1000 : 1) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw usageError(`--${name} is ${JSON.stringify(text)}; expected seconds from ${min} to ${max} (e.g. 0.5, 0.5s, 500ms)`);
  }
  return value;
}

/** A linear gain, or a level in dB with a "dB" suffix: "0.5", "-6dB". */
export function parseGain(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*([-+]?[\d.]+(?:e-?\d+)?)\s*(db)?\s*$/i.exec(text);
  const number = match ? Number(match[1]) : NaN;
  const value = match?.[2] ? 10 ** (number / 20) : number;
  if (!Number.isFinite(value) || value < 0 || value > 1000) {
    throw usageError(`--${name} is ${JSON.stringify(text)}; expected a gain from 0 to 1000 or a level like -6dB`);
  }
  return value;
}

/** Three numbers in metres: "8x6x3" or "8,6,3". */
export function parseVec3(name: string, text: string | undefined): [number, number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(/[x,]/i).map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) {
    throw usageError(`--${name} is ${JSON.stringify(text)}; expected three numbers in metres like 8x6x3 or 2,3,1.5`);
  }
  return parts as [number, number, number];
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(name: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!choices.includes(text as T)) {
    throw usageError(`--${name} is ${JSON.stringify(text)}; expected one of ${choices.join(', ')}`);
  }
  return text as T;
}

export function requireOne(positionals: string[], what: string, command: string): string {
  if (positionals.length !== 1) {
    const got = positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ');
    throw usageError(`${command} takes one ${what}; got ${got} (see web-convolver ${command} --help)`);
  }
  return positionals[0];
}
