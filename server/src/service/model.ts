/**
 * The plain data that flows through the pipeline:
 * manifest text → ParsedManifest → ResolvedDependency → TrustFacts → Finding → LSP / report.
 * Every stage takes and returns these types; nothing here knows about I/O.
 */
import type { Range } from 'vscode-languageserver-types';
import type { DependencyTree } from './tree/types';

export type { Range, Position } from 'vscode-languageserver-types';

export type Registry = 'npm' | 'pypi';

/** Keys of the one table of formats (shared/src/formats.ts). */
import type { LockfileKind, ManifestKind } from '../../../shared/src/formats';

export type { LockfileKind, ManifestKind };

/**
 * What kind of thing the specifier names. Only `range`, `exact` and `tag` can be checked against SIGMA;
 * every other kind is reported as skipped with `skipReason`.
 */
export type SpecifierKind =
  | 'exact' // one exact version (npm `1.2.3`, pip `==1.2.3` / `===1.2.3`)
  | 'range' // a version range to resolve (npm semver range, PEP 440 specifier set; empty = any)
  | 'tag' // an npm dist-tag such as `latest`
  | 'git'
  | 'url'
  | 'path'
  | 'workspace'
  | 'catalog'
  | 'invalid';

export interface Dependency {
  registry: Registry;
  /** The name exactly as written in the manifest (for an npm alias, the alias key). */
  name: string;
  /**
   * The name of the package to check: npm names as published (the alias target for `npm:` aliases),
   * PyPI names PEP 503 normalised.
   */
  normalizedName: string;
  /** The specifier exactly as written (`^1.2.0`, `>=3.0,<4`, `npm:lodash@^4`, `{ version = "^1.0" }`). */
  specifier: string;
  kind: SpecifierKind;
  /**
   * The version constraint to resolve, in the registry's own language: a node-semver range or dist-tag
   * for npm (alias prefix removed), a PEP 440 specifier set for PyPI (Poetry `^`/`~`/wildcards already
   * translated). For `exact`, the version itself. Empty string means "any version".
   */
  constraint: string;
  /** Where it was declared: names from docs/ci.md, "JSON report" (`dependencies`, `project.dependencies`, …). */
  section: string;
  /** The entry's range per docs/language-server.md, taken from the raw source text. */
  range: Range;
  extras?: string[];
  markers?: string;
  /** Lower-case hex sha256 digests pinned next to the requirement (`--hash=sha256:…`). */
  hashes?: string[];
  /** Why this dependency is not checked against the registry (git, path, URL, workspace, catalog, …). */
  skipReason?: string;
  /** A private index URL that applies to this requirement (requirements `--index-url`, Poetry `source`), as written. */
  indexUrl?: string;
  /**
   * requirements files: `indexUrl` holds `${VAR}` references that pip would expand. The HTTP layer fills
   * them in, and only for a host in `sigma.allowedIndexHosts` (docs/security.md).
   */
  indexUrlExpandsEnv?: boolean;
  /**
   * The version needs these environment variables (`pkg==${VERSION}`): it is reported `unresolved`,
   * naming them, and never checked with a value read from the environment (docs/security.md).
   */
  envVariables?: string[];
  /** True for requirements that come from a constraints file (`-c`) rather than a requirement. */
  constraintOnly?: boolean;
}

export interface ParseProblem {
  message: string;
  range: Range;
  /** 'error' for text that could not be read; 'warning' for readable but suspicious input. */
  severity: 'error' | 'warning';
}

/** A `-r` / `-c` reference from a requirements file; the included file is parsed as its own document. */
export interface IncludeReference {
  kind: 'requirement' | 'constraint';
  /** As written, relative to the including file's folder (a path that needs `${VAR}` is not listed). */
  path: string;
  range: Range;
}

export interface ParsedManifest {
  kind: ManifestKind;
  dependencies: Dependency[];
  errors: ParseProblem[];
  /** requirements files only: the `-r`/`-c` files it references. */
  includes?: IncludeReference[];
  /** requirements files only: `--index-url` (first) and `--extra-index-url` values, in order. */
  indexUrls?: string[];
  /** requirements files only: `--pre` was given (pre-releases allowed for every requirement). */
  allowPrereleases?: boolean;
}

