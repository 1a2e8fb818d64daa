// The same suite under @vscode/test-electron, for machines that can download VS Code. Offline it stops
// at the download with a message saying so, instead of hanging or failing somewhere deeper.
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { parseResultLine, type SuiteResult } from '../protocol';
import { registrySettings, startLocalRegistry, type LocalRegistry } from './registry';
import { copyWorkspace, createRunDir, QUIET_USER_SETTINGS, removeRunDir, writeUserSettings } from './runDir';

const REPO = resolve(__dirname, '..', '..', '..');
const DOWNLOAD_TIMEOUT_MS = 15_000;

export async function main(): Promise<number> {
  const dir = createRunDir();
  let registry: LocalRegistry | undefined;
  let result: SuiteResult | undefined;
  let exitCode = 1;
  try {
    let vscodeExecutablePath: string;
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({
        cachePath: join(REPO, '.vscode-test'),
        version: process.env.SIGMA_E2E_VSCODE_VERSION ?? 'stable',
        timeout: DOWNLOAD_TIMEOUT_MS,
      });
    } catch (err) {
      console.error(
        `[e2e] cannot download VS Code: ${(err as Error).message}\n` +
          '[e2e] this runner needs the internet; offline, run the same suite in code-server: npm run test:e2e',
      );
      return 1;
    }
    registry = await startLocalRegistry();
    writeUserSettings(dir, QUIET_USER_SETTINGS);
    const folder = copyWorkspace(dir, join(REPO, 'examples'), registrySettings(registry));
    // runTests copies the extension host's stdout to ours; read the suite's counts on the way through.
    const restore = tapStdout((line) => (result = parseResultLine(line) ?? result));
    try {
      exitCode = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: join(REPO, 'dist-test', 'e2e', 'index.js'),
        launchArgs: [
          folder,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--user-data-dir', dir.userData,
          '--extensions-dir', dir.extensions,
        ],
      });
    } catch (err) {
      console.error(`[e2e] ${(err as Error).message}`);
      exitCode = 1;
    } finally {
      restore();
    }
  } finally {
    await registry?.close();
    removeRunDir(dir);
    const failed = (result?.failed ?? 0) + (result === undefined ? 1 : 0);
    console.log(`E2E: ${result?.passed ?? 0} passed, ${failed} failed`);
  }
  return exitCode === 0 && result?.failed === 0 ? 0 : 1;
}

/** Calls `onLine` for each complete line written to stdout until the returned function is called. */
function tapStdout(onLine: (line: string) => void): () => void {
  const stdout = process.stdout;
  const original = stdout.write.bind(stdout);
  let pending = '';
  stdout.write = ((...args: Parameters<typeof original>) => {
    const chunk: unknown = args[0];
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
    return original(...args);
  }) as typeof stdout.write;
  return () => {
    if (pending) onLine(pending);
    stdout.write = original;
  };
}
