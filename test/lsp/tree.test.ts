/**
 * The whole tree in the editor (docs/language-server.md, docs/tree.md) over the real connection, on the
 * npm-app fixture (test/fixtures/tree/npm-app): `express` is approved but brings in a rejected
 * `left-pad` three levels down. The `transitive` diagnostic, its related information, the inline
 * `· N ✗ below`, the hover's "Brings in" section and the summary's tree counts, with exact text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover, InlayHint, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TreeChild, WorkspaceSummary } from '../../shared/src/protocol';
import { byCode, startSession, text, type Session } from './session';

const APP = path.resolve(__dirname, '../fixtures/tree/npm-app');
const MANIFEST = fs.readFileSync(path.join(APP, 'package.json'), 'utf8');
const LOCK = fs.readFileSync(path.join(APP, 'package-lock.json'), 'utf8');
const lockLine = (key: string): number => LOCK.split('\n').findIndex((l) => l.includes(`"${key}"`));
const manifestLine = (name: string): number => MANIFEST.split('\n').findIndex((l) => l.includes(`"${name}"`));
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };

describe('language server: the whole tree', function () {
  let s: Session;
  let uri: string;
  let lockUri: string;

  before(async () => {
    s = await startSession();
    lockUri = pathToFileURL(path.join(s.dir, 'package-lock.json')).href;
    s.write('package-lock.json', LOCK);
    ({ uri } = await s.openAndWait('package.json', MANIFEST, (d) => byCode(d.diagnostics, 'transitive').length === 1));
  });
  after(() => s.close());

  const FINAL = (d: PublishDiagnosticsParams): boolean => byCode(d.diagnostics, 'transitive').some((x) => String(typeof x.message === 'string' ? x.message : x.message.value).includes('4 packages'));
  const final = async () => byCode((await s.client.waitForDiagnostics(uri, FINAL, 'the whole tree checked')).diagnostics, 'transitive');

  it('one transitive diagnostic on the direct dependency that brings the packages in: worst first, paths, severity of the worst, related lockfile entries', async () => {
    const [d] = await final();
    const line = manifestLine('express');
    assert.deepEqual(d.range, { start: { line, character: 4 }, end: { line, character: 24 } });
    assert.equal(d.severity, 1, 'error: the worst below is rejected');
    assert.equal(d.source, 'sigma');
    assert.equal(
      d.message,
      'express 4.19.2 brings in 4 packages that are not approved and clean: left-pad 1.3.0 rejected (via finalhandler → debug → left-pad), minimist 1.2.5 uncertified (via finalhandler → minimist), ms 2.1.3 integrity-mismatch (via finalhandler → debug → ms), and 1 more',
    );
    const at = (key: string, end: number) => ({ uri: lockUri, range: { start: { line: lockLine(key), character: 4 }, end: { line: lockLine(key), character: end } } });
    assert.deepEqual(d.relatedInformation, [
      { location: at('node_modules/left-pad', 27), message: 'left-pad 1.3.0 rejected (via finalhandler → debug → left-pad)' },
      { location: at('node_modules/minimist', 27), message: 'minimist 1.2.5 uncertified (via finalhandler → minimist)' },
      { location: at('node_modules/ms', 21), message: 'ms 2.1.3 integrity-mismatch (via finalhandler → debug → ms)' },
      { location: at('node_modules/finalhandler', 31), message: 'finalhandler 1.2.0 uncertified (via finalhandler)' },
    ]);
  });

  it('inline status: the subtree after the direct dependency\'s own status', async () => {
    await final();
    const hints = await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.label]),
      [
        [manifestLine('express'), '4.19.2 ✓ approved · 1 ✗ below'],
        [manifestLine('lodash'), '4.17.21 ✓ approved'],
        [manifestLine('typescript'), '5.4.5 ✓ approved'],
      ],
    );
  });

  it('hover: a "Brings in" section with the counts and the packages that are not approved and clean, with their paths', async () => {
    await final();
    const h = await s.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: manifestLine('express'), character: 6 } });
    const md = (h!.contents as MarkupContent).value;
    assert.equal(
      md.slice(md.indexOf('\n\n---\n')),
      [
        '',
        '',
        '---',
        '',
        '**Brings in** 6 packages: 3 approved, 1 rejected, 2 uncertified',
        '',
        '- left\\-pad 1\\.3\\.0 **rejected** — via finalhandler → debug → left\\-pad',
        '- minimist 1\\.2\\.5 **uncertified** — via finalhandler → minimist',
        '- ms 2\\.1\\.3 **integrity\\-mismatch** — via finalhandler → debug → ms',
        '- finalhandler 1\\.2\\.0 **uncertified** — via finalhandler',
      ].join('\n'),
    );
  });

  it('summary: the tree\'s distinct packages by status, for the status bar', async () => {
    await final();
    const summary = await s.client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    assert.deepEqual(summary.tree, { packages: 5, counts: { approved: 2, conditional: 0, rejected: 1, uncertified: 2, error: 0, unresolved: 0, skipped: 0 }, pending: 0 });
    assert.equal(summary.counts.approved, 3, 'the direct counts are unchanged');
  });

  it('sigma/treeChildren: one level at a time below a direct dependency, with status and problems below; "problems only" drops clean branches', async () => {
    await final();
    const ask = (params: Record<string, unknown>) => s.client.connection.sendRequest<TreeChild[]>('sigma/treeChildren', { uri, ...params });
    const row = (c: TreeChild) => [c.name, c.version, c.status, c.problem, c.problemsBelow, c.children];
    const express = await ask({ direct: 'express' });
    assert.deepEqual(express.map(row), [
      ['finalhandler', '1.2.0', 'uncertified', true, 3, 2],
      ['lodash', '4.17.21', 'approved', false, 0, 0],
    ]);
    const finalhandler = express[0];
    assert.equal(finalhandler.lockfileUri, lockUri);
    assert.deepEqual(finalhandler.range.start, { line: lockLine('node_modules/finalhandler'), character: 4 });
    const below = await ask({ direct: 'express', node: finalhandler.node });
    assert.deepEqual(below.map(row), [
      ['debug', '4.3.4', 'approved', false, 2, 2],
      ['minimist', '1.2.5', 'uncertified', true, 0, 0],
    ]);
    const leaves = await ask({ direct: 'express', node: below[0].node });
    assert.deepEqual(leaves.map(row), [
      ['left-pad', '1.3.0', 'rejected', true, 0, 0],
      ['ms', '2.1.3', 'approved', true, 0, 0],
    ]);
    assert.equal(leaves[0].advisoryCount, 0);
    assert.deepEqual((await ask({ direct: 'express', problemsOnly: true })).map((c) => c.name), ['finalhandler']);
    assert.deepEqual(await ask({ direct: 'lodash' }), []);
    assert.deepEqual(await ask({ direct: 'no-such-dependency' }), []);
    assert.deepEqual(await ask({ direct: 'express', node: 10_000 }), []);
  });

  it('summary: each direct dependency says what it brings in', async () => {
    await final();
    const summary = await s.client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    const below = (name: string) => summary.dependencies.find((d) => d.name === name)?.below;
    assert.deepEqual(below('express'), { packages: 6, approved: 3, rejected: 1, problems: 4, pending: 0 });
    assert.deepEqual(below('lodash'), { packages: 0, approved: 0, rejected: 0, problems: 0, pending: 0 });
  });

  it('each tree package was asked once; the direct dependencies first', async () => {
    await final();
    const asked = s.registry.requests.filter((r) => r.endpoint === 'certificate').map((r) => r.package!);
    assert.deepEqual(asked.slice(0, 3).sort(), ['express', 'lodash', 'typescript']);
    assert.deepEqual(asked.slice(3).sort(), ['debug', 'finalhandler', 'left-pad', 'minimist', 'ms']);
    assert.equal(s.registry.requests.filter((r) => r.endpoint === 'npmBulk').length, 1);
  });

  it('code action on the transitive diagnostic: npm overrides pin to the newest approved version every parent allows, only where one exists', async () => {
    const [d] = await final();
    const actions = await s.client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const overrides = actions.filter((a) => a.title.startsWith('Override '));
    // minimist 1.2.5: finalhandler asks ^1.2.5, 1.2.8 is approved. left-pad, ms and finalhandler: their parents ask exactly the version installed.
    assert.deepEqual(
      overrides.map((a) => a.title),
      ["Override minimist 1.2.5 → 1.2.8 (npm overrides: the newest SIGMA-approved version every parent's range allows)"],
    );
    const [action] = overrides;
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [d]);
    const edits = action.edit!.changes![uri];
    const end = MANIFEST.trimEnd().split('\n').length - 2;
    assert.deepEqual(edits, [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 3 } }, newText: '  },\n  "overrides": {\n    "minimist": "1.2.8"\n  }' }]);
    const doc = TextDocument.create(uri, 'json', 1, MANIFEST);
    assert.equal(
      TextDocument.applyEdits(doc, edits),
      MANIFEST.replace('    "typescript": "~5.4.0"\n  }\n}', '    "typescript": "~5.4.0"\n  },\n  "overrides": {\n    "minimist": "1.2.8"\n  }\n}'),
    );
  });

  it('an edit that changes no direct result keeps the tree and asks nothing', async () => {
    await final();
    const before = s.registry.requests.length;
    await s.client.change(uri, MANIFEST.replace('"version": "1.0.0"', '"version": "1.0.1"'));
    // Inlay hints answer from the check of the new text (the server waits for it): the tree is still there.
    const hints = await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
    assert.equal(hints.find((h) => h.position.line === manifestLine('express'))?.label, '4.19.2 ✓ approved · 1 ✗ below');
    assert.equal(byCode(s.client.diagnostics.get(uri)!.diagnostics, 'transitive').length, 1);
    assert.equal(s.registry.requests.length, before, 'no request');
  });

  it('a lockfile change re-plans the tree: a package no longer installed is no longer named', async () => {
    await final();
    const lock = JSON.parse(LOCK) as { packages: Record<string, { dependencies?: Record<string, string> }> };
    delete lock.packages['node_modules/debug'].dependencies!['left-pad'];
    delete lock.packages['node_modules/left-pad'];
    s.write('package-lock.json', JSON.stringify(lock, null, 2));
    await s.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: lockUri, type: 2 }] });
    const d = await s.client.waitForDiagnostics(uri, (x) => byCode(x.diagnostics, 'transitive').some((t) => text(t).includes('3 packages')), 'the tree of the new lockfile');
    const [t] = byCode(d.diagnostics, 'transitive');
    assert.equal(t.severity, 1, 'the critical advisory on minimist is still an error');
    assert.ok(!text(t).includes('left-pad'), text(t));
    const hints = await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
    assert.equal(hints.find((h) => h.position.line === manifestLine('express'))?.label, '4.19.2 ✓ approved · 3/5 below');
  });
});

describe('language server: sigma.transitive false', function () {
  let s: Session;
  after(() => s.close());

  it('no tree: no transitive diagnostic, no suffix, no tree request', async () => {
    s = await startSession({ settings: { transitive: false } });
    s.write('package-lock.json', LOCK);
    const { uri } = await s.openAndWait('package.json', MANIFEST, (d) => byCode(d.diagnostics, 'partial-analysis').length === 1);
    await s.client.waitFor(() => s.client.notifications.some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false), 'the check finished');
    const summary = await s.client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    assert.equal(summary.checking, false);
    assert.equal(summary.tree, undefined);
    assert.deepEqual(byCode(s.client.diagnostics.get(uri)!.diagnostics, 'transitive'), []);
    const hints = await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
    assert.deepEqual(hints.map((h) => h.label), ['4.19.2 ✓ approved', '4.17.21 ✓ approved', '5.4.5 ✓ approved']);
    assert.deepEqual(s.registry.requests.map((r) => r.package).sort(), ['express', 'lodash', 'typescript']);
  });
});

describe('language server: the tree never delays the direct dependencies', function () {
  let s: Session;
  after(() => s.close());

  it('every direct result is published while a slow tree package is still being looked up', async () => {
    s = await startSession();
    const release = s.registry.addFault({ endpoint: 'certificate', package: 'left-pad', fault: { kind: 'timeout' } });
    s.write('package-lock.json', LOCK);
    const { diagnostics } = await s.openAndWait('package.json', MANIFEST, (d) => byCode(d.diagnostics, 'partial-analysis').length === 1);
    assert.deepEqual(byCode(diagnostics, 'transitive'), [], 'nothing below is known yet');
    await s.client.waitFor(() => s.registry.requests.some((r) => r.package === 'left-pad'), 'the tree lookups started');
    const summary = await s.client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    assert.deepEqual(summary.counts.approved, 3, 'the direct results are all in');
    release();
  });
});