/** One exact version pinned by a lockfile. */
export interface LockedPackage {
  registry: Registry;
  /** npm: name as published; PyPI: PEP 503 normalised. */
  name: string;
  version: string;
  /** Lower-case hex sha256 digests of the distribution files the lockfile records (PyPI lockfiles). */
  hashes: string[];
  /** npm `integrity` (SRI string, e.g. `sha512-…`). */
  integrity?: string;
  /** npm `resolved` tarball URL. */
  resolved?: string;
  /** The entry's key or header in the lockfile (set by the parsers that build a tree first). */
  range?: Range;
}

export interface ParsedLockfile {
  kind: LockfileKind;
  /**
   * Direct-dependency pins by normalised name. For npm lockfiles only the root-level entries
   * (`node_modules/<name>` directly under the root, or under a workspace member) are included,
   * because those are the versions the manifest's own dependencies get. From the parsers that build
   * the tree first (yarn, pnpm, bun: tree/pins.ts; Pipfile.lock: python/pipfileLock.ts) and from
   * package-lock.json v2/v3 (parse/npm/npmLockPinIndex.ts) it is a Map
   * whose pins are made when asked: `get` and `has` make only the pin asked for, anything else (size,
   * iteration) makes them all (tree/lookupMap.ts). Either way each pin is a plain object of its own.
   */
  packages: Map<string, LockedPackage>;
  /**
   * Every locked version of a name that the lockfile holds more than once (Poetry entries with
   * different markers, uv forks), in lockfile order; `packages` keeps the first. A manifest entry
   * with several constraints is pinned to the one satisfying its own constraint (resolve/lockPin.ts).
   */
  variants?: Map<string, LockedPackage[]>;
  /**
   * Manifest keys the lockfile installs as a link to a local folder (npm `link: true`: workspace
   * members, `file:` folders), with the folder. These are `skipped` and never looked up anywhere: a
   * private package's name must not reach a public registry.
   */
  links?: Map<string, string>;
  errors: ParseProblem[];
  /** The whole installed tree, from the parsers that read it in the same pass (yarn, pnpm, bun, Pipfile.lock). */
  tree?: DependencyTree;
}

export type ResolvedFrom = 'exact' | 'lockfile' | 'registry';

/**
 * Why a lookup gave no answer. Carried as data so a report can tell "could not be checked" from
 * "the user chose not to check" without reading messages (README.md, CLI reference: exit code 3).
 */
export type LookupFailure = 'network' | 'failed' | 'offline-miss' | 'cancelled' | 'refused';

/**
 * Why no exact version was determined. Only `ranges-off` (the user's own `sigma.resolveRanges: false`
 * / `--no-resolve-ranges`) leaves a check complete; every other cause makes it incomplete.
 */
export type UnresolvedCause = LookupFailure | 'ranges-off' | 'no-match' | 'not-found' | 'not-registry' | 'invalid' | 'unset-variable' | 'not-in-lockfile';

export interface Resolution {
  /** The exact version the user gets, or null when it could not be determined. */
  version: string | null;
  resolvedFrom: ResolvedFrom | null;
  /** Why `version` is null (shown in the `unresolved` diagnostic). */
  reason?: string;
  /** Why `version` is null, as data (absent = unknown, which counts as incomplete). */
  cause?: UnresolvedCause;
  /** Hashes the lockfile or the manifest pins for this version (for the integrity check). */
  hashes: string[];
  /** npm lockfile integrity/resolved, for the on-demand tarball check. */
  integrity?: string;
  tarballUrl?: string;
  /** True when the version could not be determined because the network failed (reported once per document). */
  networkFailure?: boolean;
  /** Served from cache past its freshness because the network failed. */
  stale?: boolean;
  /** Epoch ms when the version list this was picked from was fetched (registry picks only): its age counts too (dataAge.ts). */
  fetchedAt?: number;
  /**
   * The lookup was stopped by its caller (a newer edit): not an answer. It is never reused or
   * cached, so the next check asks again (docs/architecture.md, "Scheduling in the server").
   */
  cancelled?: boolean;
}

export type Severity = 'low' | 'moderate' | 'high' | 'critical' | 'unknown';

