/**
 * Pins the headless browser this process launched to one CPU, for the per-block benchmarks (bench/per-block.ts,
 * bench/per-block-probe.ts). Diagnostics and benchmarks only; Linux only (taskset, /proc).
 *
 * Why: on this virtual machine the two CPUs do not run equally fast, and nothing says the same one stays slower.
 * On 30 Nov 2026 a python loop cost 1.6–1.8× the CPU time on CPU 1 that it cost on CPU 0 (taskset, alternating;
 * a memory-hungry co-runner on CPU 0 did not slow CPU 0's loop: not the guest's load, the host's), and the per-block probe's renders split in two by the CPU the
 * audio thread ran on: floor 6.3–6.8 / 9.4–9.6, a fixed spin 11.3–11.8 / 14.5–16.1, ours 8.7–10.5 / 12.3–14.0,
 * the engine alone 8.2–10.9 / 11.9–13.1 µs of CPU a block. Which CPU an OfflineAudioContext's rendering thread
 * gets is the scheduler's choice, render by render: ratios of renders that landed on different CPUs were noise
 * of ±30 %. Pinned, every render of a run sees the same CPU (an offline ConvolverNode renders on one thread:
 * Chromium gives offline reverbs no background threads), so ours / native compares like with like.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { threadTimes } from './thread-cpu.js';

/**
 * The CPU to pin to: WEB_CONVOLVER_PIN_CPU as a number, `auto` the faster now, `none` (default) no pinning. Opt-in
 * for now. Under a load of 4.5 (all threads pinned but the thread pools) pinned runs were no steadier: a pinned
 * render waits for whatever else runs on its CPU, where the scheduler would have moved it (512 frames 0.83 pinned;
 * 1.06, 1.11, 0.65 not). At a load of ≈ 2.4 `auto` gave ours / native 1.00, 0.99 (512 frames), 1.22, 1.11 (4800),
 * 1.19, 1.23 (12 000) against 0.88, 0.89 / 1.16, 1.66 / 1.10, 1.03 unpinned, runs alternating. Which CPU is the
 * faster changed within a minute (spin 60 / 86 ms, then 80 / 57 ms): `auto` measures it at every launch.
 */
export function pinChoice(): number | 'auto' | 'none' {
  const value = process.env.WEB_CONVOLVER_PIN_CPU ?? 'none';
  if (value === 'auto' || value === 'none') return value;
  const cpu = Number(value);
  if (!Number.isInteger(cpu) || cpu < 0) throw new RangeError(`WEB_CONVOLVER_PIN_CPU is ${value}; expected a CPU number, auto or none`);
  return cpu;
}

/** CPUs this process may run on (from /proc/self/status). */
function allowedCpus(): number[] {
  const list = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  return list.split(',').flatMap((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/**
 * ms of CPU time a fixed loop over 64 KiB of float64s takes in a child process pinned to `cpu`. Four updates an
 * element with independent chains: throughput-bound, as the audio thread's work is. A single dependent chain
 * (an LCG) took the same time on both CPUs while everything else ran 1.4–1.7× slower on one: what differs there
 * is the issue throughput (a busy sibling hardware thread of the host, presumably), not the latency of one chain.
 */
function spinOn(cpu: number): number {
  const script =
    'const t=process.cpuUsage();const a=new Float64Array(8192).fill(1.0001);let s=0;' +
    'for(let r=0;r<8000;r++){for(let i=0;i<8192;i+=4){a[i]=a[i]*0.99999+a[i+1];a[i+1]=a[i+1]*1.00001-a[i+2]*1e-9;' +
    'a[i+2]+=a[i+3]*1e-9;a[i+3]=a[i+3]*0.999999+1e-12}s+=a[r&8191]}' +
    'const u=process.cpuUsage(t);console.log((u.user+u.system)/1e3,s>0?1:0)';
  return Number(execFileSync('taskset', ['-c', String(cpu), process.execPath, '-e', script], { encoding: 'utf8' }).split(' ')[0]);
}

/** The allowed CPU on which the spin costs least CPU time now (best of 3 alternating rounds each). */
export function fastestCpu(): { cpu: number; ms: Map<number, number> } {
  const cpus = allowedCpus();
  const ms = new Map(cpus.map((cpu) => [cpu, Infinity]));
  for (let round = 0; round < 3; round++) for (const cpu of cpus) ms.set(cpu, Math.min(ms.get(cpu)!, spinOn(cpu)));
  let cpu = cpus[0];
  for (const [c, t] of ms) if (t < ms.get(cpu)!) cpu = c;
  return { cpu, ms };
}

/**
 * Pins every thread of every Chromium process below this one to `cpu`, except V8's thread pools (background
 * compiles and GC keep both CPUs, as on a user's machine, instead of taking the audio thread's); threads and
 * processes they start later — an OfflineAudioContext's rendering thread, a worklet's — inherit it. Returns the
 * threads pinned.
 */
export function pinBrowser(cpu: number): number {
  let pinned = 0;
  for (const key of threadTimes().keys()) {
    const [pid, tid] = key.split('/');
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (!/chrom/i.test(command.split('\0')[0])) continue;
    let name = '';
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8');
    } catch {
      continue;
    }
    if (/ThreadPool/.test(name)) continue;
    try {
      execFileSync('taskset', ['-p', '-c', String(cpu), tid], { stdio: 'ignore' });
      pinned++;
    } catch {
      // the thread exited meanwhile
    }
  }
  return pinned;
}

/** Pins the launched browser as WEB_CONVOLVER_PIN_CPU says; a line for the report ('' when not pinned). */
export function pinAsAsked(): string {
  const choice = pinChoice();
  if (choice === 'none') return '';
  if (choice !== 'auto') return `Browser pinned to CPU ${choice} (${pinBrowser(choice)} threads).`;
  const { cpu, ms } = fastestCpu();
  const spins = [...ms].map(([c, t]) => `CPU ${c} ${t.toFixed(0)} ms`).join(', ');
  return `Browser pinned to CPU ${cpu} (${pinBrowser(cpu)} threads), the faster now: a fixed spin took ${spins}.`;
}
