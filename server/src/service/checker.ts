/**
 * The pipeline for one manifest: parsed dependencies → exact versions → trust facts → findings.
 * Results of an earlier check of the same document are reused for every dependency whose identity
 * did not change, so an edit re-checks only what changed and an edit that changes no dependency
 * needs no network at all.
 */
import type { SigmaSettings } from './settings';
import type { CheckedDependency, Dependency, Finding, ParsedLockfile, ParsedManifest, Resolution, TrustFacts } from './model';
import type { Clock } from './ports';
import { computeFindings, describeVersion, statusOf } from './stages/findings';
import { applySuppression, matchSuppression } from './stages/suppressions';
import { trustKey, type TrustItem, type TrustSettings } from './trustTypes';
import { trustSettingsOf } from './settings';
import { lockedEntry, lockedLink } from './resolve/lockPin';
import { agedOut, fetchedAtOf, nextAgeOut } from './dataAge';

export interface ResolverLike {
  resolve(
    dep: Dependency,
    ctx: {
      lockfile?: ParsedLockfile;
      settings: { resolveRanges: boolean; npmRegistryUrl: string; pypiUrl: string };
      allowPrereleases?: boolean;
      signal?: AbortSignal;
      offline?: boolean;
    },
  ): Promise<Resolution>;
}

export interface TrustServiceLike {
  checkVersions(
    items: TrustItem[],
    settings: TrustSettings,
    opts: { signal?: AbortSignal; onResult?: (key: string, facts: TrustFacts) => void; offline?: boolean; advisoryPrefetch?: () => readonly TrustItem[] | undefined },
  ): Promise<Map<string, TrustFacts>>;
}


interface Outcome {
  resolution: Resolution;
  facts: TrustFacts | null;
  /**
   * Findings already computed from this outcome, by what else they depend on (see findingsOf). An
   * edit reuses every unchanged outcome, and recomputing 1,000 findings per keystroke was a large
   * part of an edit's cost (bench/, edit_p95).
   */
  findings?: Map<string, Finding[]>;
}

/** The findings of one outcome for one dependency; computed once per display name, specifier and severity setting. */
function findingsOf(dependency: Dependency, outcome: Outcome, settings: SigmaSettings): Finding[] {
  const key = `${settings.uncertifiedSeverity}|${dependency.name}|${dependency.specifier}`;
  outcome.findings ??= new Map();
  let findings = outcome.findings.get(key);
  if (!findings) {
    findings = computeFindings(dependency, outcome.resolution, outcome.facts, { settings });
    outcome.findings.set(key, findings);
  }
  return findings;
}

export interface ManifestCheck {
  uri: string;
  parsed: ParsedManifest;
  dependencies: CheckedDependency[];
  /** False until every dependency has its final result. */
  complete: boolean;
  /** Dependencies shown with an answer that has aged out while it is asked again (not pending). */
  refreshing?: number;
  /** Set once when the network as a whole failed for this document: what is shown instead. */
  networkProblem?: string;
  /** The lockfile that should pin this manifest could not be read: why (the `lockfile-unreadable` diagnostic). */
  lockfileProblem?: string;
  /** Results by dependency identity, for reuse by the next check of the same document. */
  outcomes: Map<string, Outcome>;
}

export interface CheckRequest {
  uri: string;
  parsed: ParsedManifest;
  lockfile?: ParsedLockfile;
  /** Why the lockfile that should pin this manifest could not be read (lockfileHealth.ts). */
  lockfileProblem?: string;
  settings: SigmaSettings;
  offline?: boolean;
  signal?: AbortSignal;
  previous?: ManifestCheck;
  /** Called whenever some dependencies got their results (the caller batches publishing). */
  onUpdate?: () => void;
  /**
   * Fill in only what is known without the network (reused and local results); the caller starts a
   * full check later. Used while the user is typing.
   */
  deferNetwork?: boolean;
  /**
   * The tree packages that will be checked after this manifest (docs/tree.md): the npm bulk POST this
   * check sends, if it sends one, asks their advisories too, so the whole check stays one POST.
   */
  advisoryPrefetch?: () => readonly TrustItem[] | undefined;
}

export interface CheckerDeps {
  resolver: ResolverLike;
  trust: TrustServiceLike;
  clock: Clock;
}

