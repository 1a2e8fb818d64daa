// Crash containment in the real editor: when the language server process dies, the client restarts
// it (a bounded number of times, telling the user) and the diagnostics come back on their own.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { State } from 'vscode-languageclient/node';
import { openDocument } from './helpers';
import { sigmaApi, waitForSummary, within } from './ui.api';

const MANIFEST = 'web-app/package.json';

/** The language server started by this extension host: a child process running dist/server.js. */
function serverPid(): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('dist/server.js')) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

suite('crash containment: the server is restarted when it dies', () => {
  test('killing the server restarts it once, says so, and the checks come back', async function () {
    this.timeout(120_000);
    const api = await sigmaApi();
    await openDocument(MANIFEST);
    await waitForSummary(api, (s) => !s.checking && s.counts.rejected >= 1);
    const pid = serverPid();
    assert.ok(pid, 'the language server runs as a child of the extension host');
    const restartsBefore = api.serverRestarts();
    const running = new Promise<void>((resolve) => {
      let stopped = false;
      const sub = api.client.onDidChangeState((e) => {
        if (e.newState === State.Stopped || e.newState === State.Starting) stopped = true;
        if (stopped && e.newState === State.Running) {
          sub.dispose();
          resolve();
        }
      });
    });
    process.kill(pid, 'SIGKILL');
    await within(running, 60_000, () => `the client to restart the server (state ${api.client.state})`);
    assert.equal(api.serverRestarts(), restartsBefore + 1, 'one restart, counted and told');
    assert.notEqual(serverPid(), pid, 'a new server process');
    // The restarted server gets the open documents again and checks them from its disk cache.
    const summary = await waitForSummary(api, (s) => !s.checking && s.dependencies.some((d) => d.uri.endsWith(MANIFEST) && d.name === 'left-pad' && d.status === 'rejected'));
    assert.ok(summary.counts.rejected >= 1);
  });
});
