// The head/tail protocol between the node and its processor, driven as the audio thread and the node would:
// a head plays from the block it arrives in (or from the first block, given in processorOptions), the tail's
// parts are supplied as they come, late parts leave the head playing alone, and the newest IR wins without any
// queue or memory growing.
import './worklet-globals.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ImpulseTail, planPartitions, prepareImpulseHead, type ImpulsePart } from '../../src/engine/index.js';
import { TailStreamer } from '../../src/web/impulse-streamer.js';
import { ConvolverProcessor } from '../../worklets/convolver-processor.js';
import { noise } from '../helpers/random.js';
import { errorStats, fftConvolve64 } from '../helpers/signal.js';
import type { FakePort } from './worklet-globals.js';

const B = 128; // frames
const MAX_ERROR_DB = -100; // error energy below signal energy

function decaying(frames: number, seed: number): Float32Array[] {
  return noise(2, frames, seed).map((c) => c.map((v, i) => v * Math.exp(-i / 20_000)));
}

function parts(impulse: Float32Array[]): ImpulsePart[] {
  const tail = new ImpulseTail(impulse, planPartitions(impulse[0].length, { blockSize: B }), 1);
  const all: ImpulsePart[] = [];
  for (let part = tail.next(); part !== null; part = tail.next()) all.push(part);
  return all;
}

function run(processor: ConvolverProcessor, input: Float32Array[], frames: number, before: (block: number) => void) {
  const out = [new Float32Array(frames), new Float32Array(frames)];
  const inB = [new Float32Array(B), new Float32Array(B)];
  const outB = [new Float32Array(B), new Float32Array(B)];
  const parameters = { wet: new Float32Array([1]), dry: new Float32Array([0]) };
  for (let b = 0; b * B < frames; b++) {
    before(b);
    for (let c = 0; c < 2; c++) {
      inB[c].fill(0);
      if (b * B < input[c].length) inB[c].set(input[c].subarray(b * B, Math.min(input[c].length, (b + 1) * B)));
    }
    processor.process([inB], [outB], parameters);
    for (let c = 0; c < 2; c++) out[c].set(outB[c], b * B);
  }
  return out;
}

