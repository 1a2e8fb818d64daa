import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Range } from '../../../server/src/service/model';
import { parsePoetryLock } from '../../../server/src/service/parse/python/poetryLock';
import { parsePylock } from '../../../server/src/service/parse/python/pylock';
import { parsePyproject } from '../../../server/src/service/parse/python/pyprojectToml';
import { parseUvLock } from '../../../server/src/service/parse/python/uvLock';

const MANIFEST = `[project]
name = "demo"
dynamic = ["version"]
dependencies = [
  "requests>=2.31",  # http
  'attrs==23.1.0',
  "Flask[async] (>=3,<4) ; python_version >= '3.9'",
  """numpy
  >=1.26""",
]

[project.optional-dependencies]
docs = ["sphinx~=7.2"]

[dependency-groups]
dev = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff\\u003d\\u003d0.4.4"]

[tool.uv]
dev-dependencies = ["mypy"]

[tool.uv.sources]
attrs = { git = "https://example.com/attrs.git" }

[tool.poetry.dependencies]
python = "^3.10"
black = { version = "^24.1", extras = ["d"] }
numpy = [{ version = "^1.26", python = ">=3.9" }, { version = "<1.25", python = "<3.9" }]

[tool.poetry.group.dev.dependencies.pytest-cov]
version = "~4.1"

[tool.pdm.dev-dependencies]
test = ["-e file:///\${PROJECT_ROOT}/sub#egg=sub", "coverage"]
`;

const LOCKS: [string, (text: string) => { errors: { range: Range }[] }][] = [
  [
    `[[package]]\nname = "a"\nversion = "1.0"\nfiles = [\n    {file = "a-1.0.tar.gz", hash = "sha256:${'ab'.repeat(32)}"},\n]\n\n[package.source]\ntype = "legacy"\nurl = "x"\n\n[metadata]\nlock-version = "2.1"\n\n[metadata.files]\na = []\n`,
    parsePoetryLock,
  ],
  [
    `version = 1\n\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "u", hash = "sha256:${'cd'.repeat(32)}" }\nwheels = [\n    { url = "w", hash = "sha256:${'ef'.repeat(32)}" },\n]\n`,
    parseUvLock,
  ],
  [
    `lock-version = "1.0"\n\n[[packages]]\nname = "a"\nversion = "1.0"\nwheels = [\n  {url = "w", upload-time = 2025-01-25T11:30:10Z, hashes = {sha256 = "${'01'.repeat(32)}"}},\n]\n`,
    parsePylock,
  ],
];

/** Fragments that make TOML parsers take their unusual paths. */
const FRAGMENTS = [
  '[', ']', '[[', ']]', '{', '}', '"', "'", '"""', "'''", '=', ',', '.', '#', ' ', '\t', '\n', '\r\n', '\\', '\\u00', '\\"',
  'project', 'dependencies', 'tool', 'poetry', 'uv', 'sources', 'group', 'dependency-groups', 'include-group', 'optional-dependencies',
  'version', 'git', 'path', 'workspace', 'true', '1.2', '^1.2', '~1', '*', '||', '>=', 'requests', '[project]',
  '[tool.poetry.dependencies]', '[dependency-groups]', '[[tool.uv.index]]', 'name = "x"', 'package', 'sha256:', '😀', 'é',
];

const tomlish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));

function assertRangesInside(text: string, ranges: Range[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const r of ranges) {
    for (const p of [r.start, r.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} outside ${lines.length} lines`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `character ${p.character} outside line ${p.line}`);
    }
    assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `start after end: ${JSON.stringify(r)}`);
  }
}

function checkManifest(text: string): void {
  const parsed = parsePyproject(text);
  assertRangesInside(text, [...parsed.dependencies.map((d) => d.range), ...parsed.errors.map((e) => e.range)]);
}

describe('pyproject.toml and Python lockfile parsers: properties', function () {
  // Hundreds of recoveries per test; generous for a shared, loaded CI machine.
  this.timeout(120_000);

  it('never throw on TOML-like noise, and every range lies inside the document', () => {
    fc.assert(
      fc.property(tomlish, (text) => {
        checkManifest(text);
        for (const [, parse] of LOCKS) assertRangesInside(text, parse(text).errors.map((e) => e.range));
      }),
      { numRuns: 250 },
    );
  });

  it('never throw on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkManifest(text);
        for (const [, parse] of LOCKS) parse(text);
      }),
      { numRuns: 200 },
    );
  });

  it('survive every truncation of a realistic manifest and of each lockfile kind', () => {
    // Every line end (and the characters around it), plus every third character in between.
    const cuts = new Set<number>([MANIFEST.length]);
    for (let i = 0; i < MANIFEST.length; i++) if (i % 3 === 0 || MANIFEST[i] === '\n' || MANIFEST[i - 1] === '\n') cuts.add(i);
    for (const cut of cuts) checkManifest(MANIFEST.slice(0, cut));
    for (const [text, parse] of LOCKS) {
      for (let cut = 0; cut <= text.length; cut++) assertRangesInside(text.slice(0, cut), parse(text.slice(0, cut)).errors.map((e) => e.range));
    }
  });

  it('survive a line deleted or an edit spliced in anywhere', () => {
    const lines = MANIFEST.split('\n');
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), fc.nat({ max: MANIFEST.length }), fc.constantFrom(...FRAGMENTS), (line, at, insert) => {
        checkManifest(lines.filter((_, i) => i !== line).join('\n'));
        checkManifest(MANIFEST.slice(0, at) + insert + MANIFEST.slice(at));
      }),
      { numRuns: 150 },
    );
  });

  it('find every requirement of a generated array, ranged exactly on its string literal', () => {
    const name = fc.stringMatching(/^[A-Za-z]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);
    const spec = fc.constantFrom('', '>=1.0', '==2.3.4', '~=1.4', '>=1,<2', ' (>=3.0)', '!=1.5.*');
    const quote = fc.constantFrom('"', "'");
    const gap = fc.constantFrom(' ', '\n  ', ' # note\n  ', '\n\n    ');
    const entry = fc.record({ name, spec, quote, gap });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        let text = '[project]\ndependencies = [';
        const literals: [number, number][] = [];
        for (const e of entries) {
          text += e.gap;
          const literal = `${e.quote}${e.name}${e.spec}${e.quote}`;
          literals.push([text.length, text.length + literal.length]);
          text += `${literal},`;
        }
        text += '\n]\n';
        const parsed = parsePyproject(text);
        assert.deepEqual(parsed.errors, []);
        assert.equal(parsed.dependencies.length, entries.length);
        const offsets = lineOffsets(text);
        parsed.dependencies.forEach((d, i) => {
          assert.equal(d.name, entries[i].name);
          assert.equal(offsets(d.range.start.line) + d.range.start.character, literals[i][0]);
          assert.equal(offsets(d.range.end.line) + d.range.end.character, literals[i][1]);
        });
      }),
      { numRuns: 200 },
    );
  });
});

function lineOffsets(text: string): (line: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (line) => starts[line];
}
