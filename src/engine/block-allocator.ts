/**
 * Hands out aligned blocks of a linear byte range (the scope's WebAssembly memory) and takes them back: a free
 * list sorted by address, first fit, neighbours coalesced on free, so that engines built and released for hours
 * reuse the same space instead of growing it. The range can be extended at its end (after memory.grow()).
 *
 * Pure bookkeeping: it never touches the memory itself. Allocates: prepare only (engine construction and
 * release), never on the audio path. A page that builds and drops engines holds tens of blocks, so the linear
 * scans here are cheaper than any tree.
 */

/** Bytes: every block starts and ends on a SIMD vector boundary. */
export const BLOCK_ALIGN = 16;

export class BlockAllocator {
  private size: number; // bytes managed: [0, size)
  private readonly freeStart: number[] = []; // free blocks, sorted by address…
  private readonly freeBytes: number[] = []; // …and their sizes
  private readonly used = new Map<number, number>(); // start → bytes of each block handed out
  private usedBytes = 0;

  /** Manages `size` bytes from address 0 (a multiple of BLOCK_ALIGN). */
  constructor(size = 0) {
    this.size = 0;
    this.extend(size);
  }

  /** Bytes managed. */
  get capacity(): number {
    return this.size;
  }

  /** Bytes in blocks handed out and not yet freed. */
  get allocated(): number {
    return this.usedBytes;
  }

  /** Blocks handed out and not yet freed. */
  get blocks(): number {
    return this.used.size;
  }

  /** The largest block allocate() could hand out without extending the range. */
  get largestFree(): number {
    let largest = 0;
    for (const bytes of this.freeBytes) if (bytes > largest) largest = bytes;
    return largest;
  }

  /** Free bytes at the end of the range (what an extension adds to). */
  get freeAtEnd(): number {
    const n = this.freeStart.length;
    if (n === 0) return 0;
    return this.freeStart[n - 1] + this.freeBytes[n - 1] === this.size ? this.freeBytes[n - 1] : 0;
  }

  /** Rounds a request up to whole alignment units (bytes). */
  static round(bytes: number): number {
    return Math.ceil(Math.max(1, bytes) / BLOCK_ALIGN) * BLOCK_ALIGN;
  }

  /** The start address of a free block of at least `bytes`, or −1 when none is free (extend, then retry). */
  allocate(bytes: number): number {
    if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`block of ${bytes} bytes requested; expected a size ≥ 0`);
    const need = BlockAllocator.round(bytes);
    for (let i = 0; i < this.freeStart.length; i++) {
      if (this.freeBytes[i] < need) continue;
      const start = this.freeStart[i];
      if (this.freeBytes[i] === need) {
        this.freeStart.splice(i, 1);
        this.freeBytes.splice(i, 1);
      } else {
        this.freeStart[i] += need;
        this.freeBytes[i] -= need;
      }
      this.used.set(start, need);
      this.usedBytes += need;
      return start;
    }
    return -1;
  }

  /** Returns the block at `start` to the free list, merged with free neighbours. */
  free(start: number): void {
    const bytes = this.used.get(start);
    if (bytes === undefined) throw new RangeError(`no block starts at byte ${start}; expected an address allocate() returned`);
    this.used.delete(start);
    this.usedBytes -= bytes;
    this.insertFree(start, bytes);
  }

  /** Grows the managed range to `size` bytes; the new space joins the free list. */
  extend(size: number): void {
    if (size % BLOCK_ALIGN !== 0 || size < this.size) {
      throw new RangeError(`allocator range of ${size} bytes; expected a multiple of ${BLOCK_ALIGN} ≥ ${this.size}`);
    }
    if (size > this.size) this.insertFree(this.size, size - this.size);
    this.size = size;
  }

  private insertFree(start: number, bytes: number): void {
    const starts = this.freeStart;
    const sizes = this.freeBytes;
    let i = 0;
    while (i < starts.length && starts[i] < start) i++;
    const joinsPrevious = i > 0 && starts[i - 1] + sizes[i - 1] === start;
    const joinsNext = i < starts.length && start + bytes === starts[i];
    if (joinsPrevious && joinsNext) {
      sizes[i - 1] += bytes + sizes[i];
      starts.splice(i, 1);
      sizes.splice(i, 1);
    } else if (joinsPrevious) {
      sizes[i - 1] += bytes;
    } else if (joinsNext) {
      starts[i] = start;
      sizes[i] += bytes;
    } else {
      starts.splice(i, 0, start);
      sizes.splice(i, 0, bytes);
    }
  }
}
