// Headless Firefox for the tests and the browser benchmark: Debian's /usr/bin/firefox-esr driven over
// WebDriver BiDi by puppeteer-core (never a downloaded browser; playwright-core drives only its own patched
// Firefox builds, so Chromium keeps playwright-core and Firefox gets puppeteer-core).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX = '/usr/bin/firefox-esr';
export const firefoxAvailable = existsSync(FIREFOX);
/**
 * Firefox starts a realtime AudioContext only once an audio device plays (without one it stays 'suspended'
 * for ever, though its graph falls back to a system clock): each launch gets a private PulseAudio server
 * with a null sink (Debian: apt-get install pulseaudio), unless PULSE_SERVER already names one.
 */
export const PULSEAUDIO = '/usr/bin/pulseaudio';

/**
 * Preferences every run needs: no network chatter (this machine's network is closed), no first-run pages,
 * audio without a user gesture, and SharedArrayBuffer on cross-origin-isolated localhost pages.
 */
const BASE_PREFS: Record<string, unknown> = {
  'media.autoplay.default': 0, // allowed
  'media.autoplay.blocking_policy': 0,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.update.enabled': false,
};

/** Firefox's fake microphone (a tone) and no permission prompt for it: the demo's e2e test. */
export const FAKE_MICROPHONE_PREFS: Record<string, unknown> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
};

/** Headless Firefox with its own throw-away profile and audio server (both removed on close). */
export async function launchFirefox(extraPrefs: Record<string, unknown> = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'web-convolver-firefox-'));
  const audio = process.env.PULSE_SERVER === undefined ? await startNullAudio(join(profile, 'pulse')) : null;
  if (audio === null && process.env.PULSE_SERVER === undefined && existsSync(PULSEAUDIO)) {
    console.log(`PulseAudio did not come up within ${NULL_AUDIO_WAIT} ms: this Firefox has no audio device (realtime tests skip)`);
  }
  const cleanup = () => {
    audio?.stop();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: join(profile, 'profile'),
      extraPrefsFirefox: { ...BASE_PREFS, ...extraPrefs },
      env: audio === null ? process.env : { ...process.env, PULSE_SERVER: audio.server },
      protocolTimeout: 600_000, // ms: a long offline render in page.evaluate must not time the protocol out
    });
    browser.once('disconnected', cleanup);
    return browser;
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * A PulseAudio server of our own with a null sink, listening on a socket in `dir`; null when PulseAudio is
 * not installed or does not come up within NULL_AUDIO_WAIT (Firefox's realtime tests then skip, saying why).
 */
/** ms for PulseAudio to come up: seconds when the whole suite loads 2 cores. */
const NULL_AUDIO_WAIT = 30_000;

async function startNullAudio(dir: string): Promise<{ server: string; stop(): void } | null> {
  if (!existsSync(PULSEAUDIO)) return null;
  const socket = join(dir, 'native');
  const child = spawn(
    PULSEAUDIO,
    [
      '-n', // no default configuration: only the two modules below
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--system=false',
      '-L',
      'module-null-sink sink_name=null',
      '-L',
      `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
    ],
    { env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir }, stdio: 'ignore' },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill();
  };
  process.once('exit', stop);
  for (let waited = 0; waited < NULL_AUDIO_WAIT; waited += 50) {
    if (existsSync(socket)) return { server: `unix:${socket}`, stop };
    if (child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  stop();
  return null;
}
