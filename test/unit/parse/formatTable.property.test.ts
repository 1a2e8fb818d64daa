/**
 * Every parser of the table of formats (shared/src/formats.ts → service/parse MANIFEST_PARSERS and
 * LOCKFILE_PARSERS) held to the same invariants, on random text and on every kind of truncation of
 * a real document of its kind: it never throws, every range it reports lies inside the document
 * (start before end), and every dependency or locked package it reports has a name (and a locked one
 * a version). A new format gets these checks by adding its sample below; the test fails until it does.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LOCKFILE_FORMATS, MANIFEST_FORMATS } from '../../../shared/src/formats';
import type { LockfileKind, ManifestKind, ParsedLockfile, ParsedManifest, Range } from '../../../server/src/service/model';
import { LOCKFILE_PARSERS, MANIFEST_PARSERS, parseLockfile, parseManifest } from '../../../server/src/service/parse';

const ROOT = path.join(__dirname, '../../..');
const file = (relative: string): string => fs.readFileSync(path.join(ROOT, relative), 'utf8');
const SHA = (c: string): string => c.repeat(64);

const MANIFEST_SAMPLES: Record<ManifestKind, string> = {
  'package.json': `{
  "name": "demo",
  "dependencies": { "lodash": "^4.17.21", "alias": "npm:left-pad@1.3.0", "local": "file:../x", "gh": "github:a/b" },
  "devDependencies": { "@types/node": "20.x" },
  "optionalDependencies": { "fsevents": "*" },
  "overrides": { "minimist": "1.2.8" },
  "workspaces": ["packages/*"]
}
`,
  'requirements.txt': `# comment
-r base.txt
-c constraints.txt
--index-url https://pypi.example/simple
--pre
requests==2.31.0 --hash=sha256:${SHA('a')}
Flask[async]>=3,<4 ; python_version >= "3.9"
-e git+https://github.com/x/y.git#egg=y
numpy \\
  >=1.26
https://example.com/pkg-1.0.tar.gz
`,
  'pyproject.toml': `[project]
name = "demo"
dependencies = ["requests>=2.31", 'attrs==23.1.0', "Flask[async] (>=3,<4) ; python_version >= '3.9'"]

[project.optional-dependencies]
docs = ["sphinx~=7.2"]

[dependency-groups]
dev = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff==0.4.4"]

[tool.poetry.dependencies]
python = "^3.10"
black = { version = "^24.1", extras = ["d"] }
`,
  Pipfile: `[[source]]
url = "https://pypi.org/simple"
name = "pypi"

[packages]
requests = "*"
django = {version = "==4.2.1", extras = ["bcrypt"], markers = "python_version >= '3.10'"}
mylib = {path = "./mylib", editable = true}

[dev-packages]
pytest = "==8.2.0"
`,
};

const LOCKFILE_SAMPLES: Record<LockfileKind, string> = {
  'package-lock.json': file('examples/web-app/package-lock.json'),
  'npm-shrinkwrap.json': file('examples/web-app/package-lock.json'),
  'yarn.lock': file('test/fixtures/lockfiles/yarn-v1/yarn.lock'),
  'pnpm-lock.yaml': file('test/fixtures/lockfiles/pnpm-v9/pnpm-lock.yaml'),
  'bun.lock': file('test/fixtures/lockfiles/bun/bun.lock'),
  'bun.lockb': 'bun binary lockfile bytes',
  'uv.lock': file('examples/ml-pipeline/uv.lock'),
  'poetry.lock': `[[package]]\nname = "a"\nversion = "1.0"\nfiles = [\n    {file = "a-1.0.tar.gz", hash = "sha256:${SHA('b')}"},\n]\n\n[metadata]\nlock-version = "2.1"\n`,
  'pylock.toml': `lock-version = "1.0"\n\n[[packages]]\nname = "a"\nversion = "1.0"\nwheels = [\n  {url = "w", hashes = {sha256 = "${SHA('c')}"}},\n]\n`,
  'Pipfile.lock': `{
    "_meta": { "hash": { "sha256": "${SHA('d')}" }, "pipfile-spec": 6, "requires": {}, "sources": [] },
    "default": { "requests": { "hashes": ["sha256:${SHA('e')}"], "markers": "python_version >= '3.8'", "version": "==2.31.0" } },
    "develop": { "pytest": { "version": "==8.2.0" } }
}
`,
};

/** Characters and words that send JSON, TOML, YAML and requirements parsers down their unusual paths. */
const FRAGMENTS = [
  '{', '}', '[', ']', '[[', ']]', '"', "'", '"""', ':', ',', '=', '==', '>=', '^', '~', '*', '#', ';', '-', '- ', '  ', '\t', '\n', '\r\n', '\r', '\\',
  '-r ', '-e ', '--hash=sha256:', 'dependencies', 'packages', 'version', 'name', 'lodash', 'requests', '@scope/x', 'npm:', 'file:', 'git+',
  '[project]', '[packages]', 'lockfileVersion', 'node_modules/', 'resolution:', '\u0000', '\u2028', '\ud800', '😀', 'é', '__proto__',
];
const noise = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((parts) => parts.join(''));

