// One fresh folder per run: two code-servers sharing a user-data dir clash on an IPC socket, and
// nothing of a run may land in $HOME or in the clone.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface RunDir {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly xdgConfig: string;
  readonly xdgData: string;
  /** Where the runner drops `<name>.done` once a screenshot the suite asked for is saved. */
  readonly acks: string;
  /** code-server's own stdout/stderr (mostly offline noise), kept for a failed run. */
  readonly serverLog: string;
}

export type Settings = Record<string, unknown>;

export function createRunDir(): RunDir {
  const root = mkdtempSync(join(tmpdir(), 'sigma-e2e-'));
  const dir: RunDir = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    acks: join(root, 'acks'),
    serverLog: join(root, 'code-server.log'),
  };
  for (const d of [dir.userData, dir.extensions, dir.xdgConfig, dir.xdgData, dir.acks]) mkdirSync(d, { recursive: true });
  return dir;
}

export function removeRunDir(dir: RunDir): void {
  rmSync(dir.root, { recursive: true, force: true });
}

/** Settings of the whole (browser-side) user: what a person would set once, not per project. */
export function writeUserSettings(dir: RunDir, settings: Settings): void {
  const folder = join(dir.userData, 'User');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Copies a workspace into the run dir (tests may edit files; the clone stays clean) and merges
 * `settings` over its `.vscode/settings.json`. Workspace settings, because the extension's URLs are
 * `machine-overridable`: in a remote window (code-server's is one) VS Code ignores machine-scoped values
 * from the local user settings, but honours them from the workspace.
 */
export function copyWorkspace(dir: RunDir, source: string, settings: Settings): string {
  if (!existsSync(source)) throw new Error(`workspace ${source} does not exist`);
  const target = join(dir.root, 'workspace', basename(source));
  cpSync(source, target, { recursive: true });
  const vscodeDir = join(target, '.vscode');
  const file = join(vscodeDir, 'settings.json');
  const existing: Settings = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Settings) : {};
  mkdirSync(vscodeDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...existing, ...settings }, null, 2));
  return target;
}

/** Quiet defaults so the first screen is the editor, not welcome pages, tips or trust prompts. */
export const QUIET_USER_SETTINGS: Settings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Offline: a schema download only adds a 'cannot load schema' problem to every package.json.
  'json.schemaDownload.enable': false,
};
