/**
 * `sha256` (python/pyLockfile.ts) checks what lockfiles write in place, without a regular expression;
 * it must answer exactly as the expression it stands in for, on digests of every shape.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sha256 } from '../../../server/src/service/parse/python/pyLockfile';

function reference(value: unknown, prefixed: boolean): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = (prefixed ? /^sha256:([0-9a-fA-F]{64})$/ : /^([0-9a-fA-F]{64})$/).exec(value.trim());
  return m ? m[1].toLowerCase() : undefined;
}

const hexChar = fc.constantFrom(...'0123456789abcdefABCDEFgG: '.split(''));
const digest = fc.tuple(fc.constantFrom('sha256:', '', 'SHA256:', 'sha512:', ' sha256:'), fc.array(hexChar, { minLength: 62, maxLength: 66 }), fc.constantFrom('', ' ', '\n')).map(([prefix, chars, suffix]) => `${prefix}${chars.join('')}${suffix}`);
const lower = fc.array(fc.constantFrom(...'0123456789abcdef'.split('')), { minLength: 64, maxLength: 64 }).map((c) => c.join(''));

describe('sha256 digests of Python lockfiles (pyLockfile.ts)', () => {
  it('equal the regular expression on any digest-like string, prefixed or not', () =>
    fc.assert(
      fc.property(fc.oneof(digest, lower, lower.map((h) => `sha256:${h}`), fc.string()), fc.boolean(), (value, prefixed) => assert.equal(sha256(value, prefixed), reference(value, prefixed))),
      { numRuns: 2000 },
    ));

  it('read upper-case digests in lower case and refuse other values', () => {
    assert.equal(sha256(`sha256:${'AB'.repeat(32)}`), 'ab'.repeat(32));
    assert.equal(sha256('AB'.repeat(32), false), 'ab'.repeat(32));
    assert.equal(sha256(42), undefined);
    assert.equal(sha256(`md5:${'a'.repeat(32)}`), undefined);
  });
});
