/**
 * A debugging aid for the `buffer` setter's main-thread time: with a probe installed, the setter calls it at the
 * end of each phase (the bench's per-phase table, bench/ir-change.ts); without one, each phase costs a null check.
 * The probe runs inside the setter: it should only record (e.g. the phase and performance.now()).
 */

/** The setter's phases, in order: each is reported as it ends. */
export type SetterPhase =
  | 'read' // the checks and getChannelData of every channel
  | 'sum' // the one pass over the IR: finite check and normalization sum
  | 'channels' // the node's input configuration for the IR's width
  | 'head' // the head's partitions transformed
  | 'post' // the head posted to the processor
  | 'tail' // the tail's streaming started (it runs in later tasks)
  | 'part'; // later: a part of the tail posted to the processor (each one, while a probe is installed)

let probe: ((phase: SetterPhase) => void) | null = null;

/** Installs (or with null removes) the probe. Allocates: nothing; not for the audio thread. */
export function traceSetter(next: ((phase: SetterPhase) => void) | null): void {
  probe = next;
}

/** Reports the end of `phase` to the probe, if any. */
export function setterPhase(phase: SetterPhase): void {
  if (probe !== null) probe(phase);
}
