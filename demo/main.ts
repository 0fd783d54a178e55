/**
 * The demo page: Start builds the audio graph (our AudioWorklet convolver and the browser's ConvolverNode side
 * by side), then the panels drive it. Everything that can fail reports on the page (errors.ts) and leaves the
 * audio as it was.
 */
import { AudioGraph } from './audio-graph.js';
import { applyControls, bindControls } from './controls.js';
import { byId } from './dom.js';
import { catchUncaught, guard, showError } from './errors.js';
import { bindImpulseInput, loadImpulseFile } from './ir-input.js';
import { ImpulsePanel } from './impulse-panel.js';
import { Meters } from './meters.js';
import { bindComparePanel } from './compare-panel.js';
import { bindMeasurePanel } from './measure-panel.js';
import { bindRenderPanel } from './render-panel.js';
import { Sources, type SourceKind } from './sources.js';
import { bindSynthPanel } from './synth-panel.js';
import { installTestHook } from './test-hook.js';
import { workletUrl } from './worklet-url.js';

interface App {
  graph: AudioGraph;
  sources: Sources;
  meters: Meters;
}

catchUncaught();
let app: App | null = null;
const impulses = new ImpulsePanel();
const readControls = bindControls(() => app?.graph ?? null);
const status = byId('status', HTMLSpanElement);
const startButton = byId('start', HTMLButtonElement);

startButton.addEventListener('click', guard('Starting audio failed', start));

async function start(): Promise<void> {
  if (app !== null) {
    // Once started, the button pauses and resumes the context (after a suspension by the page, a tab in the
    // background or an autoplay policy, it resumes); the graph is never rebuilt.
    const context = app.graph.context;
    if (context.state === 'running') await context.suspend();
    else await context.resume();
    showState(context);
    return;
  }
  startButton.disabled = true;
  status.textContent = 'Starting…';
  const context = new AudioContext({ latencyHint: 'interactive' });
  try {
    status.textContent = 'Loading the convolver…';
    const graph = await AudioGraph.create(context, workletUrl);
    graph.ours.onconvolvererror = (message) => showError('The convolver stopped (its output is silent)', message);
    applyControls(graph, readControls());
    impulses.attach(graph);
    status.textContent = 'Loading the first impulse response…';
    // Not fatal: the page starts with no IR (silence from A and B) and the user can choose another.
    await impulses.loadSelected().catch((error: unknown) => showError('Loading the first impulse response failed', error));
    const sources = new Sources(graph);
    sources.playLoop();
    const meters = new Meters(graph);
    app = { graph, sources, meters };
    meters.start();
    for (const id of ['source-panel', 'ir-panel', 'controls-panel', 'synth-panel', 'render-panel']) {
      byId(id, HTMLFieldSetElement).disabled = false;
    }
    status.textContent = 'Looking for a microphone…';
    await measurement.enable();
    status.textContent = 'Resuming audio…';
    await context.resume();
    context.addEventListener('statechange', () => showState(context));
    showState(context);
  } finally {
    startButton.disabled = false;
    if (app === null) {
      status.textContent = 'Not started.';
      // A failed start must not leave a context behind for the next attempt; a close that fails too (the
      // context already closed) has nothing left to clean up, and must not surface as an unhandled rejection.
      context.close().catch(() => undefined);
    }
  }
}

/** The status line and the button's label follow the context's state: the label says what a press does. */
function showState(context: AudioContext): void {
  const running = context.state === 'running';
  status.textContent = running ? `Running at ${context.sampleRate} Hz.` : `Audio is ${context.state}; press Resume audio.`;
  startButton.textContent = running ? 'Pause audio' : 'Resume audio';
}

// Sources.
const sourceFile = byId('source-file', HTMLInputElement);
const micWarning = byId('mic-warning', HTMLParagraphElement);
function checkSource(kind: SourceKind | null): void {
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) radio.checked = radio.value === kind;
  micWarning.hidden = kind !== 'mic';
}
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) {
  radio.addEventListener('change', () => {
    const sources = app?.sources;
    if (sources === undefined || !radio.checked) return;
    const kind = radio.value as SourceKind;
    micWarning.hidden = kind !== 'mic';
    if (kind === 'loop') sources.playLoop();
    else if (kind === 'mic') {
      sources.useMicrophone().catch((error: unknown) => {
        checkSource(sources.kind); // back to what still plays
        showError('The microphone is unavailable', error);
      });
    } else if (!sources.resumeFile()) {
      checkSource(sources.kind);
      sourceFile.click(); // no file yet: ask for one
    }
  });
}
sourceFile.addEventListener('change', () => {
  const file = sourceFile.files?.[0];
  const sources = app?.sources;
  if (file === undefined || sources === undefined) return;
  sources.useFile(file).then(
    () => checkSource('file'),
    (error: unknown) => showError('Playing your audio file failed', error),
  );
});

// Impulse responses.
byId('ir-library', HTMLSelectElement).addEventListener('change', guard('Loading the library IR failed', () => impulses.loadSelected()));
bindImpulseInput(async (file) => {
  const graph = app?.graph;
  if (graph === undefined) throw new Error('press Start first; the IR is decoded at the audio context\'s sample rate');
  await impulses.useWhenReady(loadImpulseFile(file, graph.context), file.name);
});
bindSynthPanel(
  () => app?.graph.context.sampleRate ?? 48000,
  (impulse, name) => {
    if (app !== null) impulses.useCustom(impulse, name);
  },
);

const renderContext = () => (app === null ? null : { graph: app.graph, sources: app.sources, controls: readControls() });
bindComparePanel(renderContext, bindRenderPanel(renderContext));
const measurement = bindMeasurePanel(() =>
  app === null ? null : { graph: app.graph, sources: app.sources, impulses, outputGain: readControls().outputGain },
);

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => impulses.redraw(), 100); // ms: redraw once the resize settles
});

installTestHook({
  app: () => app,
  impulseName: () => impulses.name,
});
