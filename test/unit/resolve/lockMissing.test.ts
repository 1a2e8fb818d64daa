/**
 * A manifest entry its lockfile lacks (docs/formats/tree.md, "When the lockfile lacks an entry"):
 * unresolved, naming the out-of-date lockfile and the command that updates it, never the registry's
 * pick shown as if installed; and only where the lockfile must hold the entry.
 */
import { strict as assert } from 'node:assert';
import type { Dependency, LockfileKind, ParsedLockfile } from '../../../server/src/service/model';
import { missingFromLockfile } from '../../../server/src/service/resolve/lockMissing';

const lock = (kind: LockfileKind): ParsedLockfile => ({ kind, packages: new Map(), errors: [] });
const dep = (section: string, extra: Partial<Dependency> = {}): Dependency => ({
  registry: section.includes('.') || section === 'packages' || section === 'dev-packages' ? 'pypi' : 'npm',
  name: 'a',
  normalizedName: 'a',
  specifier: '^1.0.0',
  kind: 'range',
  constraint: '^1.0.0',
  section,
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  ...extra,
});

describe('a manifest entry missing from its lockfile', () => {
  it('names the lockfile and the command that updates it, per package manager', () => {
    const cases: Array<[LockfileKind, string, string]> = [
      ['package-lock.json', 'dependencies', 'npm install'],
      ['npm-shrinkwrap.json', 'devDependencies', 'npm install'],
      ['yarn.lock', 'optionalDependencies', 'yarn install'],
      ['pnpm-lock.yaml', 'dependencies', 'pnpm install'],
      ['bun.lock', 'dependencies', 'bun install'],
      ['uv.lock', 'project.dependencies', 'uv lock'],
      ['uv.lock', 'dependency-groups.dev', 'uv lock'],
      ['poetry.lock', 'tool.poetry.group.dev.dependencies', 'poetry lock'],
      ['Pipfile.lock', 'dev-packages', 'pipenv lock'],
    ];
    for (const [kind, section, command] of cases) {
      assert.equal(missingFromLockfile(dep(section), lock(kind)), `${kind} has no entry for it, so it is older than this file: run \`${command}\` to update it; until then which version gets installed is not known`, `${kind} ${section}`);
    }
  });

  it('not where the lockfile need not hold it: exact pins, peers, overrides, markers, other tools\' sections, pylock.toml, no lockfile', () => {
    assert.equal(missingFromLockfile(dep('dependencies', { kind: 'exact', specifier: '1.0.0', constraint: '1.0.0' }), lock('package-lock.json')), undefined);
    assert.equal(missingFromLockfile(dep('peerDependencies'), lock('yarn.lock')), undefined);
    assert.equal(missingFromLockfile(dep('overrides'), lock('package-lock.json')), undefined);
    assert.equal(missingFromLockfile(dep('project.dependencies', { markers: 'python_version < "3.8"' }), lock('uv.lock')), undefined);
    assert.equal(missingFromLockfile(dep('tool.pdm.dev-dependencies.test'), lock('uv.lock')), undefined);
    assert.equal(missingFromLockfile(dep('tool.poetry.dependencies'), lock('uv.lock')), undefined);
    assert.equal(missingFromLockfile(dep('project.dependencies'), lock('pylock.toml')), undefined);
    assert.equal(missingFromLockfile(dep('dependencies'), undefined), undefined);
  });
});
