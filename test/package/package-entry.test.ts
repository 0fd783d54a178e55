// The package as a user meets it after `npm run build`: plain Node imports the engine by the package's name,
// the entry has no static Node built-in imports (bundlers ship it to browsers), and declarations exist.
// Built into a temp folder under node_modules/.cache, laid out as node_modules/web-convolver, so bare imports
// of the dependencies resolve from the project's node_modules exactly as in an app.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cache = resolve('node_modules/.cache');
let root = '';
let pkg = '';

beforeAll(async () => {
  mkdirSync(cache, { recursive: true });
  root = mkdtempSync(join(cache, 'web-convolver-package-'));
  pkg = join(root, 'node_modules', 'web-convolver');
  const dist = join(pkg, 'dist');
  await build({ configFile: 'vite.config.ts', mode: 'lib', logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  await build({ configFile: 'vite.config.ts', mode: 'worklet', logLevel: 'error', build: { outDir: dist, emptyOutDir: false } });
  await build({ configFile: 'vite.config.ts', mode: 'cli', logLevel: 'error', build: { outDir: join(dist, 'cli'), emptyOutDir: false } });
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', join(dist, 'types')], {
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`declarations failed:\n${tsc.stdout}${tsc.stderr}`);
  copyFileSync('package.json', join(pkg, 'package.json'));
  for (const folder of ['bin', 'impulses']) cpSync(folder, join(pkg, folder), { recursive: true });
}, 240_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the built package', () => {
  it("plain Node imports PartitionedConvolver and convolve from 'web-convolver'", () => {
    const script = join(root, 'check.mjs');
    writeFileSync(
      script,
      `import { PartitionedConvolver, convolve } from 'web-convolver';
const die = new Float32Array(7).fill(1 / 6); die[0] = 0;
const [sum] = convolve([die], [die]);
const engine = new PartitionedConvolver([new Float32Array([0, 1])], { inputChannels: 1 });
const input = new Float32Array(128).map((_, i) => i);
const output = new Float32Array(128);
engine.process([input], [output]);
console.log(JSON.stringify({ seven: sum[7], length: sum.length, delayed: [output[0], output[1], output[127]] }));
`,
    );
    const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { seven: number; length: number; delayed: number[] };
    expect(result.length).toBe(13);
    expect(result.seven).toBeCloseTo(6 / 36, 6);
    // one frame of delay: output[n] = input[n − 1] = n − 1 (to float rounding of values up to 127)
    const [first, second, last] = result.delayed;
    expect(Math.abs(first)).toBeLessThan(1e-4);
    expect(Math.abs(second)).toBeLessThan(1e-4);
    expect(last).toBeCloseTo(126, 3);
  });

  it('the entry and its chunks import no Node built-in statically', () => {
    const dist = join(pkg, 'dist');
    const files = readdirSync(dist).filter((f) => f.endsWith('.js') && !f.startsWith('cli'));
    expect(files).toContain('index.js');
    for (const file of files) {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(/^\s*import[^;]*from\s*['"](node:|fs['"]|path['"]|os['"])/m);
      expect(code, file).not.toMatch(/\brequire\(\s*['"]node:/);
    }
  });

  it('has declarations where package.json says', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types?: string }> };
    for (const [entry, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'object' && target.types) expect(existsSync(join(pkg, target.types)), entry).toBe(true);
    }
    const types = readFileSync(join(pkg, manifest.exports['.'].types!), 'utf8');
    expect(types).toMatch(/engine\/index/);
  });

  it('its web-convolver command runs from the build (no TypeScript loader) and finds the bundled impulses', () => {
    const bin = join(pkg, 'bin', 'web-convolver.js');
    const list = spawnSync(process.execPath, [bin, 'info', '--list'], { cwd: root, encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/large-hall/);
    const out = join(root, 'decay.wav');
    const synth = spawnSync(process.execPath, [bin, 'synth', 'exponential', '--tau', '0.1', '-o', out], { cwd: root, encoding: 'utf8' });
    expect(synth.status, synth.stderr).toBe(0);
    const info = spawnSync(process.execPath, [bin, 'info', out], { cwd: root, encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/RT60/i);
    expect(readFileSync(join(pkg, 'dist', 'cli', 'main.js'), 'utf8')).not.toMatch(/tsx/);
  });
});
