// Workaround until src/ir/wav-codec.ts imports `{ WaveFile }`: it imports wavefile's default export, which only
// its CommonJS build has (what Node loads). Bundlers for the browser take the package's ES module (its
// "module" field), which has named exports only, so dev and build both fail with "Missing export default".
// demo/vite.config.ts aliases the bare specifier 'wavefile' here; this file imports the ES module by path.
import { WaveFile } from 'wavefile/index.js';

export default { WaveFile };
