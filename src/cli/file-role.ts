/**
 * Names the file and its role in an error about it: a render reads an input and an IR, and "file starts with
 * \"hell\"" alone does not say which of the two is the text file. Node only.
 */
import { ImpulseDecodeError } from '../ir/decode-error.js';
import { CliError } from './cli-args.js';

/** `error`, reworded to start with `role 'path': ` (and a missing file said plainly). */
export function inRole(role: string, path: string, error: unknown): unknown {
  const prefix = `${role} '${path}'`;
  if (error instanceof Error && error.message.startsWith(prefix)) return error; // named where it was thrown
  if (error instanceof ImpulseDecodeError) {
    return new ImpulseDecodeError(error.code, `${prefix}: ${error.message}`);
  }
  if (error instanceof CliError) return new CliError(`${prefix}: ${error.message}`, error.exitCode);
  if (error instanceof RangeError) return new RangeError(`${prefix}: ${error.message}`);
  if (error instanceof TypeError) return new TypeError(`${prefix}: ${error.message}`);
  const errno = error as NodeJS.ErrnoException;
  if (errno?.code === 'ENOENT') return new CliError(`${prefix}: no such file`);
  if (errno?.code === 'EISDIR') return new CliError(`${prefix} is a folder; expected a WAV file`);
  if (errno?.code === 'EACCES') return new CliError(`${prefix}: permission denied`);
  if (typeof errno?.code === 'string') return new CliError(`${prefix}: ${errno.code}: ${String(errno.message).split('\n')[0]}`);
  return error;
}

/** Runs `read` and rewords whatever it throws with `inRole`. */
export async function readAs<T>(role: string, path: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw inRole(role, path, error);
  }
}
