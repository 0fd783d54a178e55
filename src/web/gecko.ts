/**
 * Whether this page's Web Audio is Gecko's (Firefox, and standardized-audio-context over it), by the user
 * agent's engine token: the behaviours it differs in (an idle worklet's output width, processors revived by
 * input) show only once audio runs, so no feature test can tell beforehand. One place for the check, so the
 * workarounds that depend on it cannot disagree (channel-config.ts, processor-lifetime.ts).
 */
export function isGeckoWebAudio(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return typeof agent === 'string' && /\bGecko\/\d+.*\bFirefox\//.test(agent);
}
