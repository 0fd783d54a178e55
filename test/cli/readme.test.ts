// The README is a contract: every command line in its "Command line" section runs, as written, through the
// package's executable (bin/web-convolver.js, what `npx web-convolver` starts), in a folder holding the one
// file the lines assume exists (dry.wav). The lines are parsed out of README.md, so the test follows it.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav, encodeWav } from '../../src/ir/wav-codec.js';
import { noiseChannels, tempDir } from '../ir/wav-files.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/web-convolver.js', import.meta.url));
const PREFIX = 'npx web-convolver ';

/** The `npx web-convolver …` lines of the first sh block under `heading`, as argument lists. */
function commandLines(markdown: string, heading: string): string[][] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  if (section === undefined) throw new Error(`README.md has no "## ${heading}" section`);
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error(`README.md's "${heading}" section has no sh block`);
  return block[1]
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith(PREFIX))
    .map((line) => {
      // Plain words only: quoting or shell syntax would need a shell, and this test would then lie about it.
      if (/["'`$|;&<>\\*?]/.test(line)) throw new Error(`README line needs a shell; keep it to plain words: ${line}`);
      return line.slice(PREFIX.length).split(/\s+/);
    });
}

const lines = commandLines(readFileSync(README, 'utf8'), 'Command line');
const dir = tempDir('readme');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'dry.wav'), encodeWav(noiseChannels(2, 48000, 3, 0.25), 48000, '16')); // 1 s stereo

describe('README "Command line" runs as written', () => {
  it('has the render, synth and info lines', () => {
    expect(lines.map((args) => args[0])).toEqual(expect.arrayContaining(['render', 'synth', 'info']));
  });

  // In order: later lines read what earlier ones wrote (info room.wav after synth … -o room.wav).
  for (const args of lines) {
    it(`web-convolver ${args.join(' ')}`, () => {
      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 }); // ms: a cold tsx start on a loaded machine took 60 s
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).not.toBe('');
      const output = args[args.indexOf('-o') + 1];
      if (args.includes('-o')) {
        expect(existsSync(join(dir, output))).toBe(true);
        const wav = decodeWav(readFileSync(join(dir, output)));
        expect(wav.channels[0].length).toBeGreaterThan(0);
        expect(wav.channels.some((channel) => channel.some((x) => x !== 0))).toBe(true);
      }
    }, 330_000);
  }
});
