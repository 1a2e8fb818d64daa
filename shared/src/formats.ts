/**
 * The one table of the files SIGMA reads, keyed by manifest kind (docs/architecture.md, "Adding a
 * format"). Everything that names a file is derived from it: kind detection, the lockfiles that pin
 * a manifest, the server's watched-file glob, the client's document selector, the CLI's help and
 * package.json's activation events (test/unit/formats.test.ts compares them). The parser for each
 * kind sits in its ecosystem's folder under server/src/service/parse/, keyed by the same kinds, so
 * the compiler refuses a row without a parser.
 *
 * Globs name a file by its last one or two path segments (`requirements/*.txt`) and are matched
 * under any folder; `*` never crosses a `/`.
 */

export interface LockfileFormat {
  /** File-name globs; a glob with `*` is found by listing the folder (sorted), others are probed. */
  readonly globs: readonly string[];
}

export interface ManifestFormat {
  /** VS Code language ids these files usually open with (activation events). */
  readonly languageIds: readonly string[];
  /** Globs of the files of this kind. */
  readonly globs: readonly string[];
  /** Globs that match a file of this kind but must not activate the extension on their own. */
  readonly quietGlobs?: readonly string[];
  /** File names a glob matches that are not of this kind (setuptools' MANIFEST.in). */
  readonly exclude?: readonly string[];
  /** Match names ignoring case (pip's requirements files are often `Requirements.txt`). */
  readonly ignoreCase?: boolean;
  /** Lockfiles that may pin this manifest, in order of preference. */
  readonly lockfiles: readonly LockfileKind[];
}

export const LOCKFILE_FORMATS = {
  'npm-shrinkwrap.json': { globs: ['npm-shrinkwrap.json'] },
  'package-lock.json': { globs: ['package-lock.json'] },
  'yarn.lock': { globs: ['yarn.lock'] },
  'pnpm-lock.yaml': { globs: ['pnpm-lock.yaml'] },
  'bun.lock': { globs: ['bun.lock'] },
  // bun's binary lockfile: never read, reported as unreadable with the command that writes bun.lock.
  'bun.lockb': { globs: ['bun.lockb'] },
  'uv.lock': { globs: ['uv.lock'] },
  'poetry.lock': { globs: ['poetry.lock'] },
  // PEP 751: pylock.toml or pylock.<name>.toml.
  'pylock.toml': { globs: ['pylock.toml', 'pylock.*.toml'] },
  'Pipfile.lock': { globs: ['Pipfile.lock'] },
} as const satisfies Record<string, LockfileFormat>;

export type LockfileKind = keyof typeof LOCKFILE_FORMATS;

/**
 * Files that are neither manifests nor lockfiles but change what a lockfile's manifests get, each
 * with the lockfile kind it goes with: pnpm-workspace.yaml holds the catalogs that `catalog:` entries
 * take their ranges from (docs/formats/pnpm.md). They are watched like lockfiles: a change re-checks
 * the manifests in their folder and below.
 */
export const LOCKFILE_COMPANIONS = {
  'pnpm-workspace.yaml': { globs: ['pnpm-workspace.yaml'], lockfile: 'pnpm-lock.yaml' },
} as const satisfies Record<string, LockfileFormat & { lockfile: LockfileKind }>;

export const MANIFEST_FORMATS = {
  'package.json': {
    languageIds: ['json', 'jsonc'],
    globs: ['package.json'],
    // npm-shrinkwrap.json wins over package-lock.json when both exist, as in npm itself. Between
    // package managers, `packageManager` or else the newest file decides (lockfileChoice.ts).
    lockfiles: ['npm-shrinkwrap.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'],
  },
  'requirements.txt': {
    languageIds: ['pip-requirements'],
    globs: ['requirements*.txt', 'requirements/*.txt', 'constraints*.txt', '*.in'],
    // Any `.in` file would wake the extension in projects that have none of our files.
    quietGlobs: ['*.in'],
    exclude: ['manifest.in'],
    ignoreCase: true,
    // Requirements files pin themselves.
    lockfiles: [],
  },
  'pyproject.toml': {
    languageIds: ['toml'],
    globs: ['pyproject.toml'],
    lockfiles: ['uv.lock', 'poetry.lock', 'pylock.toml'],
  },
  Pipfile: {
    // VS Code has no Pipfile language of its own; TOML extensions open it as `toml`.
    languageIds: ['toml'],
    globs: ['Pipfile'],
    lockfiles: ['Pipfile.lock'],
  },
} as const satisfies Record<string, ManifestFormat>;

