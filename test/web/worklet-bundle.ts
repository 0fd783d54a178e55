// Builds the self-contained worklet module (the same `vite build --mode worklet` as `npm run build`) into a
// per-process temp dir, once per test file: node-web-audio-api's addModule imports a real JS file in its
// worker, where TypeScript sources cannot load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll } from 'vitest';

let built: Promise<string> | null = null;
let builtDir: string | null = null;

// Registered while the importing test file is collected, so it runs after that file's tests.
afterAll(() => {
  if (builtDir !== null) rmSync(builtDir, { recursive: true, force: true });
});

export function workletBundlePath(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'web-convolver-worklet-'));
    builtDir = outDir;
    await build({ configFile: 'vite.config.ts', mode: 'worklet', logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    return join(outDir, 'convolver-processor.js');
  })();
  return built;
}