/** An advisory row in the project's normalised shape (docs/registry-api.md §3). */
export interface Advisory {
  id: string;
  aliases: string[];
  source: 'npm' | 'pypi' | 'sigma';
  severity: Severity;
  title: string;
  url?: string;
  vulnerableVersions?: string;
  fixedIn?: string[];
  withdrawn?: boolean;
}

export type Verdict = 'approved' | 'conditional' | 'rejected';

/** A certificate read tolerantly (docs/registry-api.md §1, §2). Raw strings kept verbatim for display. */
export interface Certificate {
  registrySource: Registry;
  packageName: string;
  packageVersion: string;
  verdict: Verdict;
  /** councilVerdict as received (shown verbatim for unknown values). */
  councilVerdict: string;
  securityLevel?: string;
  retainedWarnings: string[];
  analysisType?: string;
  certifiedAt?: string;
  certificateId?: string;
  distributionSha256?: string;
  verifyUrl?: string;
  registryAdvisoryCount?: number;
  registryAdvisoryHighestSeverity?: string;
  registryAdvisorySummary?: string;
  /** null when the certificate has no advisory snapshot (missing or null `registryAdvisories`). */
  registryAdvisories: Advisory[] | null;
  /** From the verify payload. */
  fileSetHash?: string;
  councilRoundId?: string;
  /** Unknown scalar fields of the verify payload, shown in the hover's details section. */
  details?: Record<string, string>;
}

export type TrustStatus = 'approved' | 'conditional' | 'rejected' | 'uncertified' | 'error' | 'unresolved' | 'skipped';

export type Freshness = 'live' | 'cached' | 'stale';

/** Everything known about one exact version. */
export interface TrustFacts {
  status: 'approved' | 'conditional' | 'rejected' | 'uncertified' | 'error';
  certificate: Certificate | null;
  /** The certificate exactly as received (for the JSON report), or null. */
  rawCertificate: unknown;
  advisories: Advisory[];
  /** Where `advisories` came from: SIGMA's snapshot, the verify payload, or the registries directly. */
  advisorySource: 'sigma' | 'verify' | 'registry' | null;
  freshness: Freshness;
  /** Epoch ms when the data was fetched. */
  fetchedAt: number;
  /** For status `error`: what went wrong, plainly. */
  error?: string;
  /** True when the failure was the network as a whole (reported once per document). */
  networkFailure?: boolean;
  /** For status `error`: why SIGMA's answer is missing, as data. */
  failure?: LookupFailure;
  /**
   * Set when the lookup that carries this version's advisory rows (verify payload, registry
   * advisories) failed and no cached copy stands in: "no advisories" is then unknown, not clean.
   */
  advisoriesUnknown?: LookupFailure;
  /** Hashes PyPI lists for this version's files (from the JSON API), when fetched. */
  registryHashes?: string[];
  /**
   * SIGMA counted more registry advisories (`registryAdvisoryCount`) than the rows it sent, even after
   * the verify payload: how many have no row, and SIGMA's highest severity. Never "no advisories".
   */
  advisoriesWithoutRows?: { count: number; highestSeverity: Severity };
}

export type DiagnosticCode =
  | 'rejected'
  | 'conditional'
  | 'security-level'
  | 'retained-warning'
  | 'advisory'
  | 'integrity-mismatch'
  | 'partial-analysis'
  | 'uncertified'
  | 'unresolved'
  | 'skipped'
  | 'lookup-failed'
  | 'registry-unavailable'
  | 'lockfile-unreadable';

export type FindingSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface Finding {
  code: DiagnosticCode;
  severity: FindingSeverity;
  message: string;
  /** codeDescription.href: the certificate's verify URL or the advisory link. */
  href?: string;
  /** For `advisory` findings: the advisory's id, part of a finding's identity in CLI baselines and SARIF fingerprints. */
  advisoryId?: string;
}

/** One dependency after the whole pipeline. */
export interface CheckedDependency {
  dependency: Dependency;
  resolution: Resolution;
  status: TrustStatus;
  facts: TrustFacts | null;
  findings: Finding[];
  /** Set when a `sigma.ignore` entry matches: active entries hide the findings, expired ones say so. */
  suppression?: { state: 'active' | 'expired'; reason: string; until?: string };
  /** True while the dependency's check is still running (no findings are shown for it yet). */
  pending?: boolean;
}
