// The built worklet module must be self-contained (AudioWorkletGlobalScope loaders differ in what they
// resolve; node-web-audio-api evaluates non-file modules from data: URLs), must register the processor in a
// worklet scope, and must serve IR preparation when loaded as a module Worker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workletBundlePath } from '../web/worklet-bundle.js';

describe('the built worklet module (vite build --mode worklet)', () => {
  it('has no imports, exports or requires', async () => {
    const code = readFileSync(await workletBundlePath(), 'utf8');
    expect(code).not.toMatch(/^\s*import[\s{*]/m);
    expect(code).not.toMatch(/^\s*export\s/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/\brequire\s*\(\s*['"]/);
  });

  it('registers "web-convolver" with its parameters when evaluated in a worklet-like scope', async () => {
    const code = readFileSync(await workletBundlePath(), 'utf8');
    const registered = new Map<string, { parameterDescriptors: { name: string }[] }>();
    const scope = {
      AudioWorkletProcessor: class {},
      registerProcessor: (name: string, ctor: { parameterDescriptors: { name: string }[] }) => registered.set(name, ctor),
      sampleRate: 48000,
    };
    // The module reads the scope through globalThis: install the stand-ins for the evaluation only.
    const global = globalThis as Record<string, unknown>;
    const saved = Object.fromEntries(Object.keys(scope).map((k) => [k, global[k]]));
    Object.assign(global, scope);
    try {
      new Function(code)(); // a plain script: it has no module syntax to need more
    } finally {
      Object.assign(global, saved);
    }
    expect([...registered.keys()]).toEqual(['web-convolver']);
    expect(registered.get('web-convolver')!.parameterDescriptors.map((d) => d.name)).toEqual(['wet', 'dry']);
  });
});
