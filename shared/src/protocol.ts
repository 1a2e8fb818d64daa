/**
 * Messages between the SIGMA language server and its clients that LSP itself does not define.
 * Declared once here and used by both sides, so a rename breaks the build instead of the product.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export type DependencyStatus = 'approved' | 'conditional' | 'rejected' | 'uncertified' | 'error' | 'unresolved' | 'skipped';

/** Order in which statuses are shown (worst first) in the tree view and status bar. */
export const STATUS_ORDER: readonly DependencyStatus[] = ['rejected', 'error', 'conditional', 'uncertified', 'unresolved', 'approved', 'skipped'];

export interface SummaryDependency {
  uri: string;
  registry: 'npm' | 'pypi';
  name: string;
  /** Name checked against the registry (alias target, PEP 503 form). */
  normalizedName: string;
  specifier: string;
  section: string;
  version: string | null;
  resolvedFrom: 'exact' | 'lockfile' | 'registry' | null;
  status: DependencyStatus;
  /** Zero-based line and character range of the entry. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  certificateId?: string;
  /** The verify URL for this version (on the configured API origin), when certified. */
  certificateUrl?: string;
  advisoryCount: number;
  findingCount: number;
  stale: boolean;
  /** True when this dependency could not be fully checked (a failed lookup, unknown advisories): never show it as clean. */
  incomplete?: boolean;
  /**
   * What it brings in (docs/tree.md), when a lockfile's tree holds it: distinct packages below it,
   * how many are approved and rejected, how many need attention (not approved and clean), and how
   * many are still being checked. The Dependencies view expands it with `sigma/treeChildren`.
   */
  below?: { packages: number; approved: number; rejected: number; problems: number; pending: number };
}

export interface WorkspaceSummary {
  /** True while any document is being checked. */
  checking: boolean;
  counts: Record<DependencyStatus, number>;
  dependencies: SummaryDependency[];
  /** A network failure message to show once, if the last check could not reach a registry. */
  networkProblem?: string;
  /**
   * The whole tree below the open manifests (docs/tree.md): each distinct package once (skipped
   * lockfile entries once per lockfile), by status; `pending` are still being checked. Absent when
   * no open manifest has a lockfile tree (or `sigma.transitive` is off).
   */
  tree?: { packages: number; counts: Record<DependencyStatus, number>; pending: number };
}

/** `sigma/summary`: every checked dependency of every open manifest. */
export namespace SummaryRequest {
  export const method = 'sigma/summary';
  export const type = new RequestType0<WorkspaceSummary, void>(method);
}

/** `sigma/summaryChanged`: sent (batched) by the server whenever the summary changed. */
export namespace SummaryChangedNotification {
  export const method = 'sigma/summaryChanged';
  export const type = new NotificationType<{ checking: boolean }>(method);
}

/**
 * `sigma/workspaceTrusted` (client → server): the user trusted the workspace (VS Code workspace
 * trust). A client that starts the server with `initializationOptions.workspaceTrusted: false` gets
 * no network request from it until this arrives (docs/security.md).
 */
export namespace WorkspaceTrustedNotification {
  export const method = 'sigma/workspaceTrusted';
  export const type = new NotificationType<Record<string, never>>(method);
}

/** VS Code's `http.proxy`, `http.proxyStrictSSL` and `http.noProxy`, as the client passes them. */
export interface ProxySettings {
  /** Empty or absent: no explicit proxy (the environment's HTTPS_PROXY / NO_PROXY still apply). */
  proxy?: string;
  strictSSL?: boolean;
  noProxy?: string[];
}

/**
 * `sigma/proxySettings` (client → server): the proxy settings changed. The same fields go in
 * `initializationOptions` (`proxy`, `proxyStrictSSL`, `noProxy`) at start.
 */
export namespace ProxySettingsNotification {
  export const method = 'sigma/proxySettings';
  export const type = new NotificationType<ProxySettings>(method);
}

/** What the server says instead of asking the network while the workspace is not trusted. */
export const UNTRUSTED_MESSAGE = 'not contacted: this workspace is not trusted (VS Code workspace trust), and SIGMA makes no network request for it until you trust it';

export interface CoverageTier {
  tracked?: number;
  certified?: number;
  percent?: number;
}

export interface RegistryStats {
  totalPackagesCertified?: number;
  totalSubmissionsBenefitingFromCache?: number;
  totalCostSavedUsd?: number;
  codeSubmissionsWithPackages?: number;
  coverage: Record<string, Record<string, CoverageTier>>;
}

export type StatsResult = { ok: true; stats: RegistryStats; fetchedAt: number; stale: boolean } | { ok: false; message: string };

/** `sigma/stats`: the registry statistics (public endpoint), through the server's cache and network layer. */
export namespace StatsRequest {
  export const method = 'sigma/stats';
  export const type = new RequestType<{ uri?: string }, StatsResult, void>(method);
}

/** `sigma/refresh`: drop cached answers and re-check every open manifest. */
export namespace RefreshRequest {
  export const method = 'sigma/refresh';
  export const type = new RequestType0<void, void>(method);
}

export interface VerifyPackageParams {
  registry: 'npm' | 'pypi';
  name: string;
  version: string;
  uri?: string;
}

export interface VerifyPackageResult {
  status: DependencyStatus;
  /** Markdown card (same content as the hover). */
  markdown: string;
  certificateUrl?: string;
}

/** `sigma/verifyPackage`: check any registry/name/version, including the verify endpoint. */
export namespace VerifyPackageRequest {
  export const method = 'sigma/verifyPackage';
  export const type = new RequestType<VerifyPackageParams, VerifyPackageResult, void>(method);
}

/**
 * `sigma/addIgnore` (server → client): the "suppress" code action asks the client to append an entry
 * to the `sigma.ignore` setting, because only the client can write settings.
 */
export interface IgnoreEntry {
  package: string;
  reason: string;
  until?: string;
}
export namespace AddIgnoreRequest {
  export const method = 'sigma/addIgnore';
  export const type = new RequestType<{ uri: string; entry: IgnoreEntry }, boolean, void>(method);
}

/** One package one level below a direct dependency or a tree package, for the Dependencies view (docs/tree.md). */
export interface TreeChild {
  /** Its node in the server's tree of that manifest's lockfile: ask for its own children with it. */
  node: number;
  registry: 'npm' | 'pypi';
  name: string;
  version: string;
  dev: boolean;
  /** `pending` while it is still being checked. */
  status: DependencyStatus | 'pending';
  advisoryCount: number;
  /** Not approved and clean (what the `transitive` diagnostic names). */
  problem: boolean;
  /** Distinct packages below it that are not approved and clean. */
  problemsBelow: number;
  /** Its direct children in the lockfile (0: a leaf). */
  children: number;
  /** Where its entry is: the lockfile's URI and the entry's range. */
  lockfileUri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface TreeChildrenParams {
  /** The manifest's URI. */
  uri: string;
  /** The direct dependency's name as the manifest writes it. */
  direct: string;
  /** A tree package's `node` to list its children; absent for the direct dependency's own. */
  node?: number;
  /** Only packages that are, or have below them, packages that are not approved and clean. */
  problemsOnly?: boolean;
}

/** `sigma/treeChildren`: one level of the tree below a direct dependency, asked lazily by the Dependencies view. */
export namespace TreeChildrenRequest {
  export const method = 'sigma/treeChildren';
  export const type = new RequestType<TreeChildrenParams, TreeChild[], void>(method);
}
