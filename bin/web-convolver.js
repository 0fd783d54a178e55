#!/usr/bin/env node
// The `web-convolver` executable. Runs the compiled CLI when the package has been built (dist/cli/main.js);
// in a development checkout without a build it runs the TypeScript source through tsx instead.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
let entry = built.href;
if (!existsSync(built)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stderr.write('web-convolver: dist/cli/main.js is missing and tsx is not installed; run npm run build\n');
    process.exit(1);
  }
  entry = new URL('../src/cli/main.ts', import.meta.url).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
