// The command line never destroys what it reads and never leaves a partial WAV: same-file outputs are refused
// (also through symlinks and hard links), output goes through a temporary file renamed when complete, and an
// interrupted render (SIGINT, SIGTERM) removes its temporary file and exits 130 / 143.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, linkSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav, encodeWav } from '../../src/ir/wav-codec.js';
import { noiseChannels, tempDir } from '../ir/wav-files.js';
import { run } from './cli-helpers.js';

const dir = tempDir('safety');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);
const RATE = 48000; // Hz

// 1.5 s of stereo noise: more than one 65536-frame chunk, so a render passes its interruption check twice.
const inputBytes = encodeWav(noiseChannels(2, 72000, 5, 0.3), RATE, '16');
const input = path('same.wav');
writeFileSync(input, inputBytes);
const leftovers = () => readdirSync(dir).filter((name) => name.endsWith('.partial'));

describe('render refuses to write over a file it reads', () => {
  symlinkSync(input, path('link.wav'));
  linkSync(input, path('hard.wav'));
  const cases: Array<[string, string[], RegExp]> = [
    ['the input itself', [input, '--ir', 'small-room', '-o', input], /output '.*same\.wav' is the input file '.*same\.wav'; writing it would destroy the input/],
    ['the input by another spelling', [input, '--ir', 'small-room', '-o', join(dir, '.', 'same.wav')], /is the input file/],
    ['a symlink to the input', [input, '--ir', 'small-room', '-o', path('link.wav')], /output '.*link\.wav' is the input file/],
    ['a hard link to the input', [input, '--ir', 'small-room', '-o', path('hard.wav')], /output '.*hard\.wav' is the input file/],
    ['the --ir file', [path('link.wav'), '--ir', input, '-o', input], /is the input file|is the --ir file/],
    ['the --ir file (input elsewhere)', [path('other.wav'), '--ir', path('hard.wav'), '-o', input], /output '.*same\.wav' is the --ir file '.*hard\.wav'/],
  ];
  writeFileSync(path('other.wav'), inputBytes);
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2, the file unchanged`, async () => {
      const result = await run(['render', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(readFileSync(input).equals(inputBytes)).toBe(true); // (equals: toEqual walks 288 kB slowly)
      expect(leftovers()).toEqual([]);
    });
  }
});

describe('output through a temporary file', () => {
  it('replaces an existing output only when the render is complete, keeping no temporary file', async () => {
    const out = path('replace.wav');
    writeFileSync(out, 'old contents');
    const result = await run(['render', input, '--ir', 'small-room', '-o', out]);
    expect(result.code).toBe(0);
    expect(decodeWav(readFileSync(out)).channels[0].length).toBeGreaterThan(72000);
    expect(leftovers()).toEqual([]);
  });

  it('writes through a symlinked output: the link stays and points at the new file', async () => {
    writeFileSync(path('real-target.wav'), 'old');
    symlinkSync(path('real-target.wav'), path('out-link.wav'));
    expect((await run(['synth', 'exponential', '-o', path('out-link.wav')])).code).toBe(0);
    expect(decodeWav(readFileSync(path('real-target.wav'))).channels).toHaveLength(1);
    expect(readFileSync(path('out-link.wav')).equals(readFileSync(path('real-target.wav')))).toBe(true);
  });

  it('a failed render leaves an existing output as it was', async () => {
    const out = path('kept.wav');
    writeFileSync(out, 'precious');
    writeFileSync(path('not-a-wav.txt'), 'hello, this is text');
    const result = await run(['render', input, '--ir', path('not-a-wav.txt'), '-o', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--ir '.*not-a-wav\.txt': file starts with "hell"/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(leftovers()).toEqual([]);
  });
});

describe('an interrupted render', () => {
  // The signal is delivered as Node delivers it to listeners, from inside the first progress redraw: the render
  // is then mid-way, with its temporary file open.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, no output, no temporary file, an existing output untouched`, async () => {
      const out = path(`interrupted-${signal}.wav`);
      writeFileSync(out, 'previous render');
      let sent = false;
      const result = await run(['render', input, '--ir', 'large-hall', '-o', out, '--progress'], {
        onStderr: () => {
          if (sent) return;
          sent = true;
          expect(leftovers()).toHaveLength(1); // the temporary file exists while the render runs
          process.emit(signal, signal);
        },
      });
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(new RegExp(`\\n?web-convolver render: interrupted by ${signal}; removed the partial output; '.*' is untouched\\n$`));
      expect(readFileSync(out, 'utf8')).toBe('previous render');
      expect(leftovers()).toEqual([]);
      expect(process.listenerCount(signal)).toBe(0); // the handlers are gone with the render
    });
  }

  it('as a process: Ctrl-C (SIGINT) exits 130 and leaves no file', async () => {
    const long = path('long.wav');
    writeFileSync(long, encodeWav(noiseChannels(2, 60 * RATE, 9, 0.3), RATE, '16')); // 60 s: ~11 MB
    const out = path('long-out.wav');
    const bin = fileURLToPath(new URL('../../bin/web-convolver.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'render', long, '--ir', 'large-hall', '-o', out, '--progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
    // Waits (bounded) for the first progress redraw: the render loop is running and its file is open.
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 240_000); // ms: a cold start on a loaded machine took 60 s
      child.stderr.on('data', (data: Buffer) => {
        stderr += data.toString();
        if (stderr.includes('rendering [')) { clearTimeout(timer); resolve(true); }
      });
      child.on('exit', () => { clearTimeout(timer); resolve(false); });
    });
    expect(started, stderr).toBe(true);
    child.kill('SIGINT');
    const status = await exited;
    expect(stderr).toMatch(/interrupted by SIGINT/);
    expect(status).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 300_000);
});
