/**
 * Edits that change no diagnostic publish nothing (docs/benchmarks.md, issue 16): the client keeps
 * what it shows, and the server neither re-encodes nor re-sends the whole array. Requests that read
 * positions (inlay hints, hover) wait for the check of the latest text, so they are the signal that
 * an edit has been taken in.
 */
import assert from 'node:assert/strict';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { byCode, range, startSession, type Session } from './session';

const doc = (description: string, blank = ''): string =>
  `{\n  "name": "demo",\n  "description": "${description}",${blank}\n  "dependencies": {\n    "left-pad": "1.3.0",\n    "express": "4.19.2",\n    "minimist": "1.2.5"\n  }\n}\n`;
const complete = (d: { diagnostics: Array<{ code?: unknown }> }): boolean => byCode(d.diagnostics as never, 'rejected').length === 1 && byCode(d.diagnostics as never, 'advisory').length === 1;
const WHOLE = range(0, 0, 0, 100);

describe('language server: publishes only when the diagnostics change', function () {
  let s: Session;
  let uri: string;
  beforeEach(async () => {
    s = await startSession();
    ({ uri } = await s.openAndWait('package.json', doc('first'), complete));
    // The check is complete when the final publish leaves; nothing else is in flight for it.
    await s.client.waitFor(() => s.client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end'), 'the check to end');
  });
  afterEach(() => s.close());

  const publishesOf = (): number => s.client.publishLog.filter((p) => p.params.uri === uri).length;
  const hints = (): Promise<InlayHint[]> => s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });

  it('description-only edits make no request and no publish; the inlay hints follow the latest text', async () => {
    const before = publishesOf();
    s.registry.clearLog();
    for (let i = 1; i <= 10; i++) await s.client.change(uri, doc(`edit ${i}`));
    const after = await hints();
    assert.equal(after.length, 3, 'one hint per dependency, from the check of the last edit');
    assert.equal(publishesOf() - before, 0, 'identical diagnostics are not sent again');
    assert.equal(s.registry.requests.length, 0, 'no registry request');
  });

  it('an edit that moves the dependencies publishes once, with the new ranges', async () => {
    const before = publishesOf();
    const lineOf = (): number => s.client.diagnostics.get(uri)!.diagnostics[0].range.start.line;
    const line = lineOf();
    const hintLines = (await hints()).map((h) => h.position.line);
    const version = await s.client.change(uri, doc('moved', '\n'));
    const shifted = await hints();
    assert.deepEqual(shifted.map((h) => h.position.line), hintLines.map((l) => l + 1), 'the hints of the new text, not the previous one');
    const published = s.client.publishLog.filter((p) => p.params.uri === uri).slice(before);
    assert.equal(published.length, 1, 'exactly one publish for the edit');
    assert.equal(published[0].params.version, version);
    assert.equal(lineOf(), line + 1, 'the diagnostics moved down one line');
  });
});
