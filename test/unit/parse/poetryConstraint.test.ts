import assert from 'node:assert/strict';
import { poetryToPep440 } from '../../../server/src/service/parse/python/poetryConstraint';

describe('poetryToPep440', () => {
  const cases: [string, string, string?][] = [
    ['^1.2.3', '>=1.2.3,<2.0.0'],
    ['^1.2', '>=1.2,<2.0'],
    ['^1', '>=1,<2'],
    ['^0.2.3', '>=0.2.3,<0.3.0'],
    ['^0.0.3', '>=0.0.3,<0.0.4'],
    ['^0.0', '>=0.0,<0.1'],
    ['^0', '>=0,<1'],
    ['^1.2.3b1', '>=1.2.3b1,<2.0.0'],
    ['~1.2.3', '>=1.2.3,<1.3.0'],
    ['~1.2', '>=1.2,<1.3'],
    ['~1', '>=1,<2'],
    ['~=1.4.2', '~=1.4.2'],
    ['1.2.*', '==1.2.*'],
    ['1.*', '==1.*'],
    ['1.x', '==1.*'],
    ['*', ''],
    ['', ''],
    ['1.2.3', '==1.2.3', '1.2.3'],
    ['v1.2.3', '==1.2.3', '1.2.3'],
    ['==2.0', '==2.0', '2.0'],
    ['=2.0', '==2.0', '2.0'],
    ['===2.0-custom', '===2.0-custom', '2.0-custom'],
    ['>=1.2, <2.0', '>=1.2,<2.0'],
    ['>= 1.2 < 2.0', '>=1.2,<2.0'],
    ['>=1.2,<1.5,!=1.3.*', '>=1.2,<1.5,!=1.3.*'],
    ['^1.2, !=1.5.0', '>=1.2,<2.0,!=1.5.0'],
    ['1.0rc1', '==1.0rc1', '1.0rc1'],
  ];
  for (const [input, specifier, exact] of cases) {
    it(`'${input}' → '${specifier}'${exact ? ` (exact ${exact})` : ''}`, () => {
      const expected = exact === undefined ? { ok: true, specifier } : { ok: true, specifier, exact };
      assert.deepEqual(poetryToPep440(input), expected);
    });
  }

  it('refuses either-or constraints with a reason', () => {
    const r = poetryToPep440('^1.2 || ^2.0');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /either-or \(\|\|\).*no single PEP 440 equivalent/);
  });

  for (const bad of ['^abc', '~', '>=', 'latest', '^1.2.3 || ', '=']) {
    it(`refuses '${bad}'`, () => {
      const r = poetryToPep440(bad);
      assert.equal(r.ok, false, JSON.stringify(r));
    });
  }
});
