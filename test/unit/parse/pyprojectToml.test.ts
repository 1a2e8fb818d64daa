import assert from 'node:assert/strict';
import type { Dependency, ParsedManifest, Range } from '../../../server/src/service/model';
import { parsePyproject } from '../../../server/src/service/parse/python/pyprojectToml';
import { marked } from '../../helpers/marked';

function parse(src: string): { parsed: ParsedManifest; ranges: Range[]; text: string } {
  const { text, ranges } = marked(src);
  return { parsed: parsePyproject(text), ranges, text };
}

function brief(d: Dependency): Record<string, unknown> {
  const out: Record<string, unknown> = { name: d.name, section: d.section, kind: d.kind, constraint: d.constraint };
  for (const k of ['extras', 'markers', 'skipReason', 'indexUrl'] as const) if (d[k] !== undefined) out[k] = d[k];
  return out;
}

describe('parsePyproject: PEP 621', () => {
  it('reads project.dependencies with the string literal as the range', () => {
    const { parsed, ranges } = parse(`[project]
name = "demo"
dependencies = [
  «"requests>=2.31"»,
  «"Flask_SQLAlchemy[async] (>=3.0,<4) ; python_version >= '3.9'"», # comment
  «'attrs==23.1.0'»,
  «"idna"»,
]
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.dependencies.map((d) => d.range),
      ranges,
    );
    assert.deepEqual(parsed.dependencies.map(brief), [
      { name: 'requests', section: 'project.dependencies', kind: 'range', constraint: '>=2.31' },
      { name: 'Flask_SQLAlchemy', section: 'project.dependencies', kind: 'range', constraint: '>=3.0,<4', extras: ['async'], markers: "python_version >= '3.9'" },
      { name: 'attrs', section: 'project.dependencies', kind: 'exact', constraint: '23.1.0' },
      { name: 'idna', section: 'project.dependencies', kind: 'range', constraint: '' },
    ]);
    const flask = parsed.dependencies[1];
    assert.equal(flask.normalizedName, 'flask-sqlalchemy');
    assert.equal(flask.specifier, '>=3.0,<4');
    assert.equal(flask.registry, 'pypi');
  });

  it('keeps raw offsets through escapes and multi-line strings', () => {
    const { parsed, ranges } = parse(`[project]
dependencies = [«"re\\u0071uests \\u003e= 2"», «"""
numpy>=1.26"""», «"urllib3"»]
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies.map((d) => [d.name, d.constraint]), [['requests', '>=2'], ['numpy', '>=1.26'], ['urllib3', '']]);
    assert.deepEqual(parsed.dependencies.map((d) => d.range), ranges);
  });

  it('reads optional-dependencies per extra', () => {
    const { parsed, ranges } = parse(`[project.optional-dependencies]
docs = [«"sphinx~=7.2"»]
test = [«"pytest>=8"», «"coverage[toml]"»]
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name, d.range]), [
      ['project.optional-dependencies.docs', 'sphinx', ranges[0]],
      ['project.optional-dependencies.test', 'pytest', ranges[1]],
      ['project.optional-dependencies.test', 'coverage', ranges[2]],
    ]);
    assert.deepEqual(parsed.dependencies[2].extras, ['toml']);
  });

  it('skips direct URL references with the reason', () => {
    const { parsed } = parse(`[project]
dependencies = ["mylib @ git+https://example.com/mylib.git@v1", "local @ file:///srv/local.whl", "wheel @ https://example.com/w.whl"]
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.name, d.kind, d.specifier]), [
      ['mylib', 'git', 'git+https://example.com/mylib.git@v1'],
      ['local', 'path', 'file:///srv/local.whl'],
      ['wheel', 'url', 'https://example.com/w.whl'],
    ]);
    assert.ok(parsed.dependencies.every((d) => d.skipReason !== undefined));
  });

  it('reports an unreadable requirement inside the string, and an invalid version as invalid plus a warning', () => {
    const { parsed, ranges } = parse(`[project]
dependencies = ["ok>=1", "bad «>»>1", «"weird==1.0.0.dev1.2"», «"a\\tb"»]
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.name, d.kind]), [['ok', 'range'], ['weird', 'invalid']]);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range]), [
      ['error', ranges[0]],
      ['warning', ranges[1]],
      // An escape in the string: the problem covers the whole literal.
      ['error', ranges[2]],
    ]);
    assert.match(parsed.errors[1].message, /^weird: /);
  });

  it('treats dynamic dependencies as nothing to read, but flags dynamic plus static', () => {
    assert.deepEqual(parsePyproject('[project]\nname = "x"\ndynamic = ["dependencies", "version"]\n'), { kind: 'pyproject.toml', dependencies: [], errors: [] });
    const { parsed, ranges } = parse(`[project]
dynamic = [«"dependencies"»]
dependencies = ["a"]
`);
    assert.equal(parsed.dependencies.length, 1);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range]), [['warning', ranges[0]]]);
  });

  it('warns about non-strings and a non-array dependencies value', () => {
    const { parsed, ranges } = parse(`[project]
dependencies = ["a", «42»]
optional-dependencies = { x = [], «y = "b"» }
`);
    assert.deepEqual(parsed.dependencies.map((d) => d.name), ['a']);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range]), [['warning', ranges[0]], ['warning', ranges[1]]]);
  });
});

describe('parsePyproject: PEP 735 dependency groups', () => {
  it('reports each requirement once, in its own group, and checks includes', () => {
    const { parsed, ranges } = parse(`[dependency-groups]
test = [«"pytest>=8"», {include-group = "Lint_Tools"}]
lint-tools = [«"ruff==0.4.4"»]
docs = [«{ include-group = "nope" }»]
a = [«{include-group = "b"}»]
b = [«{include-group = "a"}», «"x"»]
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name, d.range]), [
      ['dependency-groups.test', 'pytest', ranges[0]],
      ['dependency-groups.lint-tools', 'ruff', ranges[1]],
      ['dependency-groups.b', 'x', ranges[5]],
    ]);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range, e.message]), [
      ['warning', ranges[2], 'Dependency group docs includes unknown group nope'],
      ['error', ranges[3], 'Dependency group a includes b, which includes it back (cycle)'],
      ['error', ranges[4], 'Dependency group b includes a, which includes it back (cycle)'],
    ]);
  });

  it('flags a group that includes itself and entries that are neither strings nor includes', () => {
    const { parsed, ranges } = parse(`[dependency-groups]
self = [«{include-group = "self"}», «{ name = "x" }»]
`);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range]), [['warning', ranges[1]], ['error', ranges[0]]]);
  });
});

