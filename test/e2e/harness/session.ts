// One code-server session: the local registry, a fresh run dir with the workspace copied into it and
// pointed at the registry, code-server, and a Chromium page not yet navigated (hooks such as
// codeAutomationExit must be exposed before the workbench loads). Shared by the test runner and the
// screenshot script.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { ensureCodeServer } from './install';
import { registrySettings, startLocalRegistry, type LocalRegistry, type RegistryData } from './registry';
import { copyWorkspace, createRunDir, QUIET_USER_SETTINGS, removeRunDir, writeUserSettings, type RunDir, type Settings } from './runDir';
import { workbenchUrl, type DevelopmentOptions } from './workbench';

export interface SessionOptions {
  repoRoot: string;
  /** Folder copied into the run dir and opened. */
  workspace: string;
  /** Merged over the quiet defaults (e.g. a color theme). */
  userSettings?: Settings;
  /** What the local registry serves; the test data (with its hostile strings) by default. */
  registryData?: RegistryData;
}

export interface Session {
  readonly dir: RunDir;
  readonly registry: LocalRegistry;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  /** The opened copy of the workspace. */
  readonly folder: string;
  /** Loads the workbench on the copied workspace with the given development options. */
  open(dev: Omit<DevelopmentOptions, 'folder'>): Promise<void>;
  /**
   * Rewrites the user settings (over the quiet defaults) and reloads the workbench, which reads them
   * afresh. Reloading, because the settings file's watcher did not reliably fire in code-server here.
   */
  reloadWithUserSettings(settings: Settings): Promise<void>;
  /** Stops everything this session started; the run dir is removed unless `keepDir`. */
  close(keepDir: boolean): Promise<void>;
}

export async function startSession(opts: SessionOptions): Promise<Session> {
  const dir = createRunDir();
  // Undo in reverse order whatever was started, also when a later step fails.
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (keepDir: boolean): Promise<void> => {
    for (const close of closers.reverse()) await close().catch((err: Error) => console.error(`[e2e] cleanup: ${err.message}`));
    closers.length = 0;
    if (keepDir) console.log(`[e2e] run dir kept: ${dir.root} (code-server log: ${dir.serverLog})`);
    else removeRunDir(dir);
  };
  try {
    const install = ensureCodeServer(opts.repoRoot);
    const registry = await startLocalRegistry(opts.registryData);
    closers.push(() => registry.close());
    writeUserSettings(dir, { ...QUIET_USER_SETTINGS, ...opts.userSettings });
    const folder = copyWorkspace(dir, opts.workspace, registrySettings(registry));
    const server = await startCodeServer(install, dir);
    closers.push(() => server.stop());
    const browser = await launchBrowser();
    closers.push(() => browser.close());
    const page = await newPage(browser);
    console.log(`[e2e] code-server ${server.url} (pid ${server.pid}), registry ${registry.url}, run dir ${dir.root}`);
    return {
      dir,
      registry,
      server,
      browser,
      page,
      folder,
      open: async (dev) => {
        await page.goto(workbenchUrl(server, { ...dev, folder }));
      },
      reloadWithUserSettings: async (settings) => {
        writeUserSettings(dir, { ...QUIET_USER_SETTINGS, ...settings });
        await page.reload();
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll(true);
    throw err;
  }
}