/** Random text, a sample cut anywhere, or a sample with a slice cut out or replaced by noise. */
function inputs(sample: string): fc.Arbitrary<string> {
  const cut = fc.nat(sample.length);
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    noise,
    cut.map((n) => sample.slice(0, n)),
    fc.tuple(cut, cut).map(([a, b]) => sample.slice(0, Math.min(a, b)) + sample.slice(Math.max(a, b))),
    fc.tuple(cut, noise).map(([n, text]) => sample.slice(0, n) + text + sample.slice(n)),
  );
}

function assertInside(text: string, range: Range, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} outside ${lines.length} lines`);
    assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character} outside line ${p.line}`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: start after end ${JSON.stringify(range)}`);
}

function checkManifest(text: string, parsed: ParsedManifest, kind: ManifestKind): void {
  assert.equal(parsed.kind, kind);
  for (const d of parsed.dependencies) {
    assert.ok(d.name.length > 0 && d.normalizedName.length > 0, `a dependency without a name: ${JSON.stringify(d)}`);
    assertInside(text, d.range, `dependency ${d.name}`);
  }
  for (const e of parsed.errors) assertInside(text, e.range, `problem "${e.message}"`);
  for (const i of parsed.includes ?? []) assertInside(text, i.range, `include ${i.path}`);
}

function checkLockfile(text: string, parsed: ParsedLockfile, kind: LockfileKind): void {
  assert.equal(parsed.kind, kind);
  const locked = [...parsed.packages.values(), ...[...(parsed.variants?.values() ?? [])].flat()];
  for (const p of locked) {
    assert.ok(p.name.length > 0 && p.version.length > 0, `a locked package without a name or version: ${JSON.stringify(p)}`);
    if (p.range) assertInside(text, p.range, `locked ${p.name}`);
  }
  for (const node of parsed.tree?.nodes ?? []) {
    assert.ok(node.name.length > 0 && node.version.length > 0, `a tree node without a name or version: ${node.name}@${node.version}`);
    assertInside(text, node.range, `tree node ${node.name}`);
  }
  for (const e of parsed.errors) assertInside(text, e.range, `problem "${e.message}"`);
}

describe('every parser of the table of formats', function () {
  this.timeout(120_000);

  it('has a sample here for each kind of the table', () => {
    assert.deepEqual(Object.keys(MANIFEST_SAMPLES).sort(), Object.keys(MANIFEST_FORMATS).sort());
    assert.deepEqual(Object.keys(LOCKFILE_SAMPLES).sort(), Object.keys(LOCKFILE_FORMATS).sort());
    assert.deepEqual(Object.keys(MANIFEST_PARSERS).sort(), Object.keys(MANIFEST_FORMATS).sort());
    assert.deepEqual(Object.keys(LOCKFILE_PARSERS).sort(), Object.keys(LOCKFILE_FORMATS).sort());
  });

  for (const [kind, sample] of Object.entries(MANIFEST_SAMPLES) as Array<[ManifestKind, string]>) {
    it(`${kind}: the sample reads with dependencies, and no input throws, leaves the document or names nothing`, () => {
      const whole = parseManifest(kind, sample);
      assert.ok(whole.dependencies.length > 0, `the ${kind} sample has dependencies`);
      checkManifest(sample, whole, kind);
      fc.assert(fc.property(inputs(sample), (text) => checkManifest(text, parseManifest(kind, text), kind)), { numRuns: 200 });
    });
  }

  for (const [kind, sample] of Object.entries(LOCKFILE_SAMPLES) as Array<[LockfileKind, string]>) {
    it(`${kind}: no input throws, leaves the document or locks a nameless package`, () => {
      const whole = parseLockfile(kind, sample);
      // bun.lockb is never read (the table's comment): its parser only reports that.
      if (kind === 'bun.lockb') assert.ok(whole.errors.length > 0, 'bun.lockb is reported as unreadable');
      else assert.ok(whole.packages.size > 0 || (whole.tree?.nodes.length ?? 0) > 0, `the ${kind} sample locks packages`);
      checkLockfile(sample, whole, kind);
      fc.assert(fc.property(inputs(sample), (text) => checkLockfile(text, parseLockfile(kind, text), kind)), { numRuns: 100 });
    });
  }
});
