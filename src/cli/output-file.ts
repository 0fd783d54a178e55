/**
 * Where a command writes its output without ever destroying what it reads: the target is checked before any
 * work starts (its folder exists, it is not a folder, it is not one of the input files, also through symlinks
 * and hard links), and the bytes go to a temporary file beside the target that is renamed over it only when
 * complete. An error or an interruption removes the temporary file: the target is either the old file or the
 * whole new one, never a partial WAV whose header promises more than it holds. Node only.
 */
import { chmodSync, existsSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { usageError } from './cli-args.js';

/** A file the command reads, named by its role for messages: `input`, `--ir`. */
export interface ReadFile {
  role: string;
  path: string;
}

export class OutputFile {
  /** The file that will hold the result: the output path with its folder (and an existing symlink) resolved. */
  readonly target: string;
  /** Where the bytes are written until commit(). */
  readonly temporary: string;
  readonly #mode: number | undefined; // permission bits of a target being replaced, kept on the new file
  #settled = false;

  /**
   * Checks `path` against the files the command reads and picks the temporary name. Throws a usage error
   * (exit 2) when the folder is missing, the path is a folder, or the path is one of `reads`.
   * Allocates: main thread only.
   */
  constructor(path: string, reads: readonly ReadFile[] = []) {
    const folder = dirname(path);
    if (!existsSync(folder)) throw usageError(`output folder ${quote(folder)} does not exist; create it first (output ${quote(path)})`);
    if (!statSync(folder).isDirectory()) throw usageError(`output ${quote(path)}: ${quote(folder)} is not a folder`);
    const existing = statOrUndefined(path);
    if (existing?.isDirectory()) throw usageError(`output ${quote(path)} is a folder; expected a file name`);
    // An existing symlink is written through (the link keeps pointing at the new content), so the checks and
    // the temporary file work on the file it resolves to.
    this.target = existing ? realpathSync(path) : join(realpathSync(folder), basename(path));
    for (const read of reads) {
      if (sameFile(this.target, existing, read.path)) {
        throw usageError(`output ${quote(path)} is the ${read.role} file ${quote(read.path)}; writing it would destroy the ${read.role} — choose another output name`);
      }
    }
    this.#mode = existing ? existing.mode & 0o7777 : undefined;
    const random = Math.floor(Math.random() * 0x100000000).toString(36);
    this.temporary = join(dirname(this.target), `.${basename(this.target)}.${process.pid}-${random}.partial`);
  }

  /** Moves the finished temporary file onto the target (atomic on one file system). Allocates: main thread only. */
  commit(): void {
    if (this.#settled) return;
    if (this.#mode !== undefined) chmodSync(this.temporary, this.#mode);
    renameSync(this.temporary, this.target);
    this.#settled = true;
  }

  /** Removes the temporary file, if any; the target stays as it was. Safe to call after commit(). */
  discard(): void {
    if (this.#settled) return;
    this.#settled = true;
    rmSync(this.temporary, { force: true });
  }
}

const quote = (path: string) => `'${path}'`;

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `target` (already resolved; `stats` when it exists) is the same file as `other`. */
function sameFile(target: string, stats: Stats | undefined, other: string): boolean {
  const otherStats = statOrUndefined(other);
  if (otherStats === undefined) return false;
  if (realpathSync(other) === target) return true;
  // Hard links have different paths and one inode.
  return stats !== undefined && stats.dev === otherStats.dev && stats.ino === otherStats.ino;
}