describe('parsePyproject: Poetry', () => {
  it('reads every dependency form with the key and value as the range', () => {
    const { parsed, ranges } = parse(`[tool.poetry]
name = "demo"

[[tool.poetry.source]]
name = "private"
url = "https://pypi.example.com/simple/"
priority = "supplemental"

[tool.poetry.dependencies]
python = "^3.10"
«requests = "^2.31"»
«"Django" = "4.2.7"»
«pendulum = "~3.0"» # comment
«black = { version = "^24.1", extras = ["d", "jupyter"], markers = "sys_platform != 'win32'", optional = true }»
«internal = { version = "*", source = "private" }»
«mylib = { git = "https://github.com/me/mylib.git", branch = "main" }»
«sibling = { path = "../sibling", develop = true }»
«wheel = { url = "https://example.com/wheel-1.0-py3-none-any.whl" }»
numpy = [
  «{ version = "^1.26", python = ">=3.9" }»,
  «{ version = "<1.25", python = "<3.9" }»,
]
«either = "^1.0 || ^2.0"»
«anything = "*"»
`);
    assert.deepEqual(parsed.dependencies.map((d) => d.range), ranges);
    assert.deepEqual(parsed.dependencies.map(brief), [
      { name: 'requests', section: 'tool.poetry.dependencies', kind: 'range', constraint: '>=2.31,<3.0' },
      { name: 'Django', section: 'tool.poetry.dependencies', kind: 'exact', constraint: '4.2.7' },
      { name: 'pendulum', section: 'tool.poetry.dependencies', kind: 'range', constraint: '>=3.0,<3.1' },
      { name: 'black', section: 'tool.poetry.dependencies', kind: 'range', constraint: '>=24.1,<25.0', extras: ['d', 'jupyter'], markers: "sys_platform != 'win32'" },
      { name: 'internal', section: 'tool.poetry.dependencies', kind: 'range', constraint: '', indexUrl: 'https://pypi.example.com/simple/' },
      { name: 'mylib', section: 'tool.poetry.dependencies', kind: 'git', constraint: '', skipReason: 'installed from the git repository https://github.com/me/mylib.git, not from a package index' },
      { name: 'sibling', section: 'tool.poetry.dependencies', kind: 'path', constraint: '', skipReason: 'installed from the local path ../sibling, not from a package index' },
      { name: 'wheel', section: 'tool.poetry.dependencies', kind: 'url', constraint: '', skipReason: 'installed from the URL https://example.com/wheel-1.0-py3-none-any.whl, not from a package index' },
      { name: 'numpy', section: 'tool.poetry.dependencies', kind: 'range', constraint: '>=1.26,<2.0' },
      { name: 'numpy', section: 'tool.poetry.dependencies', kind: 'range', constraint: '<1.25' },
      { name: 'either', section: 'tool.poetry.dependencies', kind: 'invalid', constraint: '' },
      { name: 'anything', section: 'tool.poetry.dependencies', kind: 'range', constraint: '' },
    ]);
    assert.equal(parsed.dependencies[0].specifier, '^2.31');
    assert.equal(parsed.dependencies[1].normalizedName, 'django');
    assert.equal(parsed.dependencies[3].specifier, `{ version = "^24.1", extras = ["d", "jupyter"], markers = "sys_platform != 'win32'", optional = true }`);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range]), [['warning', ranges[10]]]);
    assert.match(parsed.errors[0].message, /^either: .*either-or/);
  });

  it('reads groups, the legacy dev-dependencies and the expanded table form (ranged on its header)', () => {
    const { parsed, ranges } = parse(`[tool.poetry.group.dev.dependencies]
«pytest = ">=7.4,<9"»

[tool.poetry.group.lint]
optional = true

[tool.poetry.group.lint.dependencies]
«ruff = "0.4.*"»

«[tool.poetry.group.dev.dependencies.black]»
version = "^24.1"
extras = ["d"]

[tool.poetry.dev-dependencies]
«mypy = "^1.8"»
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name, d.specifier, d.constraint, d.range]), [
      ['tool.poetry.group.dev.dependencies', 'pytest', '>=7.4,<9', '>=7.4,<9', ranges[0]],
      ['tool.poetry.group.dev.dependencies', 'black', '{ version = "^24.1", extras = ["d"] }', '>=24.1,<25.0', ranges[2]],
      ['tool.poetry.group.lint.dependencies', 'ruff', '0.4.*', '==0.4.*', ranges[1]],
      ['tool.poetry.dev-dependencies', 'mypy', '^1.8', '>=1.8,<2.0', ranges[3]],
    ]);
  });

  it('warns about an undeclared source and a value of the wrong type', () => {
    const { parsed, ranges } = parse(`[tool.poetry.dependencies]
«a = { version = "^1", source = "elsewhere" }»
«b = 3»
«c = { version = 3 }»
pypi-pkg = { version = "^1", source = "PyPI" }
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.name, d.kind, d.indexUrl]), [['a', 'range', undefined], ['c', 'invalid', undefined], ['pypi-pkg', 'range', undefined]]);
    assert.deepEqual(parsed.errors.map((e) => [e.severity, e.range]), [['warning', ranges[0]], ['warning', ranges[1]], ['warning', ranges[2]]]);
  });

  it('with a PEP 621 [project], a same-named Poetry entry only enriches the project dependency', () => {
    const { parsed, ranges } = parse(`[project]
dependencies = [«"requests (>=2.13.0,<3.0.0)"», «"mylib"»]

[[tool.poetry.source]]
name = "corp"
url = "https://corp.example/simple"

[tool.poetry.dependencies]
requests = { source = "corp" }
mylib = { git = "https://example.com/mylib.git" }
«extra-only = "^1"»
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name, d.kind, d.indexUrl, d.range]), [
      ['project.dependencies', 'requests', 'range', 'https://corp.example/simple', ranges[0]],
      ['project.dependencies', 'mylib', 'git', undefined, ranges[1]],
      // `corp` has no priority, so it is primary: Poetry then installs every package from it, PyPI is not used.
      ['tool.poetry.dependencies', 'extra-only', 'range', 'https://corp.example/simple', ranges[2]],
    ]);
  });

  it('a source that replaces PyPI or is searched before it is the index of every entry naming no source', () => {
    const deps = (sources: string) =>
      parsePyproject(`[project]\ndependencies = ["pep621"]\n\n[tool.poetry.dependencies]\nplain = "^1"\ntable = { version = "^1" }\nfrom-pypi = { version = "^1", source = "pypi" }\nfrom-other = { version = "^1", source = "other" }\n\n${sources}\n[[tool.poetry.source]]\nname = "other"\nurl = "https://other.example/simple"\npriority = "explicit"\n`)
        .dependencies.map((d) => `${d.name}=${d.indexUrl ?? 'PyPI'}`)
        .join(' ');
    const source = (fields: string) => `[[tool.poetry.source]]\nname = "corp"\nurl = "https://corp.example/simple"\n${fields}\n`;
    const corp = 'pep621=https://corp.example/simple plain=https://corp.example/simple table=https://corp.example/simple from-pypi=PyPI from-other=https://other.example/simple';
    const pypi = 'pep621=PyPI plain=PyPI table=PyPI from-pypi=PyPI from-other=https://other.example/simple';
    assert.equal(deps(source('default = true')), corp, 'Poetry 1.x default source');
    assert.equal(deps(source('priority = "default"')), corp);
    assert.equal(deps(source('priority = "primary"')), corp);
    assert.equal(deps(source('')), corp, 'no priority: primary');
    assert.equal(deps(`[[tool.poetry.source]]\nname = "PyPI"\npriority = "primary"\n\n${source('priority = "primary"')}`), corp, 'PyPI first, then a private primary source that may serve the same names');
    assert.equal(deps(source('secondary = true')), pypi, 'Poetry 1.x secondary source');
    assert.equal(deps(source('priority = "supplemental"')), pypi);
    assert.equal(deps(''), pypi, 'only an explicit source');
    assert.equal(deps('[[tool.poetry.source]]\nname = "mirror"\nurl = "https://pypi.org/simple/"\n'), pypi, 'PyPI itself by URL');
  });
});

describe('parsePyproject: uv and PDM', () => {
  it('reads tool.uv.dev-dependencies and applies tool.uv.sources', () => {
    const { parsed, ranges } = parse(`[project]
dependencies = [«"member-a"», "gitdep>=1", "localdep", "urldep", "torch==2.3.0", "plain>=1"]

[tool.uv]
dev-dependencies = [«"pytest>=8"»]

[tool.uv.sources]
member-a = { workspace = true }
GitDep = { git = "https://github.com/o/gitdep", tag = "v1" }
localdep = { path = "../localdep", editable = true }
urldep = { url = "https://example.com/urldep-1.0.tar.gz" }
torch = [
  { index = "pytorch-cpu", marker = "sys_platform != 'darwin'" },
  { index = "pytorch-mac", marker = "sys_platform == 'darwin'" },
]
pytest = «{ index = "missing" }»

[[tool.uv.index]]
name = "pytorch-cpu"
url = "https://download.pytorch.org/whl/cpu"
explicit = true
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name, d.kind, d.skipReason, d.indexUrl]), [
      ['project.dependencies', 'member-a', 'workspace', 'a member of this uv workspace, built from source', undefined],
      ['project.dependencies', 'gitdep', 'git', 'installed from the git repository https://github.com/o/gitdep, not from a package index', undefined],
      ['project.dependencies', 'localdep', 'path', 'installed from the local path ../localdep, not from a package index', undefined],
      ['project.dependencies', 'urldep', 'url', 'installed from the URL https://example.com/urldep-1.0.tar.gz, not from a package index', undefined],
      ['project.dependencies', 'torch', 'exact', undefined, 'https://download.pytorch.org/whl/cpu'],
      ['project.dependencies', 'plain', 'range', undefined, undefined],
      ['tool.uv.dev-dependencies', 'pytest', 'range', undefined, undefined],
    ]);
    assert.deepEqual(parsed.dependencies[0].range, ranges[0]);
    assert.deepEqual(parsed.dependencies[6].range, ranges[1]);
    // pytorch-mac is not declared either: one warning per undeclared index use.
    assert.deepEqual(parsed.errors.map((e) => e.message), ['torch: index pytorch-mac is not declared in [[tool.uv.index]]', 'pytest: index missing is not declared in [[tool.uv.index]]']);
    assert.deepEqual(parsed.errors[1].range, ranges[2]);
  });

  it('a [[tool.uv.index]] that is not explicit (or the older index-url / extra-index-url) is the index of every entry without a source', () => {
    const deps = (uv: string) =>
      parsePyproject(`[project]\ndependencies = ["plain>=1", "pinned==1.0", "torch"]\n\n[tool.uv.sources]\ntorch = { index = "pytorch" }\n\n[tool.uv]\n${uv}\n[[tool.uv.index]]\nname = "pytorch"\nurl = "https://download.pytorch.org/whl/cpu"\nexplicit = true\n`)
        .dependencies.map((d) => `${d.name}=${d.indexUrl ?? 'PyPI'}`)
        .join(' ');
    const torch = 'torch=https://download.pytorch.org/whl/cpu';
    assert.equal(deps(''), `plain=PyPI pinned=PyPI ${torch}`);
    assert.equal(deps('index-url = "https://corp.example/simple"\n'), `plain=https://corp.example/simple pinned=https://corp.example/simple ${torch}`);
    assert.equal(deps('extra-index-url = ["https://extra.example/simple"]\n'), `plain=https://extra.example/simple pinned=https://extra.example/simple ${torch}`);
    assert.equal(deps('index-url = "https://pypi.org/simple"\n'), `plain=PyPI pinned=PyPI ${torch}`);
    const index = (fields: string) => parsePyproject(`[project]\ndependencies = ["plain>=1"]\n\n[[tool.uv.index]]\nname = "corp"\nurl = "https://corp.example/simple"\n${fields}\n`).dependencies[0].indexUrl;
    assert.equal(index(''), 'https://corp.example/simple', 'searched before PyPI');
    assert.equal(index('default = true'), 'https://corp.example/simple', 'replaces PyPI');
    assert.equal(index('explicit = true'), undefined, 'only for entries naming it');
  });

  it('reads tool.pdm.dev-dependencies groups, editable entries skipped', () => {
    const { parsed, ranges } = parse(`[tool.pdm.dev-dependencies]
test = [«"pytest>=8"», «"-e sub @ file:///\${PROJECT_ROOT}/sub"»]
lint = [«"-e file:///\${PROJECT_ROOT}/tools#egg=my-tools"», «"ruff"»]
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name, d.kind, d.range]), [
      ['tool.pdm.dev-dependencies.test', 'pytest', 'range', ranges[0]],
      ['tool.pdm.dev-dependencies.test', 'sub', 'path', ranges[1]],
      ['tool.pdm.dev-dependencies.lint', 'my-tools', 'path', ranges[2]],
      ['tool.pdm.dev-dependencies.lint', 'ruff', 'range', ranges[3]],
    ]);
    assert.match(parsed.dependencies[1].skipReason ?? '', /^editable install/);
  });
});

describe('parsePyproject: half-typed TOML', () => {
  it('keeps the rest of an array when one string is unterminated, and ranges the error on that line', () => {
    const { parsed, ranges } = parse(`[project]
dependencies = [
  «"requests>=2"»,
  «"fla»
  «"attrs"»,
]

[tool.poetry.dependencies]
«click = "^8"»
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.name, d.range]), [['requests', ranges[0]], ['attrs', ranges[2]], ['click', ranges[3]]]);
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0].severity, 'error');
    assert.deepEqual(parsed.errors[0].range, ranges[1]);
  });

  it('recovers an array left open before the next table and at the end of the file', () => {
    const { parsed } = parse(`[project]
dependencies = [
  "requests>=2",
  "attrs",

[tool.poetry.dependencies]
click = "^8"

[dependency-groups]
dev = ["pytest",
`);
    assert.deepEqual(parsed.dependencies.map((d) => [d.section, d.name]), [
      ['project.dependencies', 'requests'],
      ['project.dependencies', 'attrs'],
      ['dependency-groups.dev', 'pytest'],
      ['tool.poetry.dependencies', 'click'],
    ]);
    assert.ok(parsed.errors.length >= 1);
    assert.ok(parsed.errors.every((e) => e.severity === 'error'));
  });

  it('drops only the broken line of a table', () => {
    const { parsed, ranges } = parse(`[tool.poetry.dependencies]
requests = "^2"
«flask =»
«attrs = "23.1.0"»
`);
    assert.deepEqual(parsed.dependencies.map((d) => d.name), ['requests', 'attrs']);
    assert.deepEqual(parsed.dependencies[1].range, ranges[1]);
    assert.deepEqual(parsed.errors.map((e) => e.range), [ranges[0]]);
  });

  it('reads both halves of a table defined twice', () => {
    const { parsed } = parse('[tool.poetry.dependencies]\na = "1"\n[tool.poetry.dependencies]\nb = "2"\n');
    assert.deepEqual(parsed.dependencies.map((d) => d.name), ['a', 'b']);
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0].range.start.line, 2);
  });
});

