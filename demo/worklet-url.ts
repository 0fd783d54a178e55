// The processor module, compiled by Vite: in dev it is served as an ES module (imports resolved by the dev
// server); in `vite build` it is bundled into one self-contained file with a hashed name.
import workletUrl from '../worklets/register.ts?worker&url';

export { workletUrl };
