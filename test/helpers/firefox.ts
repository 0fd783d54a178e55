// Headless Firefox for the tests and the browser benchmark: Debian's /usr/bin/firefox-esr driven over
// WebDriver BiDi by puppeteer-core (never a downloaded browser; playwright-core drives only its own patched
// Firefox builds, so Chromium keeps playwright-core and Firefox gets puppeteer-core).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX = '/usr/bin/firefox-esr';
export const firefoxAvailable = existsSync(FIREFOX);

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

/** Headless Firefox with its own throw-away profile (removed on close). */
export async function launchFirefox(extraPrefs: Record<string, unknown> = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'web-convolver-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: { ...BASE_PREFS, ...extraPrefs },
    protocolTimeout: 600_000, // ms: a long offline render in page.evaluate must not time the protocol out
  });
  browser.once('disconnected', () => rmSync(profile, { recursive: true, force: true }));
  return browser;
}
