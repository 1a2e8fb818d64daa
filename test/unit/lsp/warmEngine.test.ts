/**
 * After `initialized` the server loads the engine and then undici's request path in idle turns
 * (server/src/lsp/loadEngine.ts), so the first lookup of the first document does not wait for them
 * (docs/benchmarks.md). Run in a fresh process: this one may have loaded undici already.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { collectOutput } from '../../helpers/cliRunner';

const ROOT = path.resolve(__dirname, '../../..');

const PROBE = `
const loaded = () => Object.keys(require.cache).some((file) => /undici[\\\\/]lib[\\\\/]dispatcher[\\\\/]agent\\.js$/.test(file));
const { warmEngine } = require('./server/src/lsp/loadEngine');
const before = loaded();
warmEngine().then(() => console.log(JSON.stringify({ before, after: loaded() })));
`;

describe('lsp/loadEngine: warming after initialized', function () {
  this.timeout(60_000);

  it("loads undici's direct request path before any request is made", async () => {
    const r = await collectOutput(spawn(process.execPath, ['--import', 'tsx', '-e', PROBE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }), { timeoutMs: 50_000, what: 'the warm-up probe' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { before: false, after: true });
  });
});
