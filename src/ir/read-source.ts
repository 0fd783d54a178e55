/**
 * Reads any impulse source into bytes, enforcing a size limit before reading wherever the size is known (Blob
 * size, Content-Length, file size) and while reading where it is not (a streamed response). Browser-safe.
 */
import { ImpulseDecodeError } from './decode-error.js';
import { count } from '../engine/wording.js';

/** Reads a whole file by path; must reject files over `maxBytes` without reading them. */
export type ReadFile = (path: string, maxBytes: number) => Promise<Uint8Array>;

type Source = string | URL | Blob | ArrayBuffer | ArrayBufferView;

// A scheme of two or more letters: "https:", "data:", "blob:", "file:" — but not a Windows drive "C:".
const URL_SCHEME = /^[a-z][a-z0-9+.-]+:/i;
// Kept in a variable so bundlers do not try to resolve (or polyfill) it for the browser build.
const NODE_FS = 'node:fs/promises';

export async function readSource(source: Source, maxBytes: number, readFile?: ReadFile): Promise<Uint8Array> {
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes is ${maxBytes}; expected a number of bytes > 0`);
  if (source instanceof ArrayBuffer) return checkSize(new Uint8Array(source), maxBytes);
  if (ArrayBuffer.isView(source)) {
    return checkSize(new Uint8Array(source.buffer, source.byteOffset, source.byteLength), maxBytes);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    tooLarge(source.size, maxBytes);
    return new Uint8Array(await source.arrayBuffer());
  }
  if (source instanceof URL || typeof source === 'string') {
    const text = String(source);
    if (isNode() && (!URL_SCHEME.test(text) || text.startsWith('file:'))) {
      const path = text.startsWith('file:') ? decodeURIComponent(new URL(text).pathname) : text;
      return (readFile ?? nodeReadFile)(path, maxBytes);
    }
    return fetchBytes(text, maxBytes);
  }
  throw new TypeError(
    `impulse source is ${source === null ? 'null' : typeof source}; expected a URL, path, Blob, File, ArrayBuffer or typed array`,
  );
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

function tooLarge(size: number, maxBytes: number): void {
  if (size > maxBytes) {
    throw new ImpulseDecodeError('TOO_LARGE', `file has ${count(size, 'byte')}; expected at most ${maxBytes} (options.maxBytes)`);
  }
}

function checkSize(bytes: Uint8Array, maxBytes: number): Uint8Array {
  tooLarge(bytes.length, maxBytes);
  return bytes;
}

async function nodeReadFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const fs = (await import(/* @vite-ignore */ NODE_FS)) as {
    stat(p: string): Promise<{ size: number; isFile(): boolean }>;
    readFile(p: string): Promise<Uint8Array>;
  };
  let stats;
  try {
    stats = await fs.stat(path);
  } catch (error) {
    throw new ImpulseDecodeError('FETCH_FAILED', `cannot read impulse file ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
  if (!stats.isFile()) throw new ImpulseDecodeError('FETCH_FAILED', `${JSON.stringify(path)} is not a file; expected a WAV file`);
  tooLarge(stats.size, maxBytes);
  return checkSize(new Uint8Array(await fs.readFile(path)), maxBytes);
}

async function fetchBytes(url: string, maxBytes: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ImpulseDecodeError('FETCH_FAILED', `cannot fetch impulse ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new ImpulseDecodeError('FETCH_FAILED', `fetching impulse ${url} gave HTTP ${response.status}; expected 200`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared)) tooLarge(declared, maxBytes);
  if (response.body === null) return checkSize(new Uint8Array(await response.arrayBuffer()), maxBytes);
  // Without a trustworthy length, count while streaming and stop at the limit rather than after it.
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      tooLarge(total, maxBytes);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) { bytes.set(part, at); at += part.length; }
  return bytes;
}