describe('parsePyproject: realistic projects', () => {
  it('a Poetry application', () => {
    const parsed = parsePyproject(`[tool.poetry]
name = "shop-api"
version = "0.3.0"
description = "Order service"
authors = ["Dev <dev@example.com>"]
readme = "README.md"
packages = [{ include = "shop_api", from = "src" }]

[tool.poetry.dependencies]
python = ">=3.10,<3.13"
fastapi = "^0.110.0"
uvicorn = { extras = ["standard"], version = "^0.29.0" }
sqlalchemy = { version = "^2.0.29", extras = ["asyncio"] }
pydantic-settings = "^2.2.1"
httpx = "^0.27"
psycopg = { version = "^3.1.18", extras = ["binary"], optional = true }

[tool.poetry.extras]
postgres = ["psycopg"]

[tool.poetry.group.dev.dependencies]
pytest = "^8.1.1"
pytest-asyncio = "^0.23.6"
ruff = "^0.3.5"
mypy = "^1.9.0"

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
mkdocs-material = "^9.5"

[tool.poetry.scripts]
shop-api = "shop_api.main:run"

[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"

[tool.ruff]
line-length = 100
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies.map((d) => `${d.section} ${d.normalizedName} ${d.constraint}`), [
      'tool.poetry.dependencies fastapi >=0.110.0,<0.111.0',
      'tool.poetry.dependencies uvicorn >=0.29.0,<0.30.0',
      'tool.poetry.dependencies sqlalchemy >=2.0.29,<3.0.0',
      'tool.poetry.dependencies pydantic-settings >=2.2.1,<3.0.0',
      'tool.poetry.dependencies httpx >=0.27,<0.28',
      'tool.poetry.dependencies psycopg >=3.1.18,<4.0.0',
      'tool.poetry.group.dev.dependencies pytest >=8.1.1,<9.0.0',
      'tool.poetry.group.dev.dependencies pytest-asyncio >=0.23.6,<0.24.0',
      'tool.poetry.group.dev.dependencies ruff >=0.3.5,<0.4.0',
      'tool.poetry.group.dev.dependencies mypy >=1.9.0,<2.0.0',
      'tool.poetry.group.docs.dependencies mkdocs-material >=9.5,<10.0',
    ]);
  });

  it('a uv workspace root', () => {
    const parsed = parsePyproject(`[project]
name = "albatross"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["bird-feeder", "tqdm>=4,<5"]

[dependency-groups]
dev = ["pytest>=8.2", { include-group = "lint" }]
lint = ["ruff>=0.5"]

[tool.uv.workspace]
members = ["packages/*"]
exclude = ["packages/seeds"]

[tool.uv.sources]
bird-feeder = { workspace = true }

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies.map((d) => `${d.section} ${d.name} ${d.kind}`), [
      'project.dependencies bird-feeder workspace',
      'project.dependencies tqdm range',
      'dependency-groups.dev pytest range',
      'dependency-groups.lint ruff range',
    ]);
  });

  it('a PDM project', () => {
    const parsed = parsePyproject(`[project]
name = "pdm-demo"
version = "1.0.0"
dependencies = [
    "requests~=2.31",
    "rich>=13.7.0",
]
requires-python = ">=3.9"
license = {text = "MIT"}

[project.optional-dependencies]
socks = ["PySocks>=1.5.6, !=1.5.7"]

[[tool.pdm.source]]
name = "pypi"
url = "https://pypi.org/simple"
verify_ssl = true

[tool.pdm.dev-dependencies]
test = ["pytest>=7.4", "pytest-cov"]
doc = ["mkdocs>=1.5"]

[tool.pdm.scripts]
test = "pytest"
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies.map((d) => `${d.section} ${d.name} ${d.constraint}`), [
      'project.dependencies requests ~=2.31',
      'project.dependencies rich >=13.7.0',
      'project.optional-dependencies.socks PySocks >=1.5.6,!=1.5.7',
      'tool.pdm.dev-dependencies.test pytest >=7.4',
      'tool.pdm.dev-dependencies.test pytest-cov ',
      'tool.pdm.dev-dependencies.doc mkdocs >=1.5',
    ]);
  });

  it('a hatch (PEP 621) library', () => {
    const parsed = parsePyproject(`[build-system]
requires = ["hatchling>=1.21", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "tiny-lib"
dynamic = ["version"]
description = 'A "tiny" library'
requires-python = ">=3.8"
classifiers = ["Programming Language :: Python :: 3"]
dependencies = [
  "typing-extensions>=4.6; python_version < '3.11'",
  "packaging",
]

[project.optional-dependencies]
cli = ["click>=8.1", "colorama; platform_system == 'Windows'"]

[project.urls]
Homepage = "https://example.com/tiny-lib"

[tool.hatch.version]
source = "vcs"

[tool.hatch.envs.default]
dependencies = ["pytest", "coverage[toml]>=6.5"]
`);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.dependencies.map((d) => `${d.section} ${d.name} ${d.markers ?? '-'}`), [
      "project.dependencies typing-extensions python_version < '3.11'",
      'project.dependencies packaging -',
      'project.optional-dependencies.cli click -',
      "project.optional-dependencies.cli colorama platform_system == 'Windows'",
    ]);
  });
});
