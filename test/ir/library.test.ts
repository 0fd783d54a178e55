import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LIBRARY_RECIPES, renderLibraryImpulse, type Manifest } from '../../src/ir/library.js';
import { decodeWav } from '../../src/ir/wav-codec.js';
import { estimateRt60 } from '../../src/ir/analyze-impulse.js';
import { butterworth4 } from '../../src/ir/biquad.js';

const dir = new URL('../../impulses/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Manifest;

describe('bundled impulse library (impulses/)', () => {
  it('lists the six required kinds, each with a file, in 1, 2 and 4 channels', () => {
    expect(manifest.impulses.map((e) => e.id)).toEqual(LIBRARY_RECIPES.map((r) => r.id));
    expect(new Set(manifest.impulses.map((e) => e.channels))).toEqual(new Set([1, 2, 4]));
    for (const key of ['id', 'name', 'description', 'channels', 'sampleRate', 'length', 'rt60', 'generator']) {
      for (const entry of manifest.impulses) expect(entry).toHaveProperty(key);
    }
  });

  it('stays small: under 4 MiB in total', () => {
    const total = manifest.impulses.reduce((sum, e) => sum + readFileSync(new URL(e.file, dir)).length, 0);
    expect(total).toBeLessThan(4 * 1024 * 1024);
  });

  for (const recipe of LIBRARY_RECIPES) {
    it(`${recipe.id}: the file matches its manifest entry and re-renders from its recipe`, () => {
      const entry = manifest.impulses.find((e) => e.id === recipe.id)!;
      const file = decodeWav(readFileSync(new URL(entry.file, dir)));
      expect([file.channels.length, file.sampleRate, file.channels[0].length]).toEqual([entry.channels, entry.sampleRate, entry.length]);
      const { buffer } = renderLibraryImpulse(recipe);
      // Within one 24-bit step plus dither: the file is this recipe's output, not a stale one.
      for (let c = 0; c < file.channels.length; c++) {
        const fresh = buffer.getChannelData(c);
        let worst = 0;
        for (let i = 0; i < fresh.length; i++) worst = Math.max(worst, Math.abs(fresh[i] - file.channels[c][i]));
        expect(worst).toBeLessThan(2 ** -22);
      }
      if (recipe.rt60 !== null) {
        // The design RT60 is the low band's (damping shortens the highs): measure below 1 kHz.
        const low = file.channels.map((ch) => { const x = ch.slice(); butterworth4(x, 'lowpass', 1000, file.sampleRate); return x; });
        const measured = estimateRt60(low, file.sampleRate).rt60;
        expect(Math.abs(measured - recipe.rt60) / recipe.rt60).toBeLessThan(0.1);
      }
    });
  }
});
