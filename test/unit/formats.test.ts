/**
 * The table of formats (shared/src/formats.ts) is the only place that names files: kind detection,
 * the watched-file glob, the client's document selector, the CLI's help and package.json's
 * activation events must all say the same thing.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  detectLockfileKind,
  detectManifestKind,
  documentPatterns,
  fileActivationEvents,
  isLockfileCompanion,
  LOCKFILE_KINDS,
  MANIFEST_FORMATS,
  MANIFEST_KINDS,
  watchedFileGlob,
} from '../../shared/src/formats';
import { LOCKFILE_PARSERS, MANIFEST_PARSERS } from '../../server/src/service/parse';
import { USAGE } from '../../server/src/cli/main';

// Node's own glob matcher, independent of the table's globToRegExp (experimental in Node 20, stable API).
const matchesGlob = (file: string, glob: string): boolean => (path.posix as unknown as { matchesGlob(p: string, g: string): boolean }).matchesGlob(file, glob);

const MANIFESTS: [string, string | undefined][] = [
  ['package.json', 'package.json'],
  ['apps/web/package.json', 'package.json'],
  ['C:\\work\\app\\package.json', 'package.json'],
  ['Package.json', undefined],
  ['package.json.bak', undefined],
  ['requirements.txt', 'requirements.txt'],
  ['svc/requirements-dev.txt', 'requirements.txt'],
  ['svc/Requirements.txt', 'requirements.txt'],
  ['svc/requirements/base.txt', 'requirements.txt'],
  ['svc/Requirements/base.TXT', 'requirements.txt'],
  ['constraints.txt', 'requirements.txt'],
  ['ci/constraints-py312.txt', 'requirements.txt'],
  ['requirements.in', 'requirements.txt'],
  ['tools/dev.in', 'requirements.txt'],
  ['MANIFEST.in', undefined],
  ['pkg/manifest.in', undefined],
  ['notes.txt', undefined],
  ['requirements/base.md', undefined],
  ['pyproject.toml', 'pyproject.toml'],
  ['libs/core/pyproject.toml', 'pyproject.toml'],
  ['Pyproject.toml', undefined],
  ['package-lock.json', undefined],
];

const LOCKFILES: [string, string | undefined][] = [
  ['package-lock.json', 'package-lock.json'],
  ['a/npm-shrinkwrap.json', 'npm-shrinkwrap.json'],
  ['poetry.lock', 'poetry.lock'],
  ['x/uv.lock', 'uv.lock'],
  ['pylock.toml', 'pylock.toml'],
  ['x/pylock.dev.toml', 'pylock.toml'],
  ['pylockfile.toml', undefined],
  ['package.json', undefined],
];

describe('the table of formats', () => {
  it('detects manifest kinds as the hand-written rules did', () => {
    for (const [file, kind] of MANIFESTS) assert.equal(detectManifestKind(file), kind, file);
  });

  it('detects lockfile kinds as the hand-written rules did', () => {
    for (const [file, kind] of LOCKFILES) assert.equal(detectLockfileKind(file), kind, file);
  });

  it("the client's document selector matches exactly the files detected as manifests (lower-case names)", () => {
    const patterns = documentPatterns();
    for (const [file, kind] of MANIFESTS) {
      if (file.includes('\\') || file !== file.toLowerCase() || file.endsWith('manifest.in')) continue;
      assert.equal(patterns.some((p) => matchesGlob(file, p)), kind !== undefined, file);
    }
  });

  it('the watched-file glob covers every manifest, lockfile and lockfile companion, and nothing else', () => {
    const glob = watchedFileGlob();
    for (const [file, kind] of [...MANIFESTS, ...LOCKFILES]) {
      if (file.includes('\\') || file !== file.toLowerCase() || file.endsWith('manifest.in')) continue;
      const known = detectManifestKind(file) !== undefined || detectLockfileKind(file) !== undefined;
      assert.equal(matchesGlob(file, glob), known, `${file} (${kind ?? 'none'})`);
    }
    // pnpm-workspace.yaml holds the catalogs `catalog:` entries read: editing it must re-check them.
    for (const file of ['pnpm-workspace.yaml', 'monorepo/pnpm-workspace.yaml']) {
      assert.ok(matchesGlob(file, glob), file);
      assert.ok(isLockfileCompanion(file), file);
    }
    for (const file of ['pnpm-workspace.yml', 'docs/workspace.yaml']) assert.ok(!matchesGlob(file, glob) && !isLockfileCompanion(file), file);
  });

  it("package.json's activation events are the table's, plus the webview's", () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { activationEvents: string[] };
    const fileEvents = pkg.activationEvents.filter((e) => !e.startsWith('onWebviewPanel:'));
    assert.deepEqual([...fileEvents].sort(), [...fileActivationEvents()].sort());
  });

  it("the CLI's help lists every manifest and lockfile glob", () => {
    for (const kind of MANIFEST_KINDS) for (const glob of MANIFEST_FORMATS[kind].globs) assert.ok(USAGE.includes(glob), glob);
    for (const kind of LOCKFILE_KINDS) assert.ok(USAGE.includes(kind.replace('.toml', '')), kind);
  });

  it('every kind has a parser', () => {
    assert.deepEqual(Object.keys(MANIFEST_PARSERS).sort(), [...MANIFEST_KINDS].sort());
    assert.deepEqual(Object.keys(LOCKFILE_PARSERS).sort(), [...LOCKFILE_KINDS].sort());
  });
});