function lockEntryVersion(dep: Dependency, lockfile: ParsedLockfile | undefined): string {
  const entry = lockedEntry(dep, lockfile);
  return entry ? `${entry.name}@${entry.version}` : '';
}

/**
 * A dependency the lockfile installs as a link to a local folder (an npm workspace member) is not a
 * registry dependency, whatever its specifier says: it is skipped and its name is never looked up
 * anywhere, since a private package's name must not reach a public registry (docs/security.md).
 */
function withLockfileLink(dep: Dependency, lockfile: ParsedLockfile | undefined): Dependency {
  if (dep.skipReason !== undefined) return dep;
  const folder = lockedLink(dep, lockfile);
  if (folder === undefined) return dep;
  const where = folder === '' ? 'a local folder' : `the local folder ${folder}`;
  return { ...dep, kind: 'workspace', skipReason: `${lockfile?.kind ?? 'the lockfile'} links it to ${where} (a workspace member), so it is not installed from a registry and is not looked up` };
}

/**
 * What the whole manifest says about how every one of its dependencies resolves: requirements
 * `--pre` and the index URLs. A change here changes every dependency's result, even on lines that
 * did not change (adding `--pre` kept the old picks until each line was edited).
 */
export function manifestResolutionKey(parsed: ParsedManifest): string {
  return [parsed.allowPrereleases === true ? 'pre' : '', ...(parsed.indexUrls ?? [])].join(' ');
}

/** Everything that decides a dependency's result; equal keys give equal results. */
export function dependencyKey(dep: Dependency, lockfile: ParsedLockfile | undefined, manifestKey = ''): string {
  return [dep.registry, dep.normalizedName, dep.kind, dep.constraint, dep.skipReason ?? '', (dep.hashes ?? []).join(','), dep.indexUrl ?? '', lockEntryVersion(dep, lockfile), manifestKey].join('|');
}

function isRegistryDependency(dep: Dependency): boolean {
  return dep.skipReason === undefined && (dep.kind === 'exact' || dep.kind === 'range' || dep.kind === 'tag');
}

function timeOfDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

