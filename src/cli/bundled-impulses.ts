/**
 * Finds an impulse named on the command line: a file path, or the id of a bundled impulse in impulses/
 * (listed by impulses/manifest.json, shipped with the package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-args.js';

// src/cli/ and dist/cli/ both sit two levels below the package root. The path is a variable so bundlers do
// not treat `new URL('literal', import.meta.url)` as an asset to copy and rewrite.
const IMPULSES_RELATIVE = '../../impulses/';
const IMPULSES_DIR = new URL(IMPULSES_RELATIVE, import.meta.url);

export interface BundledImpulse {
  id: string;
  name: string;
  description: string;
  channels: number;
  duration: number; // s
}

/** The bundled impulses as impulses/manifest.json lists them; empty when the folder is missing. */
export function bundledImpulses(): BundledImpulse[] {
  try {
    return (JSON.parse(readFileSync(new URL('manifest.json', IMPULSES_DIR), 'utf8')) as { impulses: BundledImpulse[] }).impulses;
  } catch {
    return [];
  }
}

export function bundledImpulseIds(): string[] {
  return bundledImpulses().map((entry) => entry.id);
}

/** A readable path for `name`: the file itself if it exists, else the bundled impulse with that id. */
export function resolveImpulsePath(name: string, label = '--ir'): string {
  if (existsSync(name)) return name;
  const ids = bundledImpulseIds();
  if (ids.includes(name)) return fileURLToPath(new URL(`${name}.wav`, IMPULSES_DIR));
  throw new CliError(
    `${label} ${JSON.stringify(name)} is neither a file nor a bundled impulse; bundled: ${ids.join(', ') || '(none found)'}`,
  );
}
