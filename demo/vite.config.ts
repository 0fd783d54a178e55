// The demo's Vite config: the project's config (root demo/, output dist-demo/) plus what the browser build of
// the page needs on top. `npm run demo` and `npm run build:demo` use it.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type UserConfig } from 'vite';
import project from '../vite.config.js';

const shim = (name: string) => fileURLToPath(new URL(`./shims/${name}.ts`, import.meta.url));

export default defineConfig((env) =>
  mergeConfig(project(env) as UserConfig, {
    // Relative asset URLs: the built site works from any folder of any static server, not only from '/'.
    base: './',
    resolve: {
      // See shims/wavefile.ts: src/ir's default import of wavefile resolves only in Node.
      alias: [{ find: /^wavefile$/, replacement: shim('wavefile') }],
    },
  }),
);
