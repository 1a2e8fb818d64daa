import assert from 'node:assert/strict';
import type { LockedPackage } from '../../../server/src/service/model';
import { parseNpmLockfile } from '../../../server/src/service/parse/npm/npmLockfile';

const INTEGRITY = 'sha512-AAAA';

function pins(map: Map<string, LockedPackage>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, pin] of map) out[key] = `${pin.name}@${pin.version}`;
  return out;
}

const v3 = {
  name: 'root',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'root', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } },
    'node_modules/left-pad': {
      version: '1.3.0',
      resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
      integrity: INTEGRITY,
      dependencies: { version: '^9.9.9' }, // a dependency named "version" must not be read as the entry's version
    },
    'node_modules/@scope/pkg': { version: '2.0.0' },
    'node_modules/my-lodash': { name: 'lodash', version: '4.17.21' },
    'node_modules/left-pad/node_modules/inner': { version: '0.0.1' },
    'node_modules/@scope/pkg/node_modules/@other/deep': { version: '0.0.2' },
    'node_modules/app': { resolved: 'packages/app', link: true },
    'node_modules/no-version': { resolved: 'https://example.com/x.tgz' },
    'node_modules/git-dep': { version: '1.0.0', resolved: 'git+ssh://git@github.com/u/r.git#abc' },
    'packages/app': { name: 'app', version: '0.1.0' },
  },
};

