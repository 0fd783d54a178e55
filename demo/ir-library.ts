/**
 * The bundled IR library: impulses/manifest.json and its WAV files, which Vite copies into the build (each
 * file becomes a hashed asset URL), so the static site needs nothing else. If the manifest is missing or
 * empty (a fresh checkout before `npm run impulses`), a few IRs are synthesized here instead, so the page
 * still works at once.
 */
import {
  loadImpulse,
  synthesizeExponentialDecay,
  synthesizeNoiseReverb,
  synthesizeRoom,
  type ImpulseBuffer,
} from '../src/ir/index.js';

export interface LibraryItem {
  id: string;
  name: string;
  description: string;
  /** Loads the IR resampled to `sampleRate` Hz (no normalization: the node does that when asked). */
  load(sampleRate: number): Promise<ImpulseBuffer>;
}

interface ManifestEntryLike {
  id: string;
  name: string;
  description?: string;
  file: string;
}

const manifests = import.meta.glob<{ impulses?: ManifestEntryLike[] }>('../impulses/manifest.json', {
  eager: true,
  import: 'default',
});
const wavUrls = import.meta.glob<string>('../impulses/*.wav', { eager: true, query: '?url', import: 'default' });

export function libraryItems(): LibraryItem[] {
  const entries = Object.values(manifests)[0]?.impulses ?? [];
  const bundled = entries.flatMap((entry): LibraryItem[] => {
    const url = wavUrls[`../impulses/${entry.file}`];
    if (url === undefined) return []; // listed but not built: skip rather than offer a broken choice
    return [{
      id: entry.id,
      name: entry.name,
      description: entry.description ?? '',
      load: (sampleRate) => loadImpulse(url, { sampleRate }),
    }];
  });
  return bundled.length > 0 ? bundled : SYNTHESIZED;
}

const SYNTHESIZED: LibraryItem[] = [
  {
    id: 'synth-room',
    name: 'Room (synthesized here)',
    description: 'Image-source shoebox room with a diffuse tail; the bundled library was not found.',
    load: async (sampleRate) => synthesizeRoom({ sampleRate, channels: 2 }),
  },
  {
    id: 'synth-hall',
    name: 'Hall (synthesized here)',
    description: 'Damped noise reverb, RT60 2.5 s, 25 ms pre-delay.',
    load: async (sampleRate) => synthesizeNoiseReverb({ sampleRate, rt60: 2.5, preDelay: 0.025 }),
  },
  {
    id: 'synth-exponential',
    name: 'Exponential decay (synthesized here)',
    description: 'g(t) = e^(−t/τ), τ = 50 ms.',
    load: async (sampleRate) => synthesizeExponentialDecay({ sampleRate, tau: 0.05 }),
  },
];
