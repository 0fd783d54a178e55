/**
 * The node in Node: our ConvolverWorkletNode inside node-web-audio-api's OfflineAudioContext (the worklet
 * module built as `npm run build` builds it, the processor running in node-web-audio-api's worklet thread)
 * against the same implementation's native ConvolverNode, same IR, same input, same run. The main table of
 * `npm run bench` times the bare engine (PartitionedConvolver.process in a loop); this one is what a Node
 * user of the node gets, worklet hosting and message passing included.
 *
 * Run alone: `npx tsx bench/node-worklet.ts [runs]` (prints the section); `npm run bench` includes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { installNodePolyfills } from '../src/web/node-polyfills.js';
import { noise } from './signals.js';
import { convolverWorkletNodeClass } from '../src/web/convolver-worklet-node.js';
import { registerConvolverWorklet } from '../src/web/register-convolver-worklet.js';

const RATE = 48000; // Hz
// 2 s, not the main table's 10: node-web-audio-api hands every block of a worklet across threads, so one 10 s render
// through a worklet took minutes on a loaded machine; the ratio needs no more.
const INPUT_SECONDS = 2;
const IR_SECONDS = [1, 3, 10];
const RUNS = 1; // default runs of each side, alternated; the best counts (the machine is shared)

// The floor: a worklet that only copies its input, hosted the same way. node-web-audio-api runs processors in
// a worker thread and hands every 128-frame block across threads; on a loaded machine that hand-off, not the
// convolution, sets the pace, and this column shows it.
const PASS_THROUGH = `class PassThrough extends AudioWorkletProcessor {
  process(inputs, outputs) {
    const input = inputs[0], output = outputs[0];
    for (let c = 0; c < output.length && c < input.length; c++) output[c].set(input[c]);
    return true;
  }
}
registerProcessor('bench-pass-through', PassThrough);
`;

type Nwa = typeof import('node-web-audio-api');
type Context = InstanceType<Nwa['OfflineAudioContext']>;

/** Node 20 lacks Promise.withResolvers and a global navigator, which node-web-audio-api's polyfill needs. */
async function importNodeWebAudio(): Promise<Nwa> {
  installNodePolyfills();
  return import('node-web-audio-api');
}


interface Side {
  ms: number; // wall clock of startRendering() alone, IR already in place
  cpuMs: number; // CPU time of the whole process (every thread) over the same span
}

async function timeRendering(context: Context): Promise<Side> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await context.startRendering();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 };
}

/** Returns the section's markdown (and prints its table). Builds the worklet module into a temporary folder. */
export async function runNodeWorkletBench(runs = RUNS): Promise<string> {
  const wa = await importNodeWebAudio();
  const outDir = mkdtempSync(join(tmpdir(), 'web-convolver-bench-worklet-'));
  try {
    await build({ configFile: 'vite.config.ts', mode: 'worklet', logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    const moduleUrl = pathToFileURL(join(outDir, 'convolver-processor.js')).href;
    const passThroughPath = join(outDir, 'pass-through.js');
    writeFileSync(passThroughPath, PASS_THROUGH);
    const Ours = convolverWorkletNodeClass(wa.AudioWorkletNode as unknown as Parameters<typeof convolverWorkletNodeClass>[0]);
    const frames = INPUT_SECONDS * RATE;
    const input = noise(2, frames, 7);

    const bufferOf = (context: Context, channels: Float32Array[]) => {
      const buffer = new wa.AudioBuffer({ numberOfChannels: channels.length, length: channels[0].length, sampleRate: RATE });
      channels.forEach((data, c) => buffer.copyToChannel(data as Float32Array<ArrayBuffer>, c));
      return buffer;
    };
    const graph = async (ir: Float32Array[], kind: 'ours' | 'native' | 'pass-through'): Promise<Side> => {
      const context = new wa.OfflineAudioContext(2, frames, RATE);
      const player = new wa.AudioBufferSourceNode(context, { buffer: bufferOf(context, input) });
      const options = { buffer: bufferOf(context, ir), disableNormalization: true };
      let node: AudioNode;
      if (kind === 'native') {
        node = new wa.ConvolverNode(context, options) as unknown as AudioNode;
      } else if (kind === 'pass-through') {
        await context.audioWorklet.addModule(passThroughPath);
        node = new wa.AudioWorkletNode(context, 'bench-pass-through', { outputChannelCount: [2] }) as unknown as AudioNode;
      } else {
        await registerConvolverWorklet(context as unknown as BaseAudioContext, moduleUrl);
        const ours = new Ours(context as unknown as BaseAudioContext, options as never);
        await ours.applied(); // the native node's IR is ready at construction: time rendering only
        node = ours as unknown as AudioNode;
      }
      player.connect(node as never);
      node.connect(context.destination as never);
      player.start();
      return timeRendering(context);
    };

    const rows: string[] = [];
    for (const irSeconds of IR_SECONDS) {
      const irFrames = irSeconds * RATE;
      const ir = noise(2, irFrames, 11 + irSeconds, irFrames / 6.9);
      const ours: Side[] = [];
      const natives: Side[] = [];
      const floors: Side[] = [];
      for (let run = 0; run < runs; run++) {
        natives.push(await graph(ir, 'native'));
        ours.push(await graph(ir, 'ours'));
        floors.push(await graph(ir, 'pass-through'));
      }
      const best = (sides: Side[]) => ({ ms: Math.min(...sides.map((s) => s.ms)), cpuMs: Math.min(...sides.map((s) => s.cpuMs)) });
      const o = best(ours);
      const n = best(natives);
      const f = best(floors);
      const x = (ms: number) => (INPUT_SECONDS * 1000) / ms;
      rows.push(
        `| ${irSeconds} s | ${x(o.ms).toFixed(1)} | ${x(n.ms).toFixed(1)} | **${(n.ms / o.ms).toFixed(2)}** | ${(n.cpuMs / o.cpuMs).toFixed(2)} | ${x(f.ms).toFixed(1)} | ${(f.ms / o.ms).toFixed(2)} |`,
      );
      console.error(rows[rows.length - 1]); // a row at a time: on a loaded machine a row takes minutes
    }
    const table = [
      '| IR | ours (ConvolverWorkletNode) ×RT | node-web-audio-api ConvolverNode ×RT | ratio | CPU-time ratio | pass-through worklet ×RT | ours / pass-through |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n');
    console.log(table);
    return `## The node in Node (node-web-audio-api)

Our ConvolverWorkletNode in node-web-audio-api's OfflineAudioContext against its native ConvolverNode: ${INPUT_SECONDS} s of
stereo noise through a stereo IR (exponentially decaying noise) at ${RATE} Hz, no normalization, the IR in
place before the clock starts (our node: after \`applied()\`). ×RT = times real time of \`startRendering()\`
alone; ratio = ours / native in wall-clock time; CPU-time ratio = native's CPU time / ours (all threads of the
process). Each side: best of ${runs}, alternated. Unlike the engine table above, this includes the worklet host:
the processor's per-block call, its AudioParams and node-web-audio-api's worklet thread, which receives every
128-frame block from the render thread. The pass-through column is that host alone (a worklet copying its
input): ours / pass-through near 1 means the hosting, not the convolution, sets the pace, and a loaded
machine then slows the hand-off between threads far more than either convolver.

${table}
`;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// Run alone: print the section.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`\n${await runNodeWorkletBench(Number(process.argv[2] ?? RUNS))}`);
  process.exit(0); // node-web-audio-api's worklet threads would keep the process alive
}
