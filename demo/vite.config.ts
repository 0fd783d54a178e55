// The demo's Vite config: the project's config (root demo/, output dist-demo/) plus what the browser build of
// the page needs on top. `npm run demo` and `npm run build:demo` use it.
import { defineConfig, mergeConfig, type UserConfig } from 'vite';
import project from '../vite.config.js';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig((env) =>
  mergeConfig(project(env) as UserConfig, {
    // Cross-origin isolation in dev and preview, so SharedArrayBuffer exists and the node reads its load
    // telemetry from shared memory instead of a message per window. A static host without these headers
    // gets the message fallback; the page works either way.
    server: { headers: ISOLATION },
    preview: { headers: ISOLATION },
    // Relative asset URLs: the built site works from any folder of any static server, not only from '/'.
    base: './',
  }),
);
