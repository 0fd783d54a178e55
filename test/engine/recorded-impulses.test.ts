import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { PartitionedConvolver } from '../../src/engine/index.js';
import { errorStats, fftConvolve64, streamBlocks } from '../helpers/signal.js';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const IMPULSES = `${SHARED}impulses/`;
const BREAKBEAT = `${SHARED}audio/breakbeat.wav`;
const present = existsSync(IMPULSES) && existsSync(BREAKBEAT);

function readWav(path: string): Float32Array[] {
  const wav = new wavefile.WaveFile(readFileSync(path));
  wav.toBitDepth('32f');
  const samples = wav.getSamples(false, Float32Array) as unknown as Float32Array[] | Float32Array;
  return Array.isArray(samples) ? samples : [samples];
}

describe.skipIf(!present)(`recorded impulse responses in ${IMPULSES}`, () => {
  const files = present ? readdirSync(IMPULSES).filter((f) => f.endsWith('.wav')) : [];
  // 1.5 s of a dry drum loop: transients make any gap or click in the output obvious
  const drums = present ? readWav(BREAKBEAT).map((c) => c.slice(0, 66_150)) : [];
  for (const file of files) {
    it(`${file}: the drum loop streamed through it matches a float64 FFT convolution`, () => {
      const impulse = readWav(IMPULSES + file);
      const reference = fftConvolve64(drums, impulse);
      const out = streamBlocks(new PartitionedConvolver(impulse), drums, reference[0].length);
      const stats = errorStats(reference, out);
      expect(stats.errorDb).toBeLessThan(-100);
      expect(stats.maxRelative).toBeLessThan(1e-5);
    });
  }
});

if (!present) {
  describe('recorded impulse responses', () => {
    it.skip(`skipped: ${IMPULSES} or ${BREAKBEAT} is absent (they exist only beside this workspace's checkout)`, () => {});
  });
}
