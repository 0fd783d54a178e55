// Builds the self-contained worklet module (the same `vite build --mode worklet` as `npm run build`) into a
// per-process temp dir, once per test file: node-web-audio-api's addModule imports a real JS file in its
// worker, where TypeScript sources cannot load.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

let built: Promise<string> | null = null;

export function workletBundlePath(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'web-convolver-worklet-'));
    await build({ configFile: 'vite.config.ts', mode: 'worklet', logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    return join(outDir, 'convolver-processor.js');
  })();
  return built;
}
