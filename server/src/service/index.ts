/**
 * The one entry point of the pure service (docs/architecture.md): `createSigmaService(runtime)` takes
 * the runtime's ports and offers everything the drivers need — prepare and check a manifest, and
 * the LSP-shaped answers (diagnostics, hover, inlay hints, code actions), verify, refresh, stats and
 * the workspace summary. The LSP server and the CLI build the Node runtime (server/src/node/runtime.ts)
 * and call this; unit tests pass fakes.
 */
import type { Diagnostic, Hover, InlayHint, Position, Range } from 'vscode-languageserver-types';
import type { CodeAction } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StatsResult, TreeChild, TreeChildrenParams, VerifyPackageParams, VerifyPackageResult, WorkspaceSummary } from '../../../shared/src/protocol';
import type { SigmaSettings } from './settings';
import { createChecker, type CheckRequest, type Checker, type ManifestCheck } from './checker';
import { codeActionsFor, type CodeActionAsk } from './features/codeActions';
import { toDiagnostics } from './features/diagnostics';
import { computeFindings, statusOf } from './stages/findings';
import { dependencyAt, hoverFor, renderCard } from './features/hover';
import { toInlayHints } from './features/inlayHints';
import { findPinTargets, type PinTargets } from './stages/pinTargets';
import { buildSummary, type SummarySource } from './features/summary';
import { createLockfileFinder, type LockfileHit } from './lockfiles';
import { relativeLockfileName, unreadableLockfile } from './lockfileHealth';
import { isConstraintsFile } from './manifestKind';
import type { CheckedDependency, Dependency, ManifestKind, ParsedManifest, Resolution, TrustFacts } from './model';
import { normalizePypiName } from './parse/python/pep503';
import { applyCatalogs } from './parse/npm/pnpmWorkspace';
import { createManifestReader } from './parse/manifestReader';
import type { CacheStore, Clock, FilePort, HttpPort, Logger } from './ports';
import { createResolver } from './resolve/resolver';
import { createVersionSource } from './resolve/versionSource';
import { checkNpmTarball, type TarballCheck } from './trust/tarballIntegrity';
import { createTrustService, type TrustService } from './trust/trustService';
import { normalizeSettings, trustSettingsOf } from './settings';
import type { TrustItem } from './trustTypes';
import { belowSuffix, broughtInMarkdown, transitiveDiagnostics } from './features/transitive';
import { treeChildren } from './features/treeView';
import { overrideActions } from './features/overrideAction';
import { checkDocumentTree, type DocumentTreeRequest, type TreeSource } from './tree/documentTree';
import { checkTrees, subtreeOf, treeTrustItems, type ManifestTree, type TreeCheckOptions, type TreePlan } from './tree/treeCheck';
import type { DependencyTree } from './tree/types';

/** What the service needs from the place it runs in. */
export interface SigmaRuntime {
  http: HttpPort;
  cache: CacheStore;
  clock: Clock;
  files: FilePort;
  logger?: Logger;
  /** Adapters whose limits are settings (the HTTP client's concurrency and timeout) follow the newest ones. */
  configure?(settings: SigmaSettings): void;
  /** Forgets every allowed destination but those of `settings` (after a configuration change; docs/security.md). */
  resetDestinations?(settings: SigmaSettings): void;
  /** Untrusted workspace: every request is refused with `reason` before any connection; undefined lifts it. */
  block?(reason: string | undefined): void;
  /** VS Code's proxy settings changed (sigma/proxySettings): the next request uses them. */
  setProxy?(proxy: { proxyUrl?: string; strictSSL: boolean; noProxy: string[] }): void;
}

/** A manifest read and parsed, with the lockfile that pins it: the input of a check. */
export interface PreparedManifest {
  uri: string;
  parsed: ParsedManifest;
  /** The lockfile that pins it; undefined when none does or when it could not be read. */
  lockfile?: LockfileHit;
  /** Why the lockfile that should pin it could not be read (the `lockfile-unreadable` diagnostic); ranges are used instead. */
  lockfileProblem?: string;
}

export interface PrepareRequest {
  uri: string;
  /** Absolute path on disk, when the manifest is a file (lockfiles are looked up beside it). */
  path?: string;
  kind: ManifestKind;
  /** The text, read when it is parsed (after the lockfile lookup). */
  text: () => string;
  /** Environment for `${VAR}` references in requirements files. */
  env?: Record<string, string | undefined>;
}

