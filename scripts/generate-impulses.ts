// Renders the bundled impulse library: impulses/<id>.wav for every recipe in src/ir/library-recipes.ts, and
// impulses/manifest.json. Deterministic (seeded), so running it twice writes identical files.
// Usage: npm run impulses
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LIBRARY_RECIPES, buildManifest, manifestEntry, renderLibraryImpulse } from '../src/ir/library.js';

const outDir = fileURLToPath(new URL('../impulses/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const entries = LIBRARY_RECIPES.map((recipe) => {
  const { buffer, bytes } = renderLibraryImpulse(recipe);
  writeFileSync(`${outDir}${recipe.id}.wav`, bytes);
  const entry = manifestEntry(recipe, buffer);
  const rt60 = entry.rt60 === null ? '—' : `${entry.rt60} s (design ${entry.designRt60} s)`;
  console.log(`${recipe.id.padEnd(18)} ${entry.channels} ch ${entry.duration.toFixed(2)} s ${(bytes.length / 1024).toFixed(0).padStart(5)} KiB  RT60 ${rt60}`);
  return entry;
});
writeFileSync(`${outDir}manifest.json`, `${JSON.stringify(buildManifest(entries), null, 2)}\n`);
console.log(`wrote ${entries.length} impulses and manifest.json to ${outDir}`);
