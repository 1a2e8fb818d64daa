// Debian's Chromium driven by playwright-core. Without a connected browser code-server starts no
// extension host, so the browser is part of the test rig, not only a camera.
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.SIGMA_E2E_CHROMIUM ?? '/usr/bin/chromium';

// Headless, sandbox-less (root in CI), and nothing that phones out: the machine has no network.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Every host name but the loopback address resolves to nothing, so the page cannot reach another
  // address even if the workbench tries (a session refresh, a web font, a gallery).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export const VIEWPORT = { width: 1400, height: 900 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export async function newPage(browser: Browser, colorScheme: 'light' | 'dark' = 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme });
  return context.newPage();
}
