/**
 * A lockfile that cannot be read is said out loud (docs/language-server.md, `lockfile-unreadable`): corrupt
 * text, an unknown format version, several YAML documents and bun's binary lockfile each give one
 * message naming the file and why; a file that was read gives none.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { relativeLockfileName, unreadableLockfile } from '../../../server/src/service/lockfileHealth';
import type { LockfileKind } from '../../../server/src/service/model';
import { parseLockfile } from '../../../server/src/service/parse';

const FIXTURES = path.resolve(__dirname, '../../fixtures/lockfiles');
const problem = (kind: LockfileKind, text: string): string | undefined => unreadableLockfile(parseLockfile(kind, text), kind);

describe('lockfile-unreadable: which lockfiles could not be read, and why', () => {
  const cases: Array<[string, LockfileKind, string, RegExp]> = [
    ['corrupt package-lock.json', 'package-lock.json', '{"lockfileVersion": 3, "packages": {\n', /^package-lock\.json could not be read, so this file's ranges are used instead: .*\(line 2\)\.$/],
    ['package-lock.json lockfileVersion 4', 'package-lock.json', '{\n  "lockfileVersion": 4,\n  "packages": {}\n}\n', /Unknown package-lock\.json lockfileVersion 4 \(this version reads 1 to 3\); it was not read \(line 2\)\.$/],
    ['npm-shrinkwrap.json lockfileVersion "x"', 'npm-shrinkwrap.json', '{"lockfileVersion": "x", "packages": {}}', /Unknown npm-shrinkwrap\.json lockfileVersion "x"/],
    ['yarn.lock of an unknown kind', 'yarn.lock', '# yarn lockfile v9\n\nfoo@^1:\n  version "1.0.0"\n', /yarn/],
    ['yarn Berry version 99', 'yarn.lock', '__metadata:\n  version: 99\n  cacheKey: 10\n', /Unknown yarn Berry lockfile version 99/],
    ['pnpm-lock.yaml lockfileVersion 5.4', 'pnpm-lock.yaml', "lockfileVersion: '5.4'\n", /Unknown pnpm lockfileVersion '5\.4'/],
    ['pnpm-lock.yaml with two YAML documents', 'pnpm-lock.yaml', "lockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n", /^pnpm-lock\.yaml could not be read, so this file's ranges are used instead: The file holds 2 YAML documents; a lockfile has one/],
    ['bun.lock lockfileVersion 7', 'bun.lock', '{"lockfileVersion": 7, "packages": {}}', /Unknown bun\.lock lockfileVersion 7/],
    ['bun.lockb (binary)', 'bun.lockb', '\u0000\u0001bun-lockfile-format-v0\n', /^bun\.lockb could not be read, so this file's ranges are used instead: .*run `bun install --save-text-lockfile` .* bun\.lock/],
    ['poetry.lock lock-version 3.0', 'poetry.lock', '[[package]]\nname = "a"\nversion = "1.0"\n\n[metadata]\nlock-version = "3.0"\n', /Unknown poetry\.lock lock-version 3\.0 \(this version reads 1\.x, 2\.x\); it was not read \(line 6\)\./],
    ['uv.lock version 2', 'uv.lock', 'version = 2\n\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n', /Unknown uv\.lock version 2/],
    ['pylock.toml lock-version 2.0', 'pylock.toml', 'lock-version = "2.0"\n', /Unknown pylock\.toml lock-version 2\.0/],
    ['corrupt uv.lock', 'uv.lock', 'version = 1\n[[package]\nname = "a"\n', /^uv\.lock could not be read/],
    ['Pipfile.lock pipfile-spec 7', 'Pipfile.lock', '{"_meta": {"pipfile-spec": 7}, "default": {}}', /Unknown Pipfile\.lock pipfile-spec 7/],
  ];
  for (const [name, kind, text, expected] of cases) {
    it(name, () => {
      const message = problem(kind, text);
      assert.ok(message !== undefined, `${name}: no problem reported`);
      assert.match(message, expected);
    });
  }

  it('an unknown version pins nothing, so the manifest falls back to its ranges', () => {
    assert.equal(parseLockfile('package-lock.json', '{"lockfileVersion": 4, "packages": {"node_modules/a": {"version": "1.0.0"}}}').packages.size, 0);
    assert.equal(parseLockfile('uv.lock', 'version = 2\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n').packages.size, 0);
  });

  it('the lockfiles the real package managers wrote, and old files without a version field, are read', () => {
    for (const [dir, file] of [['npm-v1', 'package-lock.json'], ['npm-v3', 'package-lock.json'], ['yarn-v1', 'yarn.lock'], ['yarn-berry', 'yarn.lock'], ['pnpm-v6', 'pnpm-lock.yaml'], ['pnpm-v9', 'pnpm-lock.yaml'], ['bun', 'bun.lock']] as const) {
      assert.equal(problem(file, fs.readFileSync(path.join(FIXTURES, dir, file), 'utf8')), undefined, `${dir}/${file}`);
    }
    assert.equal(problem('package-lock.json', '{"dependencies": {"a": {"version": "1.0.0"}}}'), undefined);
    assert.equal(problem('poetry.lock', '[[package]]\nname = "a"\nversion = "1.0"\n\n[metadata]\nlock-version = "2.1"\n'), undefined);
    assert.equal(problem('uv.lock', 'version = 1\nrevision = 3\n'), undefined);
    assert.equal(problem('pylock.toml', 'lock-version = "1.0"\n'), undefined);
  });

  it('names the lockfile as seen from the manifest', () => {
    assert.equal(relativeLockfileName('/w/app', '/w/app/bun.lockb'), 'bun.lockb');
    assert.equal(relativeLockfileName('/w/packages/app', '/w/pnpm-lock.yaml'), '../../pnpm-lock.yaml');
    assert.equal(relativeLockfileName('C:\\w\\packages\\app', 'C:\\w\\yarn.lock'), '../../yarn.lock');
  });
});
