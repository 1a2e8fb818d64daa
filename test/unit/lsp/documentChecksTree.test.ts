/**
 * The scheduler on an edit that changes no direct result (docs/tree.md): the check and the finished
 * tree are reused, and nothing is built or published again, neither by the check nor when the tree
 * step hands the same tree back (each publish builds and compares every diagnostic:
 * docs/benchmarks.md, "Where an edit's time went"); an edit that moves a line is published once.
 * Every port is in memory, so a turn of the event loop runs each step to its end.
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentChecks, type CheckHost, type DocumentState } from '../../../server/src/lsp/documentChecks';
import { createSigmaService } from '../../../server/src/service';
import { certificateUrl } from '../../../server/src/service/registryUrls';
import { normalizeSettings } from '../../../server/src/service/settings';
import { seedCertificate } from '../../helpers/answers';
import { FakeHttp, fakeRuntime } from '../../helpers/ports';

const settings = normalizeSettings({ advisoryFallback: false });
const manifest = (description: string, blank = ''): string => `{\n  "description": "${description}",${blank}\n  "dependencies": {\n    "lodash": "4.17.21"\n  }\n}\n`;
const lockfile = JSON.stringify({
  lockfileVersion: 3,
  packages: {
    '': { dependencies: { lodash: '4.17.21' } },
    'node_modules/lodash': { version: '4.17.21', dependencies: { 'dep-a': '^1.0.0' } },
    'node_modules/dep-a': { version: '1.0.0' },
  },
});

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('lsp/documentChecks: the tree step of an edit', () => {
  it('an edit that changes no direct result reuses the check and the tree and publishes nothing; one that moves a line publishes once', async () => {
    const http = new FakeHttp({ unmatched: 'not-found' });
    for (const [name, verdict] of [['lodash', 'APPROVED'], ['dep-a', 'REJECTED']] as const) {
      http.json(certificateUrl(settings.apiUrl, 'npm', name, name === 'lodash' ? '4.17.21' : '1.0.0'), seedCertificate({ registrySource: 'npm', packageName: name, packageVersion: name === 'lodash' ? '4.17.21' : '1.0.0', councilVerdict: verdict, verifyEndpoint: undefined }));
    }
    const service = createSigmaService(fakeRuntime({ http, files: { '/w/package-lock.json': lockfile } }).runtime, settings);
    const published: DocumentState[] = [];
    const host: CheckHost = {
      service: () => service,
      settings: () => Promise.resolve(settings),
      networkAllowed: () => true,
      rootFor: () => '/w',
      // As the server does (startServer.ts): what was sent is kept, to send nothing when it would repeat.
      publish: (state) => {
        if (state.check) state.published = service.diagnostics(state.check, state.tree);
        published.push(state);
      },
      progress: { begin: () => undefined, report: () => undefined, end: () => undefined },
      log: { info: () => undefined, error: (m) => assert.fail(m) },
      onStateChanged: () => undefined,
      recheck: () => undefined,
    };
    const checks = new DocumentChecks(host);
    const uri = 'file:///w/package.json';
    await checks.update(TextDocument.create(uri, 'json', 1, manifest('first')), true);
    const state = checks.states.get(uri)!;
    for (let i = 0; i < 20 && !state.tree?.complete; i++) await turn();
    assert.equal(state.tree?.complete, true, 'the tree was checked');
    // The tree step publishes its final result after marking the tree complete.
    for (let t = 0; t < 5; t++) await turn();
    assert.equal(service.diagnostics(state.check!, state.tree).filter((d) => d.code === 'transitive').length, 1, 'dep-a, rejected, shows on lodash');
    const tree = state.tree;

    const check = state.check;
    for (let i = 1; i <= 3; i++) {
      const before = published.length;
      await checks.update(TextDocument.create(uri, 'json', 1 + i, manifest(`edit ${i}`)), false);
      for (let t = 0; t < 5; t++) await turn();
      assert.equal(published.length - before, 0, `edit ${i}: nothing published`);
      assert.equal(state.check, check, `edit ${i}: the same check`);
      assert.equal(state.tree, tree, `edit ${i}: the same tree`);
      assert.equal(http.calls.filter((c) => c.url.includes('dep-a')).length, 1, `edit ${i}: dep-a asked once in all`);
    }
    const before = published.length;
    await checks.update(TextDocument.create(uri, 'json', 5, manifest('moved', '\n')), false);
    for (let t = 0; t < 5; t++) await turn();
    assert.equal(published.length - before, 1, 'an edit that moves the dependency line: one publish');
    assert.notEqual(state.check, check, 'a new check, with the new range');
    assert.equal(state.check?.dependencies[0].dependency.range.start.line, check?.dependencies[0].dependency.range.start.line === undefined ? -1 : check.dependencies[0].dependency.range.start.line + 1);
    assert.equal(state.tree, tree, 'the same tree: no direct result changed');
    checks.dispose();
  });
});