export type CheckOptions = Omit<CheckRequest, 'uri' | 'parsed' | 'lockfile' | 'lockfileProblem'>;

export interface SigmaService {
  /** The newest settings (cache lifetime of version lists, HTTP limits). */
  configure(settings: SigmaSettings): void;
  /**
   * Finds a manifest's lockfile, then parses the manifest. Undefined when `stillWanted` says, once the
   * lockfile is known, that a newer edit made this one moot (so it is not parsed for nothing).
   */
  prepare(request: PrepareRequest, stillWanted?: () => boolean): Promise<PreparedManifest | undefined>;
  /** Checks a prepared manifest: what is known at once, and the final result. */
  check(manifest: PreparedManifest, options: CheckOptions): { initial: ManifestCheck; done: Promise<ManifestCheck> };
  /** The check's diagnostics, and with its tree (docs/tree.md) a `transitive` one per direct dependency with problems below it. */
  diagnostics(check: ManifestCheck, tree?: ManifestTree): Diagnostic[];
  /**
   * The hover card of the dependency at `position`, with the verify payload's integrity details, its
   * data labelled by its real age (sigma.cacheTtlMinutes). When that verify call fetched newer facts
   * than the check's (its answer had aged out), the card shows them and `onNewer` is told, so the
   * caller applies them everywhere (applyNewerFacts).
   */
  hover(check: ManifestCheck, position: Position, settings: SigmaSettings, signal?: AbortSignal, onNewer?: (item: TrustItem, facts: TrustFacts) => void, tree?: ManifestTree): Promise<Hover | null>;
  /**
   * Newer facts for one exact version, learnt outside a check (the hover's verify call): they replace
   * older ones in this check, so diagnostics, inlay hints and the summary show the newer verdict too.
   * True when something changed.
   */
  applyNewerFacts(check: ManifestCheck, item: TrustItem, facts: TrustFacts): boolean;
  /** When the oldest answer this check reuses ages out (sigma.cacheTtlMinutes), or undefined. */
  nextRecheckAt(check: ManifestCheck): number | undefined;
  inlayHints(check: ManifestCheck, visible: Range, settings: SigmaSettings, tree?: ManifestTree): InlayHint[];
  /** With the document's tree, a `transitive` diagnostic also gets the override quick fixes (features/overrideAction.ts). */
  codeActions(doc: TextDocument, check: ManifestCheck, ask: CodeActionAsk, settings: SigmaSettings, signal: AbortSignal, tree?: ManifestTree): Promise<CodeAction[]>;
  /** One name and version asked directly (the "Verify a Package Version" command), bypassing the cache. */
  verifyPackage(params: VerifyPackageParams, settings: SigmaSettings): Promise<VerifyPackageResult>;
  /** Downloads an npm dependency's tarball and compares it with the lockfile and the certificate. */
  verifyTarball(entry: CheckedDependency, settings: SigmaSettings, signal?: AbortSignal): Promise<TarballCheck>;
  stats(settings: SigmaSettings): Promise<StatsResult>;
  summary(sources: Iterable<SummarySource>, checking: boolean): WorkspaceSummary;
  /** The installed tree of the lockfile that pins a prepared manifest (docs/tree.md), or undefined. */
  lockfileTree(manifest: PreparedManifest): Promise<DependencyTree | undefined>;
  /** Looks up every package of the planned trees once, in one batch; call after the direct dependencies are published. */
  checkTrees(plans: readonly TreePlan[], options: TreeCheckOptions): Promise<void>;
  /**
   * The tree's versions, for the direct check's npm bulk POST (`advisoryPrefetch`: one POST per
   * check). Synchronous and lazy: the tree is parsed only when a POST is about to leave, so a check
   * that sends none never parses it while the direct lookups run (docs/tree.md).
   */
  treeTrustItems(manifest: PreparedManifest): TrustItem[] | undefined;
  /**
   * The tree step of an open manifest (tree/documentTree.ts), after its direct dependencies were
   * published; undefined when no lockfile with a tree pins it.
   */
  checkTree(manifest: PreparedManifest, request: Omit<DocumentTreeRequest, 'tree' | 'importer'>): Promise<TreeSource | undefined>;
  /** One level of a document's tree for the Dependencies view (`sigma/treeChildren`). */
  treeChildren(check: ManifestCheck, tree: ManifestTree | undefined, params: TreeChildrenParams): TreeChild[];
  /** A lockfile changed on disk: read it again next time. */
  lockfileChanged(path: string): void;
  /** Every cached answer must be asked again; it stays as the stale fallback when asking fails. */
  refresh(): void;
}

