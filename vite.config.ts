import { defineConfig } from 'vitest/config';

// One config for four jobs: the demo dev server (root demo/), the library build (`vite build --mode lib`),
// the worklet module build (`vite build --mode worklet`) and vitest. The library entry must stay free of Node
// built-ins so that bundlers can use it in browsers.
//
// The worklet is a separate build because it must be one self-contained file (engine and fft.js inlined, no
// imports): AudioWorkletGlobalScope loaders differ in what they resolve, and node-web-audio-api evaluates
// non-file modules from a data: URL where imports cannot resolve. Built with the library entries, shared code
// would be split into a chunk the worklet imports.
const worklet = {
  outDir: 'dist',
  emptyOutDir: false,
  // No source map: apps' bundlers copy the worklet as an asset (new URL(…, import.meta.url)) without its map,
  // so a sourceMappingURL would point at a file no app serves. The worklet is not minified: it reads as is.
  sourcemap: false,
  minify: false,
  lib: {
    entry: { 'convolver-processor': 'worklets/register.ts' },
    formats: ['es' as const],
  },
  rollupOptions: { output: { codeSplitting: false } },
};

// Strips the @vite-ignore that keeps this build from rewriting `new URL('./convolver-processor.js',
// import.meta.url)` (see src/web/register-convolver-worklet.ts), so that apps' bundlers do see the pattern.
const keepWorkletUrl = {
  name: 'web-convolver:keep-worklet-url',
  renderChunk(code: string) {
    if (!code.includes('@vite-ignore')) return null;
    // Same-length blanks: nothing moves, so the existing source map stays right (map: null says so).
    return { code: code.replace(/\/\*\s*@vite-ignore\s*\*\//g, (c) => c.replace(/\S/g, ' ')), map: null };
  },
};

// The command line (Node only), built apart so that none of its Node built-ins can reach a browser chunk.
// dist/cli/main.js sits two folders below the package root, as src/cli/main.ts does: impulses/ resolves alike.
const cli = {
  outDir: 'dist/cli',
  emptyOutDir: false,
  sourcemap: true,
  minify: false,
  target: 'node20',
  lib: { entry: { main: 'src/cli/main.ts' }, formats: ['es' as const] },
  rollupOptions: { external: [/^node:/, 'fft.js', 'wavefile'] },
};

export default defineConfig(({ mode }) => ({
  root: mode === 'lib' || mode === 'worklet' || mode === 'cli' ? '.' : 'demo',
  publicDir: false,
  plugins: mode === 'lib' ? [keepWorkletUrl] : [],
  build:
    mode === 'worklet'
      ? worklet
      : mode === 'cli'
      ? cli
      : mode === 'lib'
      ? {
          outDir: 'dist',
          emptyOutDir: true, // first step of `npm run build`: no stale chunks from earlier builds
          sourcemap: true,
          // Not minified: apps minify their own bundle, and a library's class names are part of its behaviour
          // (constructor.name, console.log, error text).
          minify: false,
          lib: {
            entry: { index: 'src/index.ts', tone: 'src/web/tone-convolver.ts' },
            formats: ['es'],
          },
          rollupOptions: { external: [/^node:/, 'fft.js', 'wavefile', 'tone', 'standardized-audio-context'] },
        }
      : { outDir: '../dist-demo', emptyOutDir: true },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // the JSON report lets .ci/run print a plain "N passed, N failed" closing line
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
}));