export type ManifestKind = keyof typeof MANIFEST_FORMATS;

export const MANIFEST_KINDS = Object.keys(MANIFEST_FORMATS) as ManifestKind[];
export const LOCKFILE_KINDS = Object.keys(LOCKFILE_FORMATS) as LockfileKind[];

function manifestFormat(kind: ManifestKind): ManifestFormat {
  return MANIFEST_FORMATS[kind];
}

function lockfileFormat(kind: LockfileKind): LockfileFormat {
  return LOCKFILE_FORMATS[kind];
}

/** A regex matching a path whose last segments match `glob`. */
export function globToRegExp(glob: string, ignoreCase = false): RegExp {
  const body = glob
    .split('/')
    .map((segment) => segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/\\\\]*'))
    .join('[/\\\\]');
  return new RegExp(`(?:^|[/\\\\])${body}$`, ignoreCase ? 'i' : '');
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

const manifestMatchers = MANIFEST_KINDS.map((kind) => {
  const format = manifestFormat(kind);
  const patterns = format.globs.map((g) => globToRegExp(g, format.ignoreCase));
  const exclude = new Set((format.exclude ?? []).map((n) => n.toLowerCase()));
  return { kind, test: (path: string) => !exclude.has(baseName(path).toLowerCase()) && patterns.some((p) => p.test(path)) };
});

const lockfileMatchers = LOCKFILE_KINDS.map((kind) => {
  const patterns = lockfileFormat(kind).globs.map((g) => globToRegExp(g));
  return { kind, test: (path: string) => patterns.some((p) => p.test(path)) };
});

const companionPatterns = Object.values(LOCKFILE_COMPANIONS).flatMap((c) => c.globs.map((g) => globToRegExp(g)));

/** Whether a file is a lockfile's companion (pnpm-workspace.yaml), from its path. */
export function isLockfileCompanion(path: string): boolean {
  return companionPatterns.some((p) => p.test(path));
}

/** The manifest kind of a file, from its path (posix or Windows separators). */
export function detectManifestKind(path: string): ManifestKind | undefined {
  return manifestMatchers.find((m) => m.test(path))?.kind;
}

export function detectLockfileKind(path: string): LockfileKind | undefined {
  return lockfileMatchers.find((m) => m.test(path))?.kind;
}

/** Lockfile kinds that may pin a manifest of this kind, in order of preference. */
export function lockfilesFor(kind: ManifestKind): readonly LockfileKind[] {
  return manifestFormat(kind).lockfiles;
}

/** File-name globs of one lockfile kind. */
export function lockfileGlobs(kind: LockfileKind): readonly string[] {
  return lockfileFormat(kind).globs;
}

/** Globs (under any folder) of every manifest, lockfile and lockfile companion, for file watchers. */
export function watchedFileGlob(): string {
  const companions = Object.values(LOCKFILE_COMPANIONS).flatMap((c): readonly string[] => c.globs);
  const names = [...MANIFEST_KINDS.flatMap((k) => manifestFormat(k).globs), ...LOCKFILE_KINDS.flatMap((k) => lockfileFormat(k).globs), ...companions];
  return `**/{${[...new Set(names)].join(',')}}`;
}

/** Glob patterns of the documents the client hands to the server. */
export function documentPatterns(): string[] {
  return MANIFEST_KINDS.flatMap((k) => manifestFormat(k).globs.map((g) => `**/${g}`));
}

/** package.json `activationEvents` that concern files (the extension adds its own webview events). */
export function fileActivationEvents(): string[] {
  const languages = [...new Set(MANIFEST_KINDS.flatMap((k) => manifestFormat(k).languageIds))].map((id) => `onLanguage:${id}`);
  const roots = MANIFEST_KINDS.map((k) => `workspaceContains:${k}`);
  const anywhere = MANIFEST_KINDS.flatMap((k) => {
    const format = manifestFormat(k);
    return format.globs.filter((g) => !(format.quietGlobs ?? []).includes(g)).map((g) => `workspaceContains:**/${g}`);
  });
  return [...languages, ...roots, ...anywhere];
}

/** One line per manifest kind for help texts: its globs and the lockfiles read beside it. */
export function formatHelpLines(): string[] {
  return MANIFEST_KINDS.map((k) => {
    const format = manifestFormat(k);
    const locks = format.lockfiles.flatMap((l) => lockfileFormat(l).globs);
    return `${format.globs.join(', ')}${locks.length ? ` (pinned by ${locks.join(', ')})` : ''}`;
  });
}