const PIN_TARGET_TTL_MS = 5 * 60_000;

/** How a driver uses the service. */
export interface ServiceOptions {
  /** Keep each certificate exactly as received (`TrustFacts.rawCertificate`, for a report that prints it). Default true. */
  rawCertificates?: boolean;
}

export function createSigmaService(runtime: SigmaRuntime, initialSettings: SigmaSettings = normalizeSettings(undefined), options: ServiceOptions = {}): SigmaService {
  const { http, cache, clock } = runtime;
  let current = initialSettings;
  /**
   * A refresh must ask every answer again without throwing away what was known: when the network
   * fails right after it, the old answers are what the user should see, marked stale (docs/architecture.md,
   * "Network"). So a refresh does not empty the cache; it moves this watermark, and an entry stored
   * before it is never fresh. (Emptying the cache lost every result on a refresh during an outage.)
   */
  let refreshedAt = Number.NEGATIVE_INFINITY;
  const ttlSinceRefresh = (ttlMs: number): number => Math.min(ttlMs, Math.max(0, clock.now() - refreshedAt));
  const versions = createVersionSource({ http, cache, clock, ttlMs: () => ttlSinceRefresh(current.cacheTtlMinutes * 60_000) });
  const resolver = createResolver({ versions });
  const service = createTrustService({ http, cache, clock, logger: runtime.logger, keepRawCertificates: options.rawCertificates });
  const trust: TrustService = {
    ...service,
    checkVersions: (items, settings, options) => service.checkVersions(items, { ...settings, cacheTtlMs: ttlSinceRefresh(settings.cacheTtlMs) }, options),
    verifyNow: (item, settings, options) => service.verifyNow(item, { ...settings, cacheTtlMs: ttlSinceRefresh(settings.cacheTtlMs) }, options),
  };
  const checker: Checker = createChecker({ resolver, trust, clock });
  const lockfiles = createLockfileFinder(runtime.files);
  // A package.json edit that cannot change what was read is not parsed again (parse/manifestReader.ts).
  const readManifest = createManifestReader();
  const pinCache = new Map<string, { at: number; targets: PinTargets }>();

  const pinTargets = (dep: Dependency, resolution: Resolution, settings: SigmaSettings, signal?: AbortSignal): Promise<PinTargets> => {
    const key = `${dep.registry}|${dep.normalizedName}|${dep.kind}|${dep.constraint}|${resolution.version ?? ''}|${settings.apiUrl}`;
    const hit = pinCache.get(key);
    if (hit && clock.now() - hit.at < PIN_TARGET_TTL_MS) return Promise.resolve(hit.targets);
    // Only a complete answer is kept: a cancelled or failed one would hide the fix until it expired.
    return findPinTargets({ versions, trust }, dep, resolution, settings, signal).then(
      (targets) => {
        if (!targets.incomplete) pinCache.set(key, { at: clock.now(), targets });
        return targets;
      },
      (): PinTargets => ({ incomplete: true }),
    );
  };

  /**
   * The entry with the verify payload's integrity details (file set hash, council round) added, for
   * the hover card. When that call fetched newer facts than the entry's (its cached certificate had
   * aged out), they are returned as `newer` and shown: the caller applies them everywhere.
   */
  const withVerifyDetails = async (entry: CheckedDependency, settings: SigmaSettings, signal?: AbortSignal): Promise<{ entry: CheckedDependency; newer?: TrustFacts }> => {
    // The certificate endpoint carries no integrity details, but the hover card shows them
    // (docs/ui.md): read the verify payload on demand, once per version (it is cached).
    const cert = entry.facts?.certificate;
    const version = entry.resolution.version;
    if (!entry.facts || !cert || version === null || (cert.fileSetHash !== undefined && cert.councilRoundId !== undefined)) return { entry };
    const item = { registry: entry.dependency.registry, name: entry.dependency.normalizedName, version };
    const verified = await trust.verifyNow(item, trustSettingsOf(settings), { signal }).catch(() => undefined);
    if (!verified) return { entry };
    // Newer data (the check's answer had aged out and this call asked again) wins, whatever it says:
    // dropping a newer, different verdict left the old one on screen.
    if (verified.status !== 'error' && verified.freshness !== 'stale' && verified.fetchedAt > entry.facts.fetchedAt) {
      const newer: CheckedDependency = { ...entry, facts: verified, status: statusOf(entry.dependency, entry.resolution, verified), findings: computeFindings(entry.dependency, entry.resolution, verified, { settings }) };
      return { entry: newer, newer: verified };
    }
    const extra = verified.certificate;
    // Otherwise only details are taken: the verdict, advisories and freshness shown stay those of the check.
    if (!extra || verified.status !== entry.facts.status) return { entry };
    const certificate = { ...cert, fileSetHash: cert.fileSetHash ?? extra.fileSetHash, councilRoundId: cert.councilRoundId ?? extra.councilRoundId, details: { ...extra.details, ...cert.details } };
    return { entry: { ...entry, facts: { ...entry.facts, certificate } } };
  };

  return {
    configure(settings) {
      current = settings;
      runtime.configure?.(settings);
    },
    async prepare(request, stillWanted) {
      const lockfile = request.path ? await lockfiles.forManifest(request.path, request.kind).catch(() => undefined) : undefined;
      if (stillWanted && !stillWanted()) return undefined;
      const written = readManifest(request.uri, request.kind, request.text(), { constraints: request.path ? isConstraintsFile(request.path) : false });
      // `catalog:` entries take their range from pnpm-workspace.yaml (docs/formats/pnpm.md).
      const parsed = applyCatalogs(written, lockfile?.catalogs);
      // A lockfile that could not be read pins nothing and says so (docs/language-server.md, "Documents and lockfiles").
      const lockfileProblem = lockfile && request.path ? unreadableLockfile(lockfile.lockfile, relativeLockfileName(runtime.files.dirname(request.path), lockfile.path)) : undefined;
      return lockfileProblem === undefined ? { uri: request.uri, parsed, lockfile } : { uri: request.uri, parsed, lockfileProblem };
    },
    check(manifest, options) {
      return checker.start({ ...options, uri: manifest.uri, parsed: manifest.parsed, lockfile: manifest.lockfile?.lockfile, lockfileProblem: manifest.lockfileProblem });
    },
    diagnostics: (check, tree) => [...toDiagnostics(check), ...transitiveDiagnostics(check, tree, (entry) => subtreeOf(tree, entry))],
    async hover(check, position, settings, signal, onNewer, tree) {
      const entry = dependencyAt(check, position);
      if (!entry || entry.pending) return null;
      const { entry: shown, newer } = await withVerifyDetails(entry, settings, signal);
      if (newer && shown.resolution.version) onNewer?.({ registry: shown.dependency.registry, name: shown.dependency.normalizedName, version: shown.resolution.version }, newer);
      return hoverFor(shown, { now: clock.now(), ttlMs: settings.cacheTtlMinutes * 60_000 }, broughtInMarkdown(subtreeOf(tree, entry)));
    },
    applyNewerFacts: (check, item, facts) => checker.applyNewerFacts(check, item, facts),
    nextRecheckAt: (check) => checker.nextRecheckAt(check),
    inlayHints: (check, visible, settings, tree) => (settings.inlineStatus ? toInlayHints(check, visible, (entry) => belowSuffix(subtreeOf(tree, entry))) : []),
    async codeActions(doc, check, ask, settings, signal, tree) {
      const actions = await codeActionsFor(doc, check, ask, pinTargets, settings, clock.now(), signal);
      const transitive = ask.context.diagnostics.filter((d) => d.source === 'sigma' && d.code === 'transitive');
      const lockText = tree?.lockfilePath && transitive.length > 0 ? await lockfiles.text(tree.lockfilePath) : undefined;
      if (!tree || lockText === undefined) return actions;
      const only = ask.context.only;
      if (only && only.length > 0 && !only.some((kind) => kind === 'quickfix' || 'quickfix'.startsWith(`${kind}.`))) return actions;
      // pnpm ≥ 10 reads overrides from the pnpm-workspace.yaml beside the lockfile (docs/tree.md).
      const workspacePath = tree.tree.lockfile === 'pnpm-lock.yaml' && tree.lockfilePath ? runtime.files.join(runtime.files.dirname(tree.lockfilePath), 'pnpm-workspace.yaml') : undefined;
      const workspaceText = workspacePath ? await lockfiles.text(workspacePath) : undefined;
      const pnpmWorkspace = workspaceText === undefined ? undefined : { uri: tree.lockfile.replace(/pnpm-lock\.yaml$/, 'pnpm-workspace.yaml'), text: workspaceText };
      for (const diagnostic of transitive) {
        const direct = dependencyAt(check, diagnostic.range.start);
        if (!direct || direct.pending) continue;
        actions.unshift(...(await overrideActions({ versions, trust }, { doc, direct, tree, lockText, pnpmWorkspace, diagnostic, settings, signal })));
      }
      return actions;
    },
    async verifyPackage(params, settings) {
      const name = params.registry === 'pypi' ? normalizePypiName(params.name.trim()) : params.name.trim();
      const version = params.version.trim();
      const found = await trust.verifyNow({ registry: params.registry, name, version }, trustSettingsOf(settings), { refresh: true });
      const facts = found ?? null;
      // A stand-in dependency, so the answer is judged and drawn exactly as a manifest's would be.
      const dependency: Dependency = { registry: params.registry, name, normalizedName: name, specifier: version, kind: 'exact', constraint: version, section: 'verify', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
      const resolution: Resolution = { version, resolvedFrom: 'exact', hashes: [] };
      const entry: CheckedDependency = { dependency, resolution, facts, status: statusOf(dependency, resolution, facts), findings: computeFindings(dependency, resolution, facts, { settings }) };
      return { status: entry.status, markdown: renderCard(entry), certificateUrl: facts?.certificate?.verifyUrl };
    },
    verifyTarball(entry, settings, signal) {
      const version = entry.resolution.version;
      if (entry.dependency.registry !== 'npm' || !version) return Promise.resolve({ lockfile: 'unknown', certificate: 'unknown', error: 'only npm dependencies with an exact version have a tarball' });
      return checkNpmTarball(
        { http, versions },
        {
          name: entry.dependency.normalizedName,
          version,
          resolved: entry.resolution.resolvedFrom === 'lockfile' ? entry.resolution.tarballUrl : undefined,
          integrity: entry.resolution.resolvedFrom === 'lockfile' ? entry.resolution.integrity : undefined,
          distributionSha256: entry.facts?.certificate?.distributionSha256,
          npmRegistryUrl: settings.npmRegistryUrl,
        },
        signal,
      );
    },
    stats: (settings) => trust.getStats(settings.apiUrl),
    summary: (sources, checking) => buildSummary(sources, checking),
    lockfileTree: (manifest) => (manifest.lockfile ? lockfiles.tree(manifest.lockfile).catch(() => undefined) : Promise.resolve(undefined)),
    checkTrees: (plans, options) => checkTrees({ trust, clock }, plans, options),
    treeChildren: (check, tree, params) => (tree ? treeChildren(check, tree, params) : []),
    treeTrustItems(manifest) {
      let tree;
      try {
        tree = manifest.lockfile ? lockfiles.treeNow(manifest.lockfile) : undefined;
      } catch {
        tree = undefined;
      }
      return tree ? treeTrustItems(tree, current) : undefined;
    },
    async checkTree(manifest, request) {
      const lock = manifest.lockfile;
      const tree = lock ? await lockfiles.tree(lock).catch(() => undefined) : undefined;
      if (!lock || !tree || request.signal.aborted) return undefined;
      const source = await checkDocumentTree({ checkTrees: (plans, options) => checkTrees({ trust, clock }, plans, options) }, { ...request, tree, importer: lock.importer });
      source.result.lockfilePath = lock.path;
      return source;
    },
    lockfileChanged: (path) => lockfiles.invalidate(path),
    refresh() {
      refreshedAt = clock.now();
      pinCache.clear();
      lockfiles.clear();
    },
  };
}

export type { ManifestCheck } from './checker';
export type { CodeActionAsk } from './features/codeActions';
export type { SummarySource } from './features/summary';
export type { TarballCheck } from './trust/tarballIntegrity';
export type { ManifestTree } from './tree/treeCheck';
export type { TreeSource } from './tree/documentTree';
