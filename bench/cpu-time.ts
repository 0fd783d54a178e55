/**
 * CPU time for the Node benches: steadier than wall clock on a shared machine, since time another process
 * holds the core is not counted. Only figures of one run compare.
 */

/** CPU time of this process so far, µs (every thread: the benches run the engine on this one alone). */
export function cpuUs(): number {
  const used = process.cpuUsage(); // allocates a small object: a scavenge now and then
  return used.user + used.system;
}

/**
 * Best CPU µs per call of each runner over `rounds` rounds of `calls` calls, the runners alternating round by
 * round (so that a slow spell of the machine hits all of them), after `warmCalls` calls of each.
 */
export function timeAlternately(runners: (() => void)[], calls: number, rounds: number, warmCalls: number): number[] {
  for (const run of runners) for (let i = 0; i < warmCalls; i++) run();
  const best = runners.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    runners.forEach((run, k) => {
      const t0 = cpuUs();
      for (let i = 0; i < calls; i++) run();
      best[k] = Math.min(best[k], (cpuUs() - t0) / calls);
    });
  }
  return best;
}
