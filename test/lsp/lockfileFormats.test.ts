/**
 * Every lockfile format pins package.json / Pipfile in the editor as package-lock.json does
 * (docs/language-server.md): on the projects the real package managers wrote (test/fixtures/lockfiles/README.md)
 * the diagnostics name the lockfile's versions, the hover says "from lockfile", the summary has
 * `resolvedFrom: "lockfile"`, a workspace member is pinned by the root lockfile, a local folder is
 * skipped and never looked up; editing pnpm-workspace.yaml's catalogs re-checks (a watched file).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { SummaryRequest } from '../../shared/src/protocol';
import { byCode, startSession, text, type Session } from './session';

const FIXTURES = path.resolve(__dirname, '../fixtures/lockfiles');

describe('language server: every lockfile format pins its manifest', function () {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(() => s.close());

  /** Opens `rel` (already on disk) and waits until its check has finished. */
  async function openChecked(rel: string): Promise<string> {
    const from = s.client.notifications.length;
    const { uri } = await s.openAndWait(rel, fs.readFileSync(path.join(s.dir, rel), 'utf8'));
    await s.client.waitFor(() => s.client.notifications.slice(from).some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false), `the check of ${rel}`);
    return uri;
  }

  async function pins(uri: string): Promise<Record<string, [string | null, string | null, string]>> {
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    return Object.fromEntries(summary.dependencies.filter((d) => d.uri === uri).map((d) => [d.name, [d.version, d.resolvedFrom, d.status]]));
  }

  async function hoverAt(uri: string, name: string): Promise<string> {
    const doc = fs.readFileSync(new URL(uri), 'utf8').split('\n');
    const line = doc.findIndex((l) => l.trimStart().startsWith(`"${name}"`) || l.startsWith(`${name} `));
    const h = await s.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: doc[line].indexOf(name) + 1 } });
    assert.ok(h, `a hover on ${name}`);
    return (h.contents as MarkupContent).value;
  }

  for (const format of ['yarn-v1', 'yarn-berry', 'pnpm-v9', 'pnpm-v6', 'bun']) {
    it(`${format}: diagnostics, hover and summary show the lockfile's versions, for the root and a workspace member`, async () => {
      fs.cpSync(path.join(FIXTURES, format), path.join(s.dir, format), { recursive: true });
      const root = await openChecked(`${format}/package.json`);
      const got = await pins(root);
      assert.deepEqual(got['express'].slice(0, 2), ['4.22.3', 'lockfile']);
      assert.deepEqual(got['my-lodash'].slice(0, 2), ['4.18.1', 'lockfile']);
      assert.deepEqual(got['local-lib'], [null, null, 'skipped']);
      const diagnostics = s.client.diagnostics.get(root)?.diagnostics ?? [];
      assert.ok(byCode(diagnostics, 'uncertified').some((d) => text(d).startsWith('express 4.22.3')), JSON.stringify(diagnostics.map(text)));
      assert.match(await hoverAt(root, 'express'), /- Resolved version: `4\.22\.3` from lockfile/);
      assert.ok(!s.registry.requests.some((r) => r.package === 'local-lib'), 'local-lib never reaches a registry');

      const member = await openChecked(`${format}/packages/app/package.json`);
      assert.deepEqual((await pins(member))['debug'].slice(0, 2), ['4.4.3', 'lockfile']);
      assert.match(await hoverAt(member, 'debug'), /- Resolved version: `4\.4\.3` from lockfile/);
    });
  }

  it('Pipfile: Pipfile.lock pins [packages]; its versions, not the registry\'s newest, are checked', async () => {
    s.write('pipenv/Pipfile.lock', JSON.stringify({ _meta: { 'pipfile-spec': 6, hash: { sha256: '0' } }, default: { requests: { version: '==2.28.2', hashes: [] }, pyyaml: { version: '==6.0.1', hashes: [] } }, develop: {} }, null, 4));
    const { uri, diagnostics } = await s.openAndWait('pipenv/Pipfile', '[packages]\nrequests = ">=2"\npyyaml = "*"\n', (d) => byCode(d.diagnostics, 'rejected').length === 1 && byCode(d.diagnostics, 'uncertified').length === 1);
    assert.match(text(byCode(diagnostics, 'uncertified')[0]), /^requests 2\.28\.2/);
    assert.match(text(byCode(diagnostics, 'rejected')[0]), /^pyyaml 6\.0\.1/);
    assert.deepEqual((await pins(uri))['requests'], ['2.28.2', 'lockfile', 'uncertified']);
    assert.match(await hoverAt(uri, 'requests'), /- Resolved version: `2\.28\.2` from lockfile/);
  });

  it('pnpm catalogs: editing pnpm-workspace.yaml (a watched file) re-checks the catalog: entries', async () => {
    fs.cpSync(path.join(FIXTURES, 'pnpm-v9'), path.join(s.dir, 'catalogs'), { recursive: true });
    const workspace = path.join(s.dir, 'catalogs', 'pnpm-workspace.yaml');
    const written = fs.readFileSync(workspace, 'utf8');
    // The legacy catalog removed: cookie's `catalog:legacy` has no range, so it is skipped, saying why.
    fs.writeFileSync(workspace, written.replace(/catalogs:\n {2}legacy:\n {4}cookie: \^0\.6\.0\n?/, ''));
    const uri = await openChecked('catalogs/package.json');
    assert.deepEqual((await pins(uri))['cookie'], [null, null, 'skipped']);
    assert.ok(byCode(s.client.diagnostics.get(uri)?.diagnostics ?? [], 'skipped').some((d) => /no catalog named legacy/.test(text(d))));

    fs.writeFileSync(workspace, written);
    await s.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(workspace).href, type: 2 }] });
    await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'uncertified').some((x) => text(x).startsWith('cookie 0.6.0')), 'cookie pinned after the catalog came back');
    assert.deepEqual((await pins(uri))['cookie'].slice(0, 2), ['0.6.0', 'lockfile']);
  });
});
