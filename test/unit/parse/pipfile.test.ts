import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePipfile } from '../../../server/src/service/parse/python/pipfile';
import { parsePipfileLock } from '../../../server/src/service/parse/python/pipfileLock';
import { marked } from '../../helpers/marked';

describe('Pipfile', () => {
  it('reads [packages], [dev-packages] and categories with exact ranges, string and table specs, markers, sources', () => {
    const { text, ranges } = marked(`[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[[source]]
url = "https://corp.example/simple"
name = "corp"

[packages]
«requests = "*"»
«Flask_SQLAlchemy = ">=3.0,<4"»
«django = {version = "==4.2.1", extras = ["bcrypt"], markers = "python_version >= '3.10'"}»
«internal = {version = "~=1.2", index = "corp"}»
«pywin32 = {version = "*", sys_platform = "== 'win32'"}»
«mylib = {path = "./mylib", editable = true}»
«tool = {git = "https://github.com/x/tool.git", ref = "v1"}»

[dev-packages]
«pytest = "==8.2.0"»

[docs]
«sphinx = ">=7"»

[requires]
python_version = "3.11"
`);
    const parsed = parsePipfile(text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.kind, 'Pipfile');
    const brief = parsed.dependencies.map((d) => [d.name, d.normalizedName, d.section, d.kind, d.constraint, d.markers ?? null, d.indexUrl ?? null, d.extras ?? null]);
    assert.deepEqual(brief, [
      ['requests', 'requests', 'packages', 'range', '', null, null, null],
      ['Flask_SQLAlchemy', 'flask-sqlalchemy', 'packages', 'range', '>=3.0,<4', null, null, null],
      ['django', 'django', 'packages', 'exact', '4.2.1', "python_version >= '3.10'", null, ['bcrypt']],
      ['internal', 'internal', 'packages', 'range', '~=1.2', null, 'https://corp.example/simple', null],
      ['pywin32', 'pywin32', 'packages', 'range', '', "sys_platform == 'win32'", null, null],
      ['mylib', 'mylib', 'packages', 'path', '', null, null, null],
      ['tool', 'tool', 'packages', 'git', '', null, null, null],
      ['pytest', 'pytest', 'dev-packages', 'exact', '8.2.0', null, null, null],
      ['sphinx', 'sphinx', 'docs', 'range', '>=7', null, null, null],
    ]);
    assert.deepEqual(parsed.dependencies.map((d) => d.range), ranges);
    assert.match(parsed.dependencies[5].skipReason ?? '', /local path \.\/mylib/);
  });

  it('a private primary source is every unindexed package\'s index; unknown index names are warned', () => {
    const parsed = parsePipfile('[[source]]\nurl = "https://corp.example/simple"\nname = "corp"\n\n[packages]\na = "*"\nb = {version = "*", index = "nope"}\n');
    assert.equal(parsed.dependencies[0].indexUrl, 'https://corp.example/simple');
    assert.match(parsed.errors[0].message, /index nope is not declared/);
  });

  it('never throws on truncated or random input, and ranges stay inside the text', () => {
    const full = '[[source]]\nurl = "https://pypi.org/simple"\nname = "pypi"\n[packages]\nrequests = ">=2"\ndjango = {version = "==4.2", extras = ["x"]}\n[dev-packages]\npytest = "*"\n';
    fc.assert(
      fc.property(fc.oneof(fc.nat(full.length).map((n) => full.slice(0, n)), fc.string()), (text) => {
        const parsed = parsePipfile(text);
        const lines = text.split('\n').length;
        for (const d of parsed.dependencies) assert.ok(d.range.end.line < lines);
      }),
      { numRuns: 300 },
    );
  });
});

const LOCK = `{
    "_meta": {
        "hash": {
            "sha256": "${'0'.repeat(64)}"
        },
        "pipfile-spec": 6,
        "requires": {
            "python_version": "3.11"
        },
        "sources": [
            {
                "name": "pypi",
                "url": "https://pypi.org/simple",
                "verify_ssl": true
            }
        ]
    },
    "default": {
        "Flask-SQLAlchemy": {
            "hashes": [
                "sha256:${'A'.repeat(64)}",
                "sha256:${'b'.repeat(64)}"
            ],
            "index": "pypi",
            "version": "==3.1.1"
        },
        "mylib": {
            "editable": true,
            "path": "./mylib"
        },
        "requests": {
            "hashes": [],
            "markers": "python_version >= '3.8'",
            "version": "==2.31.0"
        }
    },
    "develop": {
        "pytest": {
            "hashes": [
                "sha256:${'c'.repeat(64)}"
            ],
            "version": "==8.2.0"
        },
        "requests": {
            "version": "==2.31.0"
        }
    }
}
`;

describe('Pipfile.lock', () => {
  it('pins default and develop with == versions and sha256 hashes; no edges; editable/path entries skipped', () => {
    const lock = parsePipfileLock(LOCK);
    assert.deepEqual(lock.errors, []);
    assert.deepEqual(
      [...lock.packages].map(([k, p]) => [k, p.version, p.hashes]),
      [
        ['flask-sqlalchemy', '3.1.1', ['a'.repeat(64), 'b'.repeat(64)]],
        ['requests', '2.31.0', []],
        ['pytest', '8.2.0', ['c'.repeat(64)]],
      ],
    );
    const tree = lock.tree!;
    assert.equal(tree.hasEdges, false);
    assert.deepEqual(tree.nodes.map((n) => [n.key, n.dev, n.deps.length]), [
      ['flask-sqlalchemy@3.1.1', false, 0],
      ['requests@2.31.0', false, 0],
      ['pytest@8.2.0', true, 0],
    ]);
    assert.deepEqual(tree.skipped.map((s) => [s.name, s.reason, s.importer]), [['mylib', 'path source', 'default']]);
    const range = lock.packages.get('pytest')!.range!;
    assert.deepEqual(range, { start: { line: 37, character: 8 }, end: { line: 37, character: 16 } });
  });

  it('unknown spec versions and corrupt JSON are errors; random input never throws', () => {
    assert.match(parsePipfileLock(LOCK.replace('"pipfile-spec": 6', '"pipfile-spec": 7')).errors[0].message, /Unknown Pipfile.lock pipfile-spec 7/);
    assert.match(parsePipfileLock(LOCK.slice(0, 200)).errors[0].message, /not valid JSON/);
    fc.assert(fc.property(fc.oneof(fc.nat(LOCK.length).map((n) => LOCK.slice(0, n)), fc.string(), fc.json()), (text) => void parsePipfileLock(text)), { numRuns: 300 });
  });
});
