import assert from 'node:assert/strict';
import fc from 'fast-check';
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

/** The comparison as first written (every key of both sides in a Set, each other field through JSON): the reference the faster one is held to. */
function referenceSame(a: readonly Diagnostic[] | undefined, b: readonly Diagnostic[]): boolean {
  if (!a || a.length !== b.length) return false;
  const known = new Set(['range', 'severity', 'source', 'code', 'message', 'codeDescription']);
  return a.every((x, i) => {
    const y = b[i];
    const rx = x as unknown as Record<string, unknown>;
    const ry = y as unknown as Record<string, unknown>;
    const sameRange = x.range.start.line === y.range.start.line && x.range.start.character === y.range.start.character && x.range.end.line === y.range.end.line && x.range.end.character === y.range.end.character;
    const others = [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => known.has(k) || JSON.stringify(rx[k]) === JSON.stringify(ry[k]));
    return sameRange && x.severity === y.severity && x.source === y.source && x.code === y.code && x.message === y.message && x.codeDescription?.href === y.codeDescription?.href && others;
  });
}

describe('sameDiagnostics against the reference comparison (property)', () => {
  const position = fc.record({ line: fc.nat(3), character: fc.nat(3) });
  const related = fc.array(fc.record({ location: fc.record({ uri: fc.constantFrom('file:///a', 'file:///b'), range: fc.record({ start: position, end: position }) }), message: fc.constantFrom('x', 'y') }), { maxLength: 2 });
  const diagnostic: fc.Arbitrary<Diagnostic> = fc.record(
    {
      range: fc.record({ start: position, end: position }),
      severity: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
      source: fc.constantFrom('sigma', 'other'),
      code: fc.constantFrom('advisory', 'transitive'),
      message: fc.constantFrom('a', 'b'),
      codeDescription: fc.record({ href: fc.constantFrom('https://x/1', 'https://x/2') }),
      relatedInformation: related,
      tags: fc.array(fc.constantFrom<1 | 2>(1, 2), { maxLength: 2 }),
      data: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: ['range', 'message'] },
  );
  /** Pairs that are often equal: the second side is the first with a few fields redrawn, dropped or set to undefined. */
  const pair = fc.array(diagnostic, { maxLength: 4 }).chain((a) =>
    fc.tuple(
      fc.constant(a),
      fc.oneof(
        fc.array(diagnostic, { maxLength: 4 }),
        fc.tuple(...a.map(() => fc.tuple(diagnostic, fc.subarray(['range', 'severity', 'source', 'code', 'message', 'codeDescription', 'relatedInformation', 'tags', 'data']), fc.boolean()))).map((edits) =>
          edits.map(([other, keys, drop], i) => {
            const copy: Record<string, unknown> = JSON.parse(JSON.stringify(a[i])) as Record<string, unknown>;
            for (const k of keys) {
              if (drop && k !== 'range' && k !== 'message') copy[k] = undefined;
              else copy[k] = (other as unknown as Record<string, unknown>)[k];
            }
            return copy as unknown as Diagnostic;
          }),
        ),
      ),
    ),
  );

  it('gives the reference answer for any pair of arrays, in both orders', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        assert.equal(sameDiagnostics(a, b), referenceSame(a, b));
        assert.equal(sameDiagnostics(b, a), referenceSame(b, a));
      }),
      { numRuns: 2000 },
    );
  });
});
