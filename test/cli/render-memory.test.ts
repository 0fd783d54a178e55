import { afterAll, expect, it } from 'vitest';
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeWavData, wavHeader } from '../../src/ir/wav-codec.js';
import { mulberry32 } from '../../src/ir/random.js';
import { tempDir } from '../ir/wav-files.js';
import { run } from './cli-helpers.js';

// A collector we can call, so each sample measures what the render keeps alive rather than uncollected garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dir = tempDir('memory');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RATE = 8000; // Hz: a low rate keeps a long file cheap to write and render
const MINUTES = 10;
const FRAMES = MINUTES * 60 * RATE; // 4.8 M frames: 19 MB as float32 if it were held in memory

it(`renders a ${MINUTES}-minute input in bounded memory (streamed in chunks: < 16 MiB of buffers alive)`, async () => {
  const input = join(dir, 'long.wav');
  const fd = openSync(input, 'w');
  writeSync(fd, wavHeader(1, RATE, '16', FRAMES, false));
  const random = mulberry32(3);
  const chunk = new Float32Array(RATE * 60);
  for (let m = 0; m < MINUTES; m++) {
    for (let i = 0; i < chunk.length; i++) chunk[i] = 0.5 * (random() - 0.5);
    writeSync(fd, encodeWavData([chunk], RATE, '16', m + 1));
  }
  closeSync(fd);

  gc();
  const before = process.memoryUsage().arrayBuffers;
  let peak = 0;
  // Sampled between chunks (the render yields to the event loop after each), after a full collection.
  const sampler = setInterval(() => { gc(); peak = Math.max(peak, process.memoryUsage().arrayBuffers - before); }, 20);
  const output = join(dir, 'long-out.wav');
  const result = await run(['render', input, '--ir', 'small-room', '-o', output, '--bits', '16', '--progress']);
  clearInterval(sampler);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/100%\n$/);
  const manifest = JSON.parse(readFileSync(new URL('../../impulses/manifest.json', import.meta.url), 'utf8'));
  const room = manifest.impulses.find((e: { id: string }) => e.id === 'small-room');
  const irFrames = Math.ceil((room.length * RATE) / room.sampleRate); // resampled to the input's rate
  expect(statSync(output).size).toBe(44 + 2 * 2 * (FRAMES + irFrames - 1));
  // Holding the input or the output as float32 would take ≥ 19 MB; the streamed render keeps far less alive.
  console.log(`render of ${MINUTES} min: peak live ArrayBuffer growth ${(peak / 2 ** 20).toFixed(1)} MiB`);
  expect(peak).toBeLessThan(16 * 2 ** 20); // measured 2.6-10.4 MiB, flat from 10 to 20 minutes
});
