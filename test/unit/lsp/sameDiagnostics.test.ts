import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { sameDiagnostics } from '../../../server/src/lsp/sameDiagnostics';

const d = (line: number, message: string, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  range: { start: { line, character: 4 }, end: { line, character: 20 } },
  severity: 2,
  source: 'sigma',
  code: 'advisory',
  message,
  ...extra,
});

describe('sameDiagnostics (publish only when the diagnostics change)', () => {
  it('equal arrays built separately are the same', () => {
    assert.equal(sameDiagnostics([d(1, 'a'), d(2, 'b', { codeDescription: { href: 'https://x/1' } })], [d(1, 'a'), d(2, 'b', { codeDescription: { href: 'https://x/1' } })]), true);
    assert.equal(sameDiagnostics([], []), true);
  });

  it('nothing published yet is never the same, even as an empty array', () => {
    assert.equal(sameDiagnostics(undefined, []), false);
  });

  it('any field that differs makes them different', () => {
    const base = [d(1, 'a')];
    assert.equal(sameDiagnostics(base, [d(2, 'a')]), false, 'line');
    assert.equal(sameDiagnostics(base, [{ ...d(1, 'a'), range: { start: { line: 1, character: 4 }, end: { line: 1, character: 21 } } }]), false, 'end character');
    assert.equal(sameDiagnostics(base, [d(1, 'b')]), false, 'message');
    assert.equal(sameDiagnostics(base, [d(1, 'a', { severity: 1 })]), false, 'severity');
    assert.equal(sameDiagnostics(base, [d(1, 'a', { code: 'rejected' })]), false, 'code');
    assert.equal(sameDiagnostics(base, [d(1, 'a', { codeDescription: { href: 'https://x/2' } })]), false, 'link');
    assert.equal(sameDiagnostics(base, [d(1, 'a', { tags: [1] })]), false, 'a field the service does not set today');
    assert.equal(sameDiagnostics(base, [d(1, 'a'), d(2, 'a')]), false, 'length');
  });
});
