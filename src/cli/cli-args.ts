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

/**
 * Parses one command's arguments. `command` names it in errors, which point at its --help. Values that start
 * with a dash but read as numbers (`--wet -6dB`, `--peak -3`) are taken as values: parseArgs alone calls them
 * ambiguous, and levels in dB are negative more often than not.
 */
export function parseCommand(command: string, args: string[], options: OptionSpec): ParsedCommand {
  const spec: OptionSpec = { help: { type: 'boolean', short: 'h' }, ...options };
  try {
    const parsed = parseArgs({ args: joinNegativeValues(args, spec), options: spec, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
  } catch (error) {
    throw usageError(`${describeParseError(error as Error & { code?: string }, spec)} (see web-convolver ${command} --help)`);
  }
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/; // "-6dB", "-3", "-.5", "-20ms"

/** `--wet -6dB` → `--wet=-6dB` and `-o -1.wav` → `-o-1.wav` for options that take a value. */
function joinNegativeValues(args: string[], spec: OptionSpec): string[] {
  const takesValue = new Set<string>();
  for (const [name, option] of Object.entries(spec)) {
    if (option.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (option.short) takesValue.add(`-${option.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') { out.push(...args.slice(i)); break; }
    const next = args[i + 1];
    if (takesValue.has(arg) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** parseArgs's message on one line; an unknown option also names the closest known one. */
function describeParseError(error: Error & { code?: string }, spec: OptionSpec): string {
  const message = String(error.message).replace(/\s*\n\s*/g, ' ');
  const unknown = /^Unknown option '(-{1,2})([^'=]*)/.exec(message);
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === null) return message;
  const near = unknown[2].length >= 3 ? Object.keys(spec).find((name) => editDistance(name, unknown[2]) <= 2) : undefined;
  return `unknown option '${unknown[1]}${unknown[2]}'${near ? `; did you mean --${near}?` : ''}`;
}

/** Levenshtein distance, for "did you mean": option names are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
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
