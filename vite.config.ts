import { defineConfig } from 'vitest/config';

// One config for three jobs: the demo dev server (root demo/), the library build (`vite build --mode lib`)
// and vitest. The library entry must stay free of Node built-ins so that bundlers can use it in browsers.
export default defineConfig(({ mode }) => ({
  root: mode === 'lib' ? '.' : 'demo',
  publicDir: false,
  build:
    mode === 'lib'
      ? {
          outDir: 'dist',
          emptyOutDir: false,
          sourcemap: true,
          lib: {
            entry: { index: 'src/index.ts' },
            formats: ['es'],
          },
          rollupOptions: { external: [/^node:/, 'fft.js', 'wavefile', 'tone', 'standardized-audio-context'] },
        }
      : { outDir: '../dist-demo', emptyOutDir: true },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
}));
