/**
 * A manifest entry its lockfile does not hold (docs/formats/tree.md, "When the lockfile lacks an
 * entry"). The lockfile is what gets installed: `npm ci`, `yarn install --immutable`, `pnpm install
 * --frozen-lockfile`, `bun install --frozen-lockfile`, `uv sync --locked`, `poetry install` and
 * `pipenv sync` refuse or ignore a manifest entry their lockfile lacks, so no version of it can be
 * said to be installed until the lockfile is written again. Checking the registry's pick instead
 * would show a verdict for a version nobody installed: the entry is `unresolved`, saying which
 * lockfile is out of date and the command that updates it.
 *
 * Only where the lockfile must hold the entry: not peer dependencies or overrides (installed only
 * through other packages), not PEP 508 entries with markers (uv and Poetry leave out what can never
 * match the project's Python), not sections the lockfile's tool does not read (pdm groups beside a
 * uv.lock), not pylock.toml (written for one set of groups and extras).
 */
import type { Dependency, LockfileKind, ParsedLockfile } from '../model';

const UPDATE: Partial<Record<LockfileKind, { command: string; sections: (section: string) => boolean }>> = {
  'package-lock.json': { command: 'npm install', sections: npmSection },
  'npm-shrinkwrap.json': { command: 'npm install', sections: npmSection },
  'yarn.lock': { command: 'yarn install', sections: npmSection },
  'pnpm-lock.yaml': { command: 'pnpm install', sections: npmSection },
  'bun.lock': { command: 'bun install', sections: npmSection },
  'uv.lock': { command: 'uv lock', sections: (s) => s === 'project.dependencies' || s.startsWith('project.optional-dependencies.') || s.startsWith('dependency-groups.') || s === 'tool.uv.dev-dependencies' },
  'poetry.lock': { command: 'poetry lock', sections: (s) => s.startsWith('tool.poetry.') || s === 'project.dependencies' || s.startsWith('project.optional-dependencies.') },
  'Pipfile.lock': { command: 'pipenv lock', sections: (s) => s === 'packages' || s === 'dev-packages' },
};

function npmSection(section: string): boolean {
  return section === 'dependencies' || section === 'devDependencies' || section === 'optionalDependencies';
}

/**
 * Why this registry range is not pinned although a lockfile pins its manifest, or undefined when the
 * lockfile need not hold it. Call only when the lockfile has no entry for it.
 */
export function missingFromLockfile(dep: Dependency, lockfile: ParsedLockfile | undefined): string | undefined {
  if (!lockfile || dep.kind === 'exact' || dep.markers !== undefined) return undefined;
  const rule = UPDATE[lockfile.kind];
  if (!rule || !rule.sections(dep.section)) return undefined;
  return `${lockfile.kind} has no entry for it, so it is older than this file: run \`${rule.command}\` to update it; until then which version gets installed is not known`;
}
