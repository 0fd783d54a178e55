/**
 * CPU time of the threads of this process's descendants (a browser it launched), from Linux's
 * /proc/<pid>/task/<tid>/schedstat (ns on CPU): on a shared machine far steadier than wall-clock time, which
 * counts every moment another process held the core. Diagnostics only (bench/per-block-probe.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';

export type ThreadTimes = Map<string, { name: string; ns: number }>; // key: pid/tid

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** ns on CPU so far of every thread of every process below `root` (default: this process). */
export function threadTimes(root = process.pid): ThreadTimes {
  const times: ThreadTimes = new Map();
  for (const pid of descendants(root)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        times.set(`${pid}/${tid}`, { name, ns });
      } catch {
        // exited meanwhile
      }
    }
  }
  return times;
}

/** Per thread: ns on CPU between two snapshots (threads born in between count from 0), largest first. */
export function cpuBetween(before: ThreadTimes, after: ThreadTimes): { key: string; name: string; ns: number }[] {
  const out: { key: string; name: string; ns: number }[] = [];
  for (const [key, { name, ns }] of after) out.push({ key, name, ns: ns - (before.get(key)?.ns ?? 0) });
  return out.sort((a, b) => b.ns - a.ns);
}
