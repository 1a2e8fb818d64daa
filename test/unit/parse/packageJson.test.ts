import assert from 'node:assert/strict';
import type { Dependency } from '../../../server/src/service/model';
import { parsePackageJson } from '../../../server/src/service/parse/npm/packageJson';
import { marked } from '../../helpers/marked';

function summary(dependencies: Dependency[]): string[] {
  return dependencies.map((d) => `${d.section} ${d.name}→${d.normalizedName} ${d.kind} ${JSON.stringify(d.constraint)}`);
}

describe('parsePackageJson', () => {
  it('reads every dependency section with exact pair ranges', () => {
    const { text, ranges } = marked(`{
  "name": "demo",
  "dependencies": {
    «"left-pad": "^1.3.0"»,
    «"@scope/pkg": "2.0.0"»
  },
  "devDependencies": { «"mocha": "latest"» },
  "peerDependencies": {
    «"react": ">=17 <19"»
  },
  "optionalDependencies": {
    «"fsevents": "~2.3.2"»
  }
}
`);
    const parsed = parsePackageJson(text);
    assert.equal(parsed.kind, 'package.json');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(summary(parsed.dependencies), [
      'dependencies left-pad→left-pad range "^1.3.0"',
      'dependencies @scope/pkg→@scope/pkg exact "2.0.0"',
      'devDependencies mocha→mocha tag "latest"',
      'peerDependencies react→react range ">=17 <19"',
      'optionalDependencies fsevents→fsevents range "~2.3.2"',
    ]);
    assert.deepEqual(
      parsed.dependencies.map((d) => d.range),
      ranges,
    );
    assert.equal(parsed.dependencies[0]?.registry, 'npm');
    assert.equal(parsed.dependencies[0]?.specifier, '^1.3.0');
  });

  it('takes ranges from raw offsets: escaped keys and astral characters do not shift them', () => {
    const { text, ranges } = marked(
      '{"description": "😀 \\u00e9", "dependencies": {«"\\u0061bc": "1.0.0"», «"x": "\\u005e1.0.0"»}}',
    );
    const parsed = parsePackageJson(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.dependencies.map((d) => [d.name, d.specifier, d.kind]),
      [
        ['abc', '1.0.0', 'exact'],
        ['x', '^1.0.0', 'range'],
      ],
    );
    assert.deepEqual(
      parsed.dependencies.map((d) => d.range),
      ranges,
    );
    // The emoji is two UTF-16 code units: the first entry starts at character 46.
    assert.equal(ranges[0]?.start.character, 46);
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const { text, ranges } = marked('\uFEFF{\r\n  "dependencies": {\r\n    «"a": "1.0.0"»\r\n  }\r\n}\r\n');
    const parsed = parsePackageJson(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies[0]?.range, ranges[0]);
    assert.deepEqual(ranges[0], { start: { line: 2, character: 4 }, end: { line: 2, character: 16 } });
  });

  it('keeps the last of duplicate keys and warns at the earlier one', () => {
    const { text, ranges } = marked(`{
  "dependencies": {
    «"a": "1.0.0"»,
    «"a": "2.0.0"»
  }
}`);
    const parsed = parsePackageJson(text);
    assert.deepEqual(summary(parsed.dependencies), ['dependencies a→a exact "2.0.0"']);
    assert.deepEqual(parsed.dependencies[0]?.range, ranges[1]);
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0]?.severity, 'warning');
    assert.match(parsed.errors[0]?.message ?? '', /Duplicate key "a"/);
    assert.deepEqual(parsed.errors[0]?.range, ranges[0]);
  });

  it('ignores an earlier duplicate section entirely, as JSON.parse does', () => {
    const parsed = parsePackageJson('{"dependencies": {"a": "1.0.0"}, "dependencies": {"b": "1.0.0"}}');
    assert.deepEqual(
      parsed.dependencies.map((d) => d.name),
      ['b'],
    );
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0]?.message ?? '', /Duplicate key "dependencies"/);
  });

  it('reads through comments and trailing commas and warns that npm cannot', () => {
    const { text, ranges } = marked(`{
  // pinned for a reason
  "dependencies": {
    "a": "1.0.0"«,»
  }«,»
}`);
    const parsed = parsePackageJson(text);
    assert.deepEqual(
      parsed.dependencies.map((d) => d.name),
      ['a'],
    );
    assert.deepEqual(
      parsed.errors.map((e) => [e.severity, /comment/.test(e.message), /trailing comma/.test(e.message)]),
      [
        ['warning', true, false],
        ['warning', false, true],
        ['warning', false, true],
      ],
    );
    assert.deepEqual(parsed.errors[0]?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 24 } });
    assert.deepEqual(parsed.errors[1]?.range, ranges[0]);
    assert.deepEqual(parsed.errors[2]?.range, ranges[1]);
  });

  it('reads what it can from a truncated document', () => {
    const parsed = parsePackageJson('{\n  "dependencies": {\n    "a": "^1.0.0",\n    "b": "^2.1');
    assert.deepEqual(summary(parsed.dependencies), ['dependencies a→a range "^1.0.0"', 'dependencies b→b range "^2.1"']);
    assert.ok(parsed.errors.some((e) => e.severity === 'error' && /Unterminated string/.test(e.message)));
    assert.ok(parsed.errors.some((e) => /Closing brace/.test(e.message)));
    for (const error of parsed.errors) assert.ok(error.range.start.line <= 3);
  });

  it('skips a half-typed entry without a value and reports the syntax error there', () => {
    const { text, ranges } = marked('{"dependencies": {"a": "1.0.0", "b":« »}}');
    const parsed = parsePackageJson(text);
    assert.deepEqual(
      parsed.dependencies.map((d) => d.name),
      ['a'],
    );
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0]?.message, 'Value expected.');
    assert.deepEqual(parsed.errors[0]?.range.start, ranges[0]?.end);
  });

  it('reports non-string versions as invalid dependencies with the value as written', () => {
    const { text, ranges } = marked('{"dependencies": {«"a": 1»,«"b": null»,«"c": {"x": 1}»,«"d": ["1"]»,«"e": true»}}');
    const parsed = parsePackageJson(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.dependencies.map((d) => [d.name, d.kind, d.specifier, d.skipReason]),
      [
        ['a', 'invalid', '1', 'The version of "a" must be a string, but it is a number.'],
        ['b', 'invalid', 'null', 'The version of "b" must be a string, but it is null.'],
        ['c', 'invalid', '{"x": 1}', 'The version of "c" must be a string, but it is an object.'],
        ['d', 'invalid', '["1"]', 'The version of "d" must be a string, but it is an array.'],
        ['e', 'invalid', 'true', 'The version of "e" must be a string, but it is a boolean.'],
      ],
    );
    assert.deepEqual(
      parsed.dependencies.map((d) => d.range),
      ranges,
    );
  });

  it('marks keys that are not npm package names invalid', () => {
    const parsed = parsePackageJson('{"dependencies": {"": "1.0.0", "Has Space": "1.0.0", ".dot": "1.0.0", "JSONStream": "1.0.0"}}');
    assert.deepEqual(
      parsed.dependencies.map((d) => [d.name, d.kind]),
      [
        ['', 'invalid'],
        ['Has Space', 'invalid'],
        ['.dot', 'invalid'],
        ['JSONStream', 'exact'],
      ],
    );
    assert.match(parsed.dependencies[1]?.skipReason ?? '', /not a valid npm package name/);
  });

  it('checks the aliased package of an npm: alias and keeps the alias as the name', () => {
    const parsed = parsePackageJson('{"dependencies": {"my-lodash": "npm:lodash@^4.17.0"}}');
    const [dependency] = parsed.dependencies;
    assert.deepEqual(
      { name: dependency?.name, normalizedName: dependency?.normalizedName, specifier: dependency?.specifier, kind: dependency?.kind, constraint: dependency?.constraint },
      { name: 'my-lodash', normalizedName: 'lodash', specifier: 'npm:lodash@^4.17.0', kind: 'range', constraint: '^4.17.0' },
    );
  });

  it('reports non-registry specifiers as skipped with a reason', () => {
    const parsed = parsePackageJson(
      JSON.stringify({
        dependencies: {
          a: 'user/repo#main',
          b: 'git+ssh://git@github.com/u/r.git',
          c: 'https://example.com/c.tgz',
          d: 'file:../d',
          e: 'link:../e',
          f: 'workspace:*',
          g: 'catalog:',
          h: '^1.2.3.4',
        },
      }),
    );
    assert.deepEqual(
      parsed.dependencies.map((d) => [d.name, d.kind, d.skipReason !== undefined]),
      [
        ['a', 'git', true],
        ['b', 'git', true],
        ['c', 'url', true],
        ['d', 'path', true],
        ['e', 'path', true],
        ['f', 'workspace', true],
        ['g', 'catalog', true],
        ['h', 'invalid', true],
      ],
    );
  });

  it('records nothing for bundleDependencies (their names are declared elsewhere) and checks their shape', () => {
    const ok = parsePackageJson('{"dependencies": {"a": "1.0.0"}, "bundleDependencies": ["a"], "bundledDependencies": true}');
    assert.deepEqual(
      ok.dependencies.map((d) => d.name),
      ['a'],
    );
    assert.deepEqual(ok.errors, []);
    const { text, ranges } = marked('{"bundleDependencies": ["a", «1»], "bundledDependencies": «"a"»}');
    const bad = parsePackageJson(text);
    assert.deepEqual(
      bad.errors.map((e) => e.range),
      ranges,
    );
    assert.ok(bad.errors.every((e) => e.severity === 'warning'));
  });

  it('warns when a section is not an object', () => {
    const { text, ranges } = marked('{"dependencies": «["a"]», "devDependencies": «"x"»}');
    const parsed = parsePackageJson(text);
    assert.deepEqual(parsed.dependencies, []);
    assert.deepEqual(
      parsed.errors.map((e) => e.range),
      ranges,
    );
  });

  it('reports a document that is not an object, and empty text', () => {
    const array = parsePackageJson('[1, 2]');
    assert.deepEqual(array.dependencies, []);
    assert.match(array.errors[0]?.message ?? '', /must contain a JSON object/);
    const empty = parsePackageJson('');
    assert.deepEqual(empty.dependencies, []);
    assert.equal(empty.errors.length, 1);
    assert.deepEqual(empty.errors[0]?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  describe('overrides', () => {
    it('reads nested overrides, pkg@range keys, "." and $references with pair ranges', () => {
      const { text, ranges } = marked(`{
  "dependencies": { «"foo": "^1.0.0"», «"my-lodash": "npm:lodash@^4.17.0"» },
  "devDependencies": { «"bar": "2.0.0"» },
  "overrides": {
    «"foo": "1.0.1"»,
    "baz@^2": {
      «".": "2.3.0"»,
      «"qux": "$bar"»,
      «"@scope/deep@1": "~1.2.0"»
    },
    «"lodash": "$my-lodash"»,
    «"left": "github:user/left"»
  }
}`);
      const parsed = parsePackageJson(text);
      assert.deepEqual(parsed.errors, []);
      assert.deepEqual(summary(parsed.dependencies), [
        'dependencies foo→foo range "^1.0.0"',
        'dependencies my-lodash→lodash range "^4.17.0"',
        'devDependencies bar→bar exact "2.0.0"',
        'overrides foo→foo exact "1.0.1"',
        'overrides baz→baz exact "2.3.0"',
        'overrides qux→qux exact "2.0.0"',
        'overrides @scope/deep→@scope/deep range "~1.2.0"',
        'overrides lodash→lodash range "^4.17.0"',
        'overrides left→left git ""',
      ]);
      assert.deepEqual(
        parsed.dependencies.map((d) => d.range),
        ranges,
      );
      const reference = parsed.dependencies.find((d) => d.name === 'qux');
      assert.equal(reference?.specifier, '$bar', 'the specifier stays as written');
    });

    it('looks $references up in devDependencies, optionalDependencies, dependencies, then peerDependencies', () => {
      const parsed = parsePackageJson(
        JSON.stringify({
          peerDependencies: { a: '4.0.0', b: '4.0.0' },
          dependencies: { a: '3.0.0', b: '3.0.0', c: '3.0.0' },
          optionalDependencies: { a: '2.0.0', b: '' },
          devDependencies: { a: '1.0.0' },
          overrides: { x: '$a', y: '$b', z: '$c' },
        }),
      );
      const overrides = parsed.dependencies.filter((d) => d.section === 'overrides');
      assert.deepEqual(
        overrides.map((d) => [d.name, d.constraint]),
        [
          ['x', '1.0.0'],
          ['y', '3.0.0'], // an empty spec is skipped, as npm tests truthiness
          ['z', '3.0.0'],
        ],
      );
    });

    it('marks an unresolvable $reference invalid', () => {
      const parsed = parsePackageJson('{"overrides": {"x": "$nope"}}');
      assert.deepEqual(
        parsed.dependencies.map((d) => [d.name, d.kind, d.specifier]),
        [['x', 'invalid', '$nope']],
      );
      assert.match(parsed.dependencies[0]?.skipReason ?? '', /cannot resolve the reference \$nope/);
    });

    it('records nothing for "*" and "" overrides, which keep the original spec', () => {
      const parsed = parsePackageJson('{"overrides": {"a": "*", "b": {".": ""}, "c": " * "}}');
      assert.deepEqual(parsed.dependencies, []);
      assert.deepEqual(parsed.errors, []);
    });

    it('warns about a top-level ".", bad keys, and overrides that are not an object', () => {
      const { text, ranges } = marked('{"overrides": {«".": "1.0.0"», «"@@bad": "1.0.0"», "ok": {«"..": "1"»}}}');
      const parsed = parsePackageJson(text);
      assert.deepEqual(parsed.dependencies, []);
      assert.deepEqual(
        parsed.errors.map((e) => [e.severity, e.range]),
        ranges.map((r) => ['warning', r]),
      );
      const { text: text2, ranges: ranges2 } = marked('{"overrides": «"x"»}');
      const parsed2 = parsePackageJson(text2);
      assert.deepEqual(
        parsed2.errors.map((e) => e.range),
        ranges2,
      );
    });

    it('reports a non-string override value as an invalid dependency', () => {
      const parsed = parsePackageJson('{"overrides": {"a": 1, "b": {".": false}}}');
      assert.deepEqual(
        parsed.dependencies.map((d) => [d.name, d.kind, d.section]),
        [
          ['a', 'invalid', 'overrides'],
          ['b', 'invalid', 'overrides'],
        ],
      );
    });
  });
});
