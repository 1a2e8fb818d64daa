import assert from 'node:assert/strict';
import { validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import { isValidClause } from '../../../server/src/service/parse/python/pep440Specifier';
import { classifyPep440Specifier, classifyRequirementUrl, parsePep508 } from '../../../server/src/service/parse/python/pep508';

/** The offsets marked by carets written under the text: `^^^` covers the characters of the range. */
function carets(marks: string): { start: number; end: number } {
  return { start: marks.indexOf('^'), end: marks.lastIndexOf('^') + 1 };
}

function ok(text: string) {
  const result = parsePep508(text);
  assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse: ${result.ok ? '' : result.message}`);
  return result.requirement;
}

function bad(text: string) {
  const result = parsePep508(text);
  assert.ok(!result.ok, `expected ${JSON.stringify(text)} to fail`);
  return result;
}

describe('parsePep508', () => {
  it('reads a bare name', () => {
    const r = ok('requests');
    assert.deepEqual(
      { name: r.name, normalizedName: r.normalizedName, extras: r.extras, specifier: r.specifier, start: r.start, end: r.end },
      { name: 'requests', normalizedName: 'requests', extras: [], specifier: '', start: 0, end: 8 },
    );
    assert.equal(r.url, undefined);
    assert.equal(r.markers, undefined);
  });

  it('normalises the name per PEP 503 and keeps it as written', () => {
    const r = ok('Flask_SQLAlchemy.ext>=3.0,<4');
    assert.equal(r.name, 'Flask_SQLAlchemy.ext');
    assert.equal(r.normalizedName, 'flask-sqlalchemy-ext');
    assert.equal(r.specifier, '>=3.0,<4');
  });

  it('ranges from the name to the end of the specifier, markers excluded', () => {
    const text = '  requests[security, socks] >= 2.8.1, == 2.8.* ; python_version < "2.7"';
    const mark = '  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^';
    const r = ok(text);
    assert.deepEqual({ start: r.start, end: r.end }, carets(mark));
    assert.deepEqual(r.extras, ['security', 'socks']);
    assert.equal(r.specifier, '>= 2.8.1, == 2.8.*');
    assert.equal(r.markers, 'python_version < "2.7"');
    assert.equal(text.slice(r.specifierStart, r.specifierEnd), r.specifier);
  });

  it('includes parentheses in the range but not in the specifier', () => {
    const text = 'name (>=1, <2) ;os_name=="nt"';
    const mark = '^^^^^^^^^^^^^^';
    const r = ok(text);
    assert.deepEqual({ start: r.start, end: r.end }, carets(mark));
    assert.equal(r.specifier, '>=1, <2');
    assert.equal(r.markers, 'os_name=="nt"');
  });

  it('ends the range at the extras when there is no specifier', () => {
    const r = ok('pkg [a] ; extra == "b"');
    assert.deepEqual({ start: r.start, end: r.end }, carets('^^^^^^^'));
    assert.equal(r.specifier, '');
    assert.equal(r.specifierStart, 7);
  });

  it('reads a URL requirement, ranging to the end of the URL', () => {
    const text = 'pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; python_version >= "3"';
    const mark = '^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^';
    const r = ok(text);
    assert.deepEqual({ start: r.start, end: r.end }, carets(mark));
    assert.equal(r.url, 'https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee');
    assert.equal(r.specifier, '');
    assert.equal(r.markers, 'python_version >= "3"');
  });

  it('keeps a semicolon that touches the URL as part of the URL, as PEP 508 says', () => {
    const r = ok('pkg@https://example.com/a;b');
    assert.equal(r.url, 'https://example.com/a;b');
    assert.equal(r.markers, undefined);
  });

  it('accepts tabs as whitespace', () => {
    const r = ok('pkg\t>=\t1.0\t;\tsys_platform == "linux"');
    assert.equal(r.specifier, '>=\t1.0');
    assert.equal(r.end, 10);
  });

  it('accepts every marker form pip accepts', () => {
    for (const markers of [
      'python_version < "3.8"',
      "os_name == 'nt' and platform_machine != 'arm64'",
      '(python_version<"3" or extra == "x") and os_name not in "nt"',
      '"linux" in sys_platform',
      'platform.python_implementation == "CPython"',
    ]) {
      assert.equal(ok(`pkg; ${markers}`).markers, markers);
    }
  });

  const failures: Array<[string, string, string]> = [
    ['', '', 'expected a package name'],
    ['-e .', '^^^^', 'expected a package name'],
    ['pkg-', '^^^^', "cannot end with '-'"],
    ['requests 2.0', '         ^^^', 'Expected a version specifier'],
    ['a>=1,', '    ^', "Trailing ','"],
    ['a>=', ' ^^', "Expected a version after '>='"],
    ['a>=1 <2', '     ^^', "Expected ',' between"],
    ['a[x', ' ^^', "Bad extras: expected ',' or ']'"],
    ['a[x,]', ' ^^^^', 'Bad extras: expected a name after the comma'],
    ['a[1-]', ' ^^^^', "Bad extras: a name cannot end with '-'"],
    ['a (>=1', '  ^^^^', "Missing ')'"],
    ['a==1;', '    ^', 'Expected environment markers'],
    ['a; foo == "1"', '   ^^^', "unknown marker variable 'foo'"],
    ['a; python_version < ', '                   |', 'expected a marker variable or a quoted string'],
    ['a; python_version < "3', '                    ^^', 'unterminated string'],
    ['a; os_name == "nt" xor', '                   ^^^', "expected 'and', 'or'"],
    ['a @ ', '  ^', "Expected a URL after '@'"],
    ['a==1 b', '     ^', "Expected ',' between"],
    ['a (==1) b', '        ^', "Unexpected text 'b'"],
  ];
  for (const [text, mark, message] of failures) {
    it(`reports ${JSON.stringify(text)} with its position`, () => {
      const result = bad(text);
      assert.ok(result.message.includes(message), result.message);
      const expected = mark.includes('|') ? { start: mark.indexOf('|'), end: mark.indexOf('|') } : carets(mark);
      assert.deepEqual({ start: result.start, end: result.end }, mark === '' ? { start: 0, end: 0 } : expected);
    });
  }

  it('returns what it could read before a failure', () => {
    const result = bad('Django>=4 ; bogus');
    assert.equal(result.partial?.name, 'Django');
    assert.equal(result.partial?.normalizedName, 'django');
  });
});

describe('classifyPep440Specifier', () => {
  const cases: Array<[string, string, string]> = [
    ['', 'range', ''],
    ['==1.2.3', 'exact', '1.2.3'],
    ['== 1.2.3 ', 'exact', '1.2.3'],
    ['===1.0-weird', 'exact', '1.0-weird'],
    ['==1.0+local.7', 'exact', '1.0+local.7'],
    ['==1.2.*', 'range', '==1.2.*'],
    ['>= 1.0, < 2', 'range', '>=1.0,<2'],
    ['~=1.4.2', 'range', '~=1.4.2'],
    ['==1.2.3,!=1.2.4', 'range', '==1.2.3,!=1.2.4'],
  ];
  for (const [spec, kind, constraint] of cases) {
    it(`classifies ${JSON.stringify(spec)} as ${kind}`, () => {
      assert.deepEqual(classifyPep440Specifier(spec), { kind, constraint });
    });
  }

  const invalid: Array<[string, string]> = [
    ['~=1', "'~=' needs a version with at least two parts"],
    ['>=1.*', "wildcard is only allowed with '==' or '!='"],
    ['==1.*.2', 'wildcard must come last'],
    ['>=1.0+abc', 'local version label'],
    ['>=banana', 'not a valid PEP 440'],
    ['1.0', 'expected an operator'],
    ['>=1,,<2', 'empty clause'],
  ];
  for (const [spec, reason] of invalid) {
    it(`rejects ${JSON.stringify(spec)}`, () => {
      const result = classifyPep440Specifier(spec);
      assert.equal(result.kind, 'invalid');
      assert.ok(result.reason?.includes(reason), result.reason);
    });
  }
});

describe('isValidClause', () => {
  it('agrees with @renovatebot/pep440 on the clauses its fast path handles, and on others', () => {
    const clause = fc
      .tuple(
        fc.constantFrom('~=', '==', '!=', '<=', '>=', '<', '>', '===', '=', ''),
        fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', '.*', 'rc1', '.post2', '+local', '.*.1', 'x'),
      )
      .map(([op, parts, suffix]) => `${op}${parts.join('.')}${suffix}`);
    fc.assert(
      fc.property(clause, (c) => {
        assert.equal(isValidClause(c), validRange(c), c);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('classifyRequirementUrl', () => {
  it('tells git, other VCS, files and plain URLs apart', () => {
    assert.equal(classifyRequirementUrl('git+https://github.com/a/b@v1').kind, 'git');
    assert.equal(classifyRequirementUrl('hg+https://hg.example.com/b').kind, 'url');
    assert.equal(classifyRequirementUrl('file:///srv/wheels/a-1.0-py3-none-any.whl').kind, 'path');
    assert.equal(classifyRequirementUrl('https://example.com/a-1.0.tar.gz').kind, 'url');
  });
});
