// The package as a user meets it after `npm run build`: plain Node imports the engine by the package's name,
// the entry has no static Node built-in imports (bundlers ship it to browsers), and declarations exist.
// Built into a temp folder under node_modules/.cache, laid out as node_modules/web-convolver, so bare imports
// of the dependencies resolve from the project's node_modules exactly as in an app.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
}, 600_000); // ms: three builds and tsc, ≈ 30 s when quiet; over 240 s at a load of 20 on shared cores

const apps: string[] = [];
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  for (const app of apps) rmSync(app, { recursive: true, force: true });
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

  it('plain Node runs the node through node-web-audio-api with no polyfills of its own (Node 20 lacks two)', () => {
    const script = join(root, 'node-path.mjs');
    writeFileSync(
      script,
      `const before = { withResolvers: typeof Promise.withResolvers, navigator: typeof globalThis.navigator };
import { createConvolverNode } from 'web-convolver';
import { OfflineAudioContext, AudioWorkletNode, AudioBuffer, ConstantSourceNode } from 'node-web-audio-api';
const context = new OfflineAudioContext(1, 4800, 48000);
const buffer = new AudioBuffer({ numberOfChannels: 1, length: 2, sampleRate: 48000 });
buffer.copyToChannel(Float32Array.of(0.5, 0.25), 0);
const reverb = await createConvolverNode(context, { AudioWorkletNode, buffer, disableNormalization: true });
const one = new ConstantSourceNode(context, { offset: 1 });
one.connect(reverb).connect(context.destination);
one.start();
const out = (await context.startRendering()).getChannelData(0);
console.log(JSON.stringify({ node: process.version, before, first: out[0], later: out[100], name: reverb.constructor.name }));
`,
    );
    const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      node: string;
      before: { withResolvers: string; navigator: string };
      first: number;
      later: number;
      name: string;
    };
    console.log(`Node ${result.node}: Promise.withResolvers ${result.before.withResolvers}, navigator ${result.before.navigator} before import`);
    expect(result.first).toBeCloseTo(0.5, 6); // a constant 1 through the IR [0.5, 0.25]
    expect(result.later).toBeCloseTo(0.75, 6);
    expect(result.name).toBe('ConvolverWorkletNode');
  });

  it('declares every package its entries import: tone and standardized-audio-context as optional peers', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies ?? {})]);
    const dist = join(pkg, 'dist');
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const [, specifier] of code.matchAll(/^\s*import[^'"]*['"]([^'"./][^'"]*)['"]/gm)) {
        if (specifier.startsWith('node:')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        expect(declared.has(name), `${file} imports ${specifier}`).toBe(true);
      }
    }
    for (const peer of ['tone', 'standardized-audio-context']) {
      expect(manifest.peerDependencies?.[peer], peer).toBeDefined();
      expect(manifest.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
    }
  });

  it('keeps its class names (constructor.name, console.log, error text)', () => {
    const script = join(root, 'names.mjs');
    writeFileSync(
      script,
      `import { ImpulseAudioBuffer, ImpulseDecodeError, PartitionedConvolver } from 'web-convolver';
class Custom {}
let message = '';
try { new PartitionedConvolver([new Custom()]); } catch (error) { message = error.message; }
console.log(JSON.stringify({
  buffer: new ImpulseAudioBuffer([new Float32Array(1)], 48000).constructor.name,
  decodeError: new ImpulseDecodeError('BAD_MAGIC', 'x').name,
  engine: new PartitionedConvolver([Float32Array.of(1)]).constructor.name,
  message,
}));
`,
    );
    const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const names = JSON.parse(run.stdout) as Record<string, string>;
    expect(names.buffer).toBe('ImpulseAudioBuffer');
    expect(names.decodeError).toBe('ImpulseDecodeError');
    expect(names.engine).toBe('PartitionedConvolver');
    expect(names.message).toMatch(/a Custom; expected a Float32Array/);
    const dist = join(pkg, 'dist');
    const code = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
    expect(code).toMatch(/class ConvolverWorkletNode\b/);
  });

  it('an app’s vite build of the package: no warnings, and the worklet it emits names no missing source map', async () => {
    // Outside node_modules, as an app is; its node_modules links to the package, whose own imports (tone, …)
    // then resolve from the package's real folder, inside this project's node_modules.
    const app = mkdtempSync(join(tmpdir(), 'web-convolver-app-'));
    apps.push(app);
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(pkg, join(app, 'node_modules', 'web-convolver'), 'dir');
    writeFileSync(
      join(app, 'main.js'),
      `import { ConvolverWorkletNode, registerConvolverWorklet, loadImpulse } from 'web-convolver';
import { ConvolverReverb } from 'web-convolver/tone';
const context = new AudioContext();
await registerConvolverWorklet(context);
const reverb = new ConvolverWorkletNode(context, { buffer: await loadImpulse('hall.wav', { context }) });
reverb.connect(context.destination);
console.log(ConvolverReverb);
`,
    );
    writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    const warnings: string[] = [];
    const outDir = join(app, 'dist');
    await build({
      configFile: false,
      root: app,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        target: 'esnext',
        rollupOptions: { onwarn: (warning) => warnings.push(`${warning.code ?? ''} ${warning.message}`) },
      },
    });
    expect(warnings).toEqual([]);
    const assets = readdirSync(join(outDir, 'assets'));
    const worklet = assets.find((f) => f.startsWith('convolver-processor') && f.endsWith('.js'));
    expect(worklet, assets.join(', ')).toBeDefined();
    const code = readFileSync(join(outDir, 'assets', worklet!), 'utf8');
    const mapRef = /sourceMappingURL=(\S+)/.exec(code);
    if (mapRef !== null) expect(existsSync(join(outDir, 'assets', mapRef[1])), mapRef[1]).toBe(true);
    const dist = join(pkg, 'dist');
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
      const ref = /sourceMappingURL=(\S+)/.exec(readFileSync(join(dist, file), 'utf8'));
      if (ref !== null) expect(existsSync(join(dist, ref[1])), `${file} → ${ref[1]}`).toBe(true);
    }
  });
});
