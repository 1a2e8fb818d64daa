// The suite's entry, loaded by the extension host (code-server's or @vscode/test-electron's) which
// calls `run()`. esbuild bundles this file and every test module into dist-test/e2e/index.js; mocha
// stays external and resolves from the repo's node_modules because the bundle lives inside the repo.
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { RESULT_MARKER } from '../protocol';
import { requestScreenshot } from './helpers';

// Each test module, imported lazily so its `suite()`/`test()` calls run after mocha has defined those
// globals. A new test file is one more line here.
const testModules: Record<string, () => Promise<unknown>> = {
  'diagnostics.test': () => import('./diagnostics.test.js'),
  'ui.views.test': () => import('./ui.views.test.js'),
  'ui.preview.test': () => import('./ui.preview.test.js'),
  'editor.test': () => import('./editor.test.js'),
  'restart.test': () => import('./restart.test.js'),
  // After the view tests: it adds the tree project to the open workspace.
  'tree.test': () => import('./tree.test.js'),
  // Near the end: it adds a pnpm workspace to the open workspace, which would change the counts the tests above expect.
  'pnpmWorkspace.test': () => import('./pnpmWorkspace.test.js'),
  // After the pnpm workspace, for the same reason: it adds a Poetry project served by its own index.
  'privateIndex.test': () => import('./privateIndex.test.js'),
};

export async function run(): Promise<void> {
  // code-server forwards each console call as one string, dropping printf-style arguments: format here.
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => consoleLog(format(...args));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec' });
  for (const [name, load] of Object.entries(testModules)) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    await load();
  }
  const runner = await new Promise<Mocha.Runner>((resolve) => {
    const r = mocha.run(() => resolve(r));
  });
  const passed = runner.stats?.passes ?? 0;
  const failed = runner.stats?.failures ?? 0;
  console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed })}`);
  // The editor as the tests left it, with the Problems panel listing its diagnostics.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await requestScreenshot('editor');
  if (failed > 0) throw new Error(`${failed} end-to-end test(s) failed`);
}