describe('parseNpmLockfile', () => {
  it('reads v3 root-level entries with aliases and scoped names, skipping links, nested and versionless entries', () => {
    const parsed = parseNpmLockfile(JSON.stringify(v3, null, 2), 'package-lock.json');
    assert.equal(parsed.kind, 'package-lock.json');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(pins(parsed.packages), {
      'left-pad': 'left-pad@1.3.0',
      '@scope/pkg': '@scope/pkg@2.0.0',
      'my-lodash': 'lodash@4.17.21',
      'git-dep': 'git-dep@1.0.0',
    });
    assert.deepEqual(parsed.packages.get('left-pad'), {
      registry: 'npm',
      name: 'left-pad',
      version: '1.3.0',
      hashes: [],
      integrity: INTEGRITY,
      resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
    });
    assert.deepEqual(parsed.packages.get('@scope/pkg'), { registry: 'npm', name: '@scope/pkg', version: '2.0.0', hashes: [] });
  });

  it('prefers v2 `packages` over the v1-compatible `dependencies` tree', () => {
    const v2 = {
      lockfileVersion: 2,
      packages: { '': {}, 'node_modules/a': { version: '2.0.0' } },
      dependencies: { a: { version: '1.0.0' }, b: { version: '1.0.0' } },
    };
    assert.deepEqual(pins(parseNpmLockfile(JSON.stringify(v2), 'package-lock.json').packages), { a: 'a@2.0.0' });
    // The same when `dependencies` comes first in the file.
    const reordered = { dependencies: v2.dependencies, lockfileVersion: 2, packages: v2.packages };
    assert.deepEqual(pins(parseNpmLockfile(JSON.stringify(reordered), 'package-lock.json').packages), { a: 'a@2.0.0' });
  });

  it('reads the top level of a v1 tree, with npm: aliases, and skips git and file versions', () => {
    const v1 = {
      lockfileVersion: 1,
      dependencies: {
        'left-pad': { version: '1.3.0', resolved: 'https://r/left-pad-1.3.0.tgz', integrity: INTEGRITY, dependencies: { inner: { version: '0.0.1' } } },
        'my-lodash': { version: 'npm:lodash@4.17.21' },
        '@scope/pkg': { version: '2.0.0' },
        gitdep: { version: 'git+https://github.com/u/r.git#abc' },
        local: { version: 'file:../local' },
      },
    };
    const parsed = parseNpmLockfile(JSON.stringify(v1, null, 2), 'npm-shrinkwrap.json');
    assert.equal(parsed.kind, 'npm-shrinkwrap.json');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(pins(parsed.packages), { 'left-pad': 'left-pad@1.3.0', 'my-lodash': 'lodash@4.17.21', '@scope/pkg': '@scope/pkg@2.0.0' });
    assert.equal(parsed.packages.get('left-pad')?.integrity, INTEGRITY);
    assert.equal(parsed.packages.get('left-pad')?.resolved, 'https://r/left-pad-1.3.0.tgz');
  });

  describe('workspaces', () => {
    const workspace = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { workspaces: ['packages/*'] },
        'node_modules/app': { resolved: 'packages/app', link: true },
        'node_modules/shared': { version: '1.0.0' },
        'node_modules/react': { version: '18.2.0' },
        'packages/app': { name: 'app', version: '0.1.0', dependencies: { react: '^17', shared: '^1' } },
        'packages/app/node_modules/react': { version: '17.0.2' },
        'packages/app/node_modules/react/node_modules/deep': { version: '9.9.9' },
        'packages/app/node_modules/@types/react': { version: '17.0.1' },
        'packages/other/node_modules/react': { version: '16.0.0' },
      },
    });

    it('prefers the member-nested entry over the hoisted one', () => {
      const parsed = parseNpmLockfile(workspace, 'package-lock.json', 'packages/app');
      assert.deepEqual(pins(parsed.packages), { shared: 'shared@1.0.0', react: 'react@17.0.2', '@types/react': '@types/react@17.0.1' });
    });

    it('normalises the member path', () => {
      for (const memberPath of ['./packages/app/', 'packages\\app', 'packages/app//']) {
        assert.equal(parseNpmLockfile(workspace, 'package-lock.json', memberPath).packages.get('react')?.version, '17.0.2', memberPath);
      }
    });

    it('without a member path, or for the root, only hoisted entries count', () => {
      for (const memberPath of [undefined, '', '.', './']) {
        assert.deepEqual(pins(parseNpmLockfile(workspace, 'package-lock.json', memberPath).packages), { shared: 'shared@1.0.0', react: 'react@18.2.0' });
      }
    });

    it('does not confuse a member whose path is a prefix of another', () => {
      const lock = JSON.stringify({ packages: { 'packages/app2/node_modules/x': { version: '2.0.0' }, 'packages/app/node_modules/x': { version: '1.0.0' } } });
      assert.deepEqual(pins(parseNpmLockfile(lock, 'package-lock.json', 'packages/app').packages), { x: 'x@1.0.0' });
    });
  });

  it('lets a repeated location win, as JSON.parse does, even when it pins nothing', () => {
    const text = '{"packages": {"node_modules/a": {"version": "1.0.0"}, "node_modules/b": {"version": "1.0.0"}, "node_modules/a": {"version": "2.0.0"}, "node_modules/b": null}}';
    assert.deepEqual(pins(parseNpmLockfile(text, 'package-lock.json').packages), { a: 'a@2.0.0' });
    const fields = '{"packages": {"node_modules/a": {"version": "1.0.0", "version": "3.0.0", "name": "x", "name": 7}}}';
    assert.deepEqual(pins(parseNpmLockfile(fields, 'package-lock.json').packages), { a: 'a@3.0.0' });
  });

  it('decodes escapes in keys and values', () => {
    const text = '{"packages": {"node_modules/\\u0061": {"version": "1.0.\\u0030", "resolved": "https://r/a\\/b"}}}';
    const parsed = parseNpmLockfile(text, 'package-lock.json');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.packages.get('a'), { registry: 'npm', name: 'a', version: '1.0.0', hashes: [], resolved: 'https://r/a/b' });
  });

  it('tolerates a byte-order mark and non-object values in odd places', () => {
    const text = '\uFEFF{"packages": {"node_modules/a": {"version": "1.0.0", "link": "yes", "x": [1, {"y": "}"}, -2.5e3, true, false, null]}, "node_modules/b": "1.0.0"}}';
    const parsed = parseNpmLockfile(text, 'package-lock.json');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(pins(parsed.packages), { a: 'a@1.0.0' });
    assert.deepEqual(pins(parseNpmLockfile('{"packages": null, "dependencies": {"a": {"version": "1.0.0"}}}', 'package-lock.json').packages), {
      a: 'a@1.0.0',
    });
  });

  it('falls back to the tolerant parser for broken JSON and reports ranges, keeping what it can read', () => {
    const text = '{\n  "packages": {\n    "node_modules/a": { "version": "1.0.0" },\n  }\n}';
    const parsed = parseNpmLockfile(text, 'package-lock.json');
    assert.deepEqual(pins(parsed.packages), { a: 'a@1.0.0' });
    assert.deepEqual(
      parsed.errors.map((e) => [e.severity, e.range]),
      [['warning', { start: { line: 2, character: 44 }, end: { line: 2, character: 45 } }]],
    );
  });

  it('reports a truncated lockfile without throwing', () => {
    const full = JSON.stringify(v3, null, 2);
    const parsed = parseNpmLockfile(full.slice(0, full.indexOf('node_modules/my-lodash') + 40), 'package-lock.json');
    assert.ok(parsed.errors.some((e) => e.severity === 'error'));
    assert.equal(parsed.packages.get('left-pad')?.version, '1.3.0');
  });

  it('reports conflict markers', () => {
    const text = '{\n  "packages": {\n<<<<<<< HEAD\n    "node_modules/a": { "version": "1.0.0" }\n=======\n    "node_modules/a": { "version": "2.0.0" }\n>>>>>>> branch\n  }\n}';
    const parsed = parseNpmLockfile(text, 'package-lock.json');
    assert.ok(parsed.errors.length > 0);
    assert.equal(parsed.errors[0]?.range.start.line, 2);
  });

  it('reports a lockfile that is not an object, and empty text', () => {
    const array = parseNpmLockfile('[]', 'package-lock.json');
    assert.equal(array.packages.size, 0);
    assert.match(array.errors[0]?.message ?? '', /must contain a JSON object/);
    const empty = parseNpmLockfile('', 'package-lock.json');
    assert.equal(empty.packages.size, 0);
    assert.ok(empty.errors.length > 0);
  });

  it('survives very deep nesting', () => {
    const deep = `{"packages": {"node_modules/a": {"version": "1.0.0", "x": ${'['.repeat(20000)}${']'.repeat(20000)}}}}`;
    assert.equal(parseNpmLockfile(deep, 'package-lock.json').packages.get('a')?.version, '1.0.0');
    const broken = `{"packages": ${'['.repeat(20000)}`;
    assert.ok(parseNpmLockfile(broken, 'package-lock.json').errors.length > 0);
  });
});
