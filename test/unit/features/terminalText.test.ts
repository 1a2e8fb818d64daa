import assert from 'node:assert/strict';
import fc from 'fast-check';
import { code, escapeMarkdown } from '../../../server/src/service/features/markdown';
import { stripControl } from '../../../server/src/service/features/terminalText';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('stripControl (one place for network text on a terminal, a hover or a diagnostic)', () => {
  it('removes whole CSI and OSC sequences (7-bit and C1 forms) and replaces other controls by a space', () => {
    assert.equal(stripControl('a\u001b[2J\u001b[31mb'), 'a  b');
    assert.equal(stripControl('a\u001b]0;title\u0007b'), 'a b');
    assert.equal(stripControl('a\u001b]8;;http://x\u001b\\b'), 'a b');
    assert.equal(stripControl('a\u009b31mb\u0085c'), 'a b c');
    assert.equal(stripControl('l\u202eevil\u2066x'), 'l evil x');
    assert.equal(stripControl('plain — ✓ text'), 'plain — ✓ text');
  });

  it('leaves no control character in any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        assert.doesNotMatch(stripControl(s), CONTROL);
      }),
    );
  });

  it('is linear: 100 KB of unterminated sequences take well under 100 ms', () => {
    for (const unit of ['\u001b[', '\u001b]', '\u009b0', '\u001b[0;', '\u0090']) {
      const hostile = unit.repeat(Math.ceil(100_000 / unit.length));
      const started = performance.now();
      stripControl(hostile);
      const ms = performance.now() - started;
      assert.ok(ms < 100, `${JSON.stringify(unit)}: ${ms.toFixed(1)} ms`);
    }
  });

  it('hover Markdown (escapeMarkdown, code) goes through it too, C1 controls included', () => {
    assert.doesNotMatch(escapeMarkdown('x\u009b2Jy\u001b]0;t\u0007z'), CONTROL);
    assert.doesNotMatch(code('1.0\u009b2J'), CONTROL);
  });
});
