/**
 * How long the pyproject.toml and Python lockfile parsers take, and the measurement behind the TOML
 * library split (toml.ts): the ranged tree (toml-eslint-parser) against plain values (smol-toml) on
 * the same multi-megabyte uv.lock. Times are CPU milliseconds of this process, which stay meaningful
 * on a shared machine where wall time does not.
 *
 *   node --import tsx bench/parse-python.ts [--quick]
 */
import { parsePoetryLock } from '../server/src/service/parse/python/poetryLock';
import { parsePylock } from '../server/src/service/parse/python/pylock';
import { parsePyproject } from '../server/src/service/parse/python/pyprojectToml';
import { parseTomlTree, parseTomlValues } from '../server/src/service/parse/python/toml';
import { parseUvLock } from '../server/src/service/parse/python/uvLock';
import { fakeSha256, printResults, timeRuns, type BenchResult } from './lib/parseTiming';

export type { BenchResult };

/** A uv.lock shaped like uv writes it: registry packages with dependencies, an sdist and six wheels. */
export function syntheticUvLock(packages: number): string {
  const out = ['version = 1', 'revision = 2', 'requires-python = ">=3.10"', ''];
  for (let i = 0; i < packages; i++) {
    out.push('[[package]]', `name = "pkg-${i}"`, `version = "1.${i % 40}.${i % 7}"`, 'source = { registry = "https://pypi.org/simple" }');
    out.push('dependencies = [', `    { name = "pkg-${(i + 1) % packages}" },`, `    { name = "pkg-${(i + 7) % packages}", marker = "sys_platform == 'win32'" },`, ']');
    out.push(`sdist = { url = "https://files.pythonhosted.org/packages/ab/cd/pkg_${i}-1.0.tar.gz", hash = "sha256:${fakeSha256(i * 7)}", size = 123456, upload-time = "2024-05-01T10:00:00.000Z" }`);
    out.push('wheels = [');
    for (let w = 1; w <= 6; w++) {
      out.push(`    { url = "https://files.pythonhosted.org/packages/ef/01/pkg_${i}-1.0-cp3${w + 7}-cp3${w + 7}-manylinux_2_17_x86_64.whl", hash = "sha256:${fakeSha256(i * 7 + w)}", size = 23456${w}, upload-time = "2024-05-01T10:00:00.000Z" },`);
    }
    out.push(']', '');
  }
  return out.join('\n');
}

/** A poetry.lock (lock-version 2.1) with per-package files, dependencies and extras. */
export function syntheticPoetryLock(packages: number): string {
  const out: string[] = [];
  for (let i = 0; i < packages; i++) {
    out.push('[[package]]', `name = "pkg-${i}"`, `version = "2.${i % 30}.0"`, 'description = "A package"', 'optional = false', 'python-versions = ">=3.8"', 'groups = ["main"]', 'files = [');
    for (let w = 0; w < 6; w++) out.push(`    {file = "pkg_${i}-2.0-py3-none-any-${w}.whl", hash = "sha256:${fakeSha256(i * 11 + w)}"},`);
    out.push(']', '', '[package.dependencies]', `pkg-${(i + 1) % packages} = ">=1.0"`, '', '[package.extras]', `test = ["pytest (>=7)"]`, '');
  }
  out.push('[metadata]', 'lock-version = "2.1"', 'python-versions = "^3.10"', 'content-hash = "0"');
  return out.join('\n');
}

/** A PEP 751 pylock.toml with an sdist and six wheels per package. */
export function syntheticPylock(packages: number): string {
  const out = ['lock-version = "1.0"', 'created-by = "bench"', ''];
  for (let i = 0; i < packages; i++) {
    out.push('[[packages]]', `name = "pkg-${i}"`, `version = "3.${i % 20}.1"`, 'index = "https://pypi.org/simple"');
    out.push(`sdist = {url = "https://files.pythonhosted.org/pkg_${i}-3.0.tar.gz", size = 1000, hashes = {sha256 = "${fakeSha256(i * 13)}"}}`, 'wheels = [');
    for (let w = 1; w <= 6; w++) out.push(`  {url = "https://files.pythonhosted.org/pkg_${i}-3.0-${w}.whl", upload-time = 2025-01-25T11:30:10Z, size = 2000, hashes = {sha256 = "${fakeSha256(i * 13 + w)}"}},`);
    out.push(']', '');
  }
  return out.join('\n');
}

/** A large hand-written-looking pyproject.toml mixing PEP 621, PEP 735, Poetry and uv sections. */
export function syntheticPyproject(dependencies: number): string {
  const out = ['[project]', 'name = "big"', 'dependencies = ['];
  for (let i = 0; i < dependencies / 4; i++) out.push(`  "Package_${i}[extra] >=1.${i % 9},<2 ; python_version >= '3.9'",  # why ${i}`);
  out.push(']', '', '[dependency-groups]', 'dev = [');
  for (let i = 0; i < dependencies / 4; i++) out.push(`  "dev-${i}~=2.${i % 5}",`);
  out.push('  { include-group = "lint" },', ']', 'lint = ["ruff"]', '', '[tool.poetry.dependencies]', 'python = "^3.10"');
  for (let i = 0; i < dependencies / 4; i++) out.push(i % 3 === 0 ? `poetry-${i} = { version = "^${i % 4}.${i % 7}", extras = ["a"] }` : `poetry-${i} = "~${i % 5}.2"`);
  out.push('', '[tool.uv.sources]');
  for (let i = 0; i < dependencies / 4; i++) out.push(`package-${i * 4} = { index = "corp" }`);
  out.push('', '[[tool.uv.index]]', 'name = "corp"', 'url = "https://corp.example/simple"', '');
  return out.join('\n');
}

function measure(run: () => unknown, runs: number): BenchResult {
  return timeRuns(run, runs, { warmups: 2, clock: 'cpu' });
}

export async function benchPythonParsers(opts: { quick: boolean }): Promise<Record<string, BenchResult>> {
  const runs = opts.quick ? 3 : 9;
  const uv = syntheticUvLock(1_000); // ≈ 1.7 MB
  const poetry = syntheticPoetryLock(1_000);
  const pylock = syntheticPylock(1_000);
  const pyproject = syntheticPyproject(1_000);
  // Half-typed: an unterminated string in the middle forces the recovering path.
  const broken = pyproject.replace('"dev-10~=2.0",', '"dev-10~=2.0');
  return {
    'pyproject.parse.1000-deps': measure(() => parsePyproject(pyproject), runs),
    'pyproject.parse.1000-deps-half-typed': measure(() => parsePyproject(broken), runs),
    'toml.tree.uv-lock-1000-packages': measure(() => parseTomlTree(uv), runs),
    'toml.values.uv-lock-1000-packages': measure(() => parseTomlValues(uv), runs),
    'uvlock.parse.1000-packages': measure(() => parseUvLock(uv), runs),
    'poetrylock.parse.1000-packages': measure(() => parsePoetryLock(poetry), runs),
    'pylock.parse.1000-packages': measure(() => parsePylock(pylock), runs),
  };
}

if (require.main === module) printResults(benchPythonParsers);