describe('IR head and streamed tail through the processor', () => {
  const impulse = decaying(144_000, 51); // 3 s at 48 kHz: levels 128, 512, 4096
  const input = noise(2, 30_000, 52);
  const frames = 64 * 1024;

  it('a head in processorOptions plays from the first block; parts arriving in time make it exact', () => {
    const head = prepareImpulseHead(impulse, { blockSize: B });
    const processor = new ConvolverProcessor({
      processorOptions: { blockSize: B, crossfadeTime: 0.05, impulse: head, impulseId: 1, deferLoad: true },
    });
    const port = processor.port as unknown as FakePort;
    expect(port.sent).toContainEqual({ type: 'applied', id: 1 });
    const tail = parts(impulse);
    let next = 0;
    const out = run(processor, input, frames, (block) => {
      // a part every 4 blocks from block 20 (≈ 53 ms, a Worker's pace): well before each is due
      if (block >= 20 && block % 4 === 0 && next < tail.length) port.deliver({ type: 'impulse-part', id: 1, ...tail[next++] });
    });
    expect(next).toBe(tail.length);
    const reference = fftConvolve64(input, impulse).map((c) => c.subarray(0, frames));
    expect(errorStats(reference, out).errorDb).toBeLessThan(MAX_ERROR_DB);
    expect(port.sent.filter((m) => (m as { type: string }).type === 'error')).toEqual([]);
  });

  it('a head by message swaps in at once; late parts leave only the head playing, then all of it', () => {
    const processor = new ConvolverProcessor({ processorOptions: { blockSize: B, crossfadeTime: 0.05, deferLoad: true } });
    const port = processor.port as unknown as FakePort;
    port.deliver({ type: 'impulse', id: 7, impulse: prepareImpulseHead(impulse, { blockSize: B }) });
    const tail = parts(impulse);
    const arrival = 300; // block: ≈ 0.8 s, after many tail partitions were due
    const out = run(processor, input, frames, (block) => {
      if (block === arrival) for (const part of tail) port.deliver({ type: 'impulse-part', id: 7, ...part });
    });
    expect(out.every((c) => c.every(Number.isFinite))).toBe(true);
    // the first block already carries the new IR (its direct sound)
    expect(Math.abs(out[0][5])).toBeGreaterThan(0);
    const full = fftConvolve64(input, impulse);
    const from = arrival * B + 3 * 4096 + 8 * B; // every job started after the parts were copied in
    const stats = errorStats(full.map((c) => c.subarray(from, frames)), out.map((c) => c.subarray(from, frames)));
    expect(stats.errorDb).toBeLessThan(MAX_ERROR_DB);
    // before: the missing partitions' share is absent, so the output differs from the full IR's by about it
    const early = errorStats(full.map((c) => c.subarray(20_000, arrival * B)), out.map((c) => c.subarray(20_000, arrival * B)));
    expect(early.errorDb).toBeGreaterThan(-60);
  });

  it('the newest IR wins: parts of IRs no longer held are dropped, memory stays flat over 40 rapid changes', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const processor = new ConvolverProcessor({ processorOptions: { blockSize: B, crossfadeTime: 0.01, deferLoad: true } });
    const port = processor.port as unknown as FakePort;
    const irs = [decaying(144_000, 61), decaying(144_000, 62)];
    const tails = irs.map(parts);
    const heads = irs.map((ir) => prepareImpulseHead(ir, { blockSize: B }));
    const out = [new Float32Array(B), new Float32Array(B)];
    const block = [noise(1, B, 63)[0], noise(1, B, 64)[0]];
    const memory: number[] = [];
    for (let round = 1; round <= 40; round++) {
      const k = round % 2;
      // heads are small; sent structured-cloned in tests (a real port transfers them)
      port.deliver({ type: 'impulse', id: round, impulse: { ...heads[k], spectra: heads[k].spectra.map((s) => s.slice()) } });
      for (let i = 0; i < 3; i++) processor.process([block], [out], {});
      // this round's tail, and a stale tail of an IR long replaced: dropped, no error
      for (const part of tails[k]) port.deliver({ type: 'impulse-part', id: round, ...part, spectra: part.spectra.map((s) => s.slice()) });
      port.deliver({ type: 'impulse-part', id: round - 2, ...tails[k][0] });
      for (let i = 0; i < 10; i++) processor.process([block], [out], {});
      gc();
      memory.push(process.memoryUsage().arrayBuffers);
    }
    expect(port.sent.filter((m) => (m as { type: string }).type === 'error')).toEqual([]);
    console.log(`array buffers after each round, MB: ${memory.map((m) => (m / 1e6).toFixed(1)).join(' ')}`);
    const irBytes = 2 * 2 * 144_000 * 4; // one IR's spectra, bytes
    // GC leaves a buffer or two behind at times (±1 IR): compare the floors. A leak of anything per round
    // would add ≥ 30 × its size.
    expect(Math.min(...memory.slice(30)) - Math.min(...memory.slice(5, 15))).toBeLessThan(irBytes);
  });

  it("the main thread's streamer (no Worker here) sends the tail once, and a newer IR cancels the older one's", async () => {
    const streamer = new TailStreamer(null);
    const plan = planPartitions(144_000, { blockSize: B });
    const checked = (ir: Float32Array[]) => ({ channels: ir, scale: 1, blockSize: B });
    const sent: { ir: string; part: ImpulsePart }[] = [];
    const errors: string[] = [];
    streamer.start(checked(decaying(144_000, 71)), plan, (part) => sent.push({ ir: 'a', part }), (e) => errors.push(e));
    streamer.start(checked(impulse), plan, (part) => sent.push({ ir: 'b', part }), (e) => errors.push(e));
    const expected = parts(impulse);
    for (let i = 0; i < 200 && sent.length < expected.length; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(errors).toEqual([]);
    expect(sent.every((s) => s.ir === 'b')).toBe(true);
    expect(sent.map((s) => [s.part.level, s.part.first])).toEqual(expected.map((p) => [p.level, p.first]));
    expect(sent[3].part.spectra[1]).toEqual(expected[3].spectra[1]);
  });
});
