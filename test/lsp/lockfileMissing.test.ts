/**
 * A manifest entry its lockfile lacks is never checked as if installed (docs/formats/tree.md, "When
 * the lockfile lacks an entry"): it is `unresolved`, naming the out-of-date lockfile and the command
 * that updates it; once the lockfile holds it (a watched-file change), its pin is checked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SummaryRequest } from '../../shared/src/protocol';
import { byCode, range, startSession, text, type Session } from './session';

const MANIFEST = '{\n  "dependencies": {\n    "express": "^4.17.0",\n    "lodash": "^4.17.0"\n  }\n}\n';
const lockfile = (entries: Record<string, string>): string =>
  JSON.stringify({ name: 'x', lockfileVersion: 3, requires: true, packages: { '': { dependencies: { express: '^4.17.0', lodash: '^4.17.0' } }, ...Object.fromEntries(Object.entries(entries).map(([n, v]) => [`node_modules/${n}`, { version: v }])) } }, null, 2);

describe('language server: a manifest entry missing from its lockfile', () => {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(() => s.close());

  it('is unresolved, naming the lockfile and `npm install`; after the lockfile is updated it is pinned', async () => {
    const lock = path.join(s.dir, 'app', 'package-lock.json');
    s.write('app/package-lock.json', lockfile({ express: '4.17.1' }));
    const { uri, diagnostics } = await s.openAndWait('app/package.json', MANIFEST, (d) => byCode(d.diagnostics, 'unresolved').length === 1 && byCode(d.diagnostics, 'uncertified').length === 1);
    const [missing] = byCode(diagnostics, 'unresolved');
    assert.deepEqual(missing.range, range(3, 4, 23));
    assert.equal(text(missing), 'lodash: no exact version could be determined — package-lock.json has no entry for it, so it is older than this file: run `npm install` to update it; until then which version gets installed is not known');
    assert.ok(!s.registry.requests.some((r) => r.package === 'lodash'), 'no registry guess for lodash');
    assert.match(text(byCode(diagnostics, 'uncertified')[0]), /^express 4\.17\.1/);

    fs.writeFileSync(lock, lockfile({ express: '4.17.1', lodash: '4.17.21' }));
    await s.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(lock).href, type: 2 }] });
    await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'unresolved').length === 0 && byCode(d.diagnostics, 'uncertified').length === 1, 'lodash pinned after npm install');
    // The first publish of the new check can come while lodash's pin is still being looked up (the
    // summary lists it only once its answer is in): ask until then.
    const lodashNow = async () => (await s.client.connection.sendRequest(SummaryRequest.type)).dependencies.find((d) => d.uri === uri && d.name === 'lodash');
    let lodash = await lodashNow();
    for (const deadline = Date.now() + 15_000; lodash === undefined && Date.now() < deadline; ) lodash = await lodashNow();
    assert.deepEqual([lodash?.version, lodash?.resolvedFrom], ['4.17.21', 'lockfile']);
  });
});