export function createChecker(deps: CheckerDeps) {
  /** Each entry's reuse key, and the settings its check ran with, for applyNewerFacts. */
  const keys = new WeakMap<CheckedDependency, string>();
  const settingsOf = new WeakMap<ManifestCheck, SigmaSettings>();
  /** The parsed lockfile each check ran with (none: undefined), so an unchanged one is known by identity. */
  const lockfileOf = new WeakMap<ManifestCheck, ParsedLockfile | undefined>();

  /**
   * Whether `req` would give exactly `previous` again: the same parse object (an edit the parser did
   * not need to read: parse/manifestReader.ts), the same parsed lockfile and settings objects, and
   * every dependency finished from a kept outcome that has not aged out. Rebuilding the check of a
   * 1,000-entry manifest for such an edit was a third of its cost (docs/benchmarks.md, "Where an
   * edit's time went"). A failed or cancelled lookup is never kept as an outcome, so a check that
   * holds one is built again and asks again, as before.
   */
  function unchanged(req: CheckRequest, previous: ManifestCheck, now: number): boolean {
    if (!previous.complete || previous.parsed !== req.parsed || previous.uri !== req.uri) return false;
    if (settingsOf.get(previous) !== req.settings || lockfileOf.get(previous) !== req.lockfile || previous.lockfileProblem !== req.lockfileProblem) return false;
    if (previous.refreshing !== undefined || previous.outcomes.size === 0) return false;
    for (const entry of previous.dependencies) {
      const key = keys.get(entry);
      if (entry.pending || key === undefined || !previous.outcomes.has(key)) return false;
    }
    const ageOut = nextAgeOut(previous.outcomes.values(), req.settings.cacheTtlMinutes * 60_000);
    return ageOut === undefined || ageOut > now;
  }

  function finish(entry: CheckedDependency, outcome: Outcome, settings: SigmaSettings): void {
    const { dependency } = entry;
    entry.resolution = outcome.resolution;
    entry.facts = outcome.facts;
    entry.status = statusOf(dependency, outcome.resolution, outcome.facts);
    entry.pending = false;
    const findings = findingsOf(dependency, outcome, settings);
    const shown = applySuppression(findings, matchSuppression(settings.ignore, dependency, outcome.resolution.version, deps.clock.now()));
    entry.suppression = shown.suppression;
    entry.findings = shown.findings;
  }

  function describeNetworkProblem(check: ManifestCheck): string | undefined {
    let stale = 0;
    let unknown = 0;
    let oldest = Infinity;
    for (const d of check.dependencies) {
      // A version picked from a cached version list counts too: the registry did not answer for it.
      if (d.facts?.freshness === 'stale' || d.resolution.stale === true) {
        stale++;
        if (d.facts?.freshness === 'stale') oldest = Math.min(oldest, d.facts.fetchedAt);
      } else if (d.facts?.networkFailure || d.resolution.networkFailure) {
        unknown++;
      }
    }
    if (stale === 0 && unknown === 0) return undefined;
    const parts: string[] = [];
    if (stale > 0) parts.push(`showing cached results${oldest < Infinity ? ` from ${timeOfDay(oldest)}` : ''} for ${stale} ${stale === 1 ? 'dependency' : 'dependencies'}`);
    if (unknown > 0) parts.push(`status unknown for ${unknown} ${unknown === 1 ? 'dependency' : 'dependencies'}`);
    return `registry unreachable — ${parts.join('; ')}`;
  }

  /**
   * Starts a check. `initial` is ready at once (reused and local results filled in, the rest pending);
   * `done` settles when every dependency has its final result.
   */
  function start(req: CheckRequest): { initial: ManifestCheck; done: Promise<ManifestCheck> } {
    const now = deps.clock.now();
    const { previous } = req;
    if (previous && unchanged(req, previous, now)) return { initial: previous, done: Promise.resolve(previous) };
    const check: ManifestCheck = { uri: req.uri, parsed: req.parsed, dependencies: [], complete: false, outcomes: new Map() };
    if (req.lockfileProblem !== undefined) check.lockfileProblem = req.lockfileProblem;
    const toResolve = new Map<string, CheckedDependency[]>();
    const manifestKey = manifestResolutionKey(req.parsed);
    const ttlMs = req.settings.cacheTtlMinutes * 60_000;
    settingsOf.set(check, req.settings);
    lockfileOf.set(check, req.lockfile);
    for (const declared of req.parsed.dependencies) {
      const dependency = withLockfileLink(declared, req.lockfile);
      const key = dependencyKey(dependency, req.lockfile, manifestKey);
      const entry: CheckedDependency = { dependency, resolution: { version: null, resolvedFrom: null, hashes: [] }, status: 'unresolved', facts: null, findings: [], pending: true };
      check.dependencies.push(entry);
      keys.set(entry, key);
      const reused = req.previous?.outcomes.get(key);
      if (reused && agedOut(fetchedAtOf(reused.resolution, reused.facts), now, ttlMs)) {
        // Aged out (sigma.cacheTtlMinutes): shown until the new answer arrives, but asked again.
        finish(entry, reused, req.settings);
        check.refreshing = (check.refreshing ?? 0) + 1;
        const list = toResolve.get(key);
        if (list) list.push(entry);
        else toResolve.set(key, [entry]);
      } else if (reused) {
        check.outcomes.set(key, reused);
        finish(entry, reused, req.settings);
      } else if (!isRegistryDependency(dependency)) {
        const cause = dependency.kind === 'invalid' && dependency.skipReason === undefined ? 'invalid' : 'not-registry';
        const outcome: Outcome = { resolution: { version: null, resolvedFrom: null, hashes: [], reason: dependency.skipReason, cause }, facts: null };
        check.outcomes.set(key, outcome);
        finish(entry, outcome, req.settings);
      } else {
        const list = toResolve.get(key);
        if (list) list.push(entry);
        else toResolve.set(key, [entry]);
      }
    }
    check.networkProblem = describeNetworkProblem(check);
    if (req.deferNetwork && toResolve.size > 0) return { initial: check, done: Promise.resolve(check) };
    const done = runPending(req, check, toResolve).then(() => {
      check.complete = true;
      check.networkProblem = describeNetworkProblem(check);
      return check;
    });
    return { initial: check, done };
  }

  async function runPending(req: CheckRequest, check: ManifestCheck, toResolve: Map<string, CheckedDependency[]>): Promise<void> {
    if (toResolve.size === 0) return;
    const { settings } = req;
    const resolutions = new Map<string, Resolution>();
    await Promise.all(
      [...toResolve].map(async ([key, entries]) => {
        const resolution = await deps.resolver.resolve(entries[0].dependency, {
          lockfile: req.lockfile,
          settings,
          allowPrereleases: req.parsed.allowPrereleases,
          signal: req.signal,
          offline: req.offline,
        });
        resolutions.set(key, resolution);
        if (resolution.version === null) {
          const outcome: Outcome = { resolution, facts: null };
          // A version unknown because the network failed, or because a newer edit cancelled the
          // lookup, must not be remembered as a final answer: the next check asks again.
          if (!resolution.networkFailure && !resolution.cancelled) check.outcomes.set(key, outcome);
          for (const entry of entries) finish(entry, outcome, settings);
          req.onUpdate?.();
        }
      }),
    );
    if (req.signal?.aborted) return;
    // Every distinct exact version is asked once, in one batch, so the npm advisory fallback is one POST.
    const byItem = new Map<string, string[]>();
    const items: TrustItem[] = [];
    for (const [key, resolution] of resolutions) {
      if (resolution.version === null) continue;
      const dep = toResolve.get(key)![0].dependency;
      const item: TrustItem = { registry: dep.registry, name: dep.normalizedName, version: resolution.version };
      const itemKey = trustKey(item);
      const keys = byItem.get(itemKey);
      if (keys) keys.push(key);
      else {
        byItem.set(itemKey, [key]);
        items.push(item);
      }
    }
    if (items.length === 0) return;
    const apply = (itemKey: string, facts: TrustFacts): void => {
      for (const key of byItem.get(itemKey) ?? []) {
        const outcome: Outcome = { resolution: resolutions.get(key)!, facts };
        if (facts.status !== 'error' && facts.freshness !== 'stale') check.outcomes.set(key, outcome);
        for (const entry of toResolve.get(key) ?? []) finish(entry, outcome, settings);
      }
      req.onUpdate?.();
    };
    const seen = new Set<string>();
    const all = await deps.trust.checkVersions(
      items,
      trustSettingsOf(settings),
      {
        signal: req.signal,
        offline: req.offline,
        advisoryPrefetch: req.advisoryPrefetch,
        onResult: (itemKey, facts) => {
          seen.add(itemKey);
          apply(itemKey, facts);
        },
      },
    );
    for (const [itemKey, facts] of all) if (!seen.has(itemKey)) apply(itemKey, facts);
  }

  /**
   * Newer facts for one exact version, learnt outside a check (the hover's verify call): they replace
   * older ones in this check, so diagnostics, inlay hints and the summary show the newer verdict too.
   * True when something changed.
   */
  function applyNewerFacts(check: ManifestCheck, item: TrustItem, facts: TrustFacts): boolean {
    const settings = settingsOf.get(check);
    if (!settings) return false;
    let changed = false;
    for (const entry of check.dependencies) {
      const dep = entry.dependency;
      if (entry.pending || !entry.facts || dep.registry !== item.registry || dep.normalizedName !== item.name || entry.resolution.version !== item.version) continue;
      if (entry.facts.fetchedAt >= facts.fetchedAt) continue;
      const outcome: Outcome = { resolution: entry.resolution, facts };
      const key = keys.get(entry);
      if (key !== undefined && facts.status !== 'error' && facts.freshness !== 'stale') check.outcomes.set(key, outcome);
      finish(entry, outcome, settings);
      changed = true;
    }
    if (changed) check.networkProblem = describeNetworkProblem(check);
    return changed;
  }

  /** When the oldest answer this check reuses ages out (sigma.cacheTtlMinutes), or undefined. */
  function nextRecheckAt(check: ManifestCheck): number | undefined {
    const settings = settingsOf.get(check);
    return settings ? nextAgeOut(check.outcomes.values(), settings.cacheTtlMinutes * 60_000) : undefined;
  }

  return { start, applyNewerFacts, nextRecheckAt };
}

export type Checker = ReturnType<typeof createChecker>;
export { describeVersion };
