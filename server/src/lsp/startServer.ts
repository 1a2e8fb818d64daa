/**
 * The thin LSP server: owns the connection, open documents, settings and scheduling, and maps each
 * request to the pure service (server/src/service/index.ts), built on the runtime it is given.
 * Every handler runs through runSafe.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import {
  AddIgnoreRequest,
  RefreshRequest,
  StatsRequest,
  SummaryChangedNotification,
  SummaryRequest,
  TreeChildrenRequest,
  VerifyPackageRequest,
  UNTRUSTED_MESSAGE,
  ProxySettingsNotification,
  WorkspaceTrustedNotification,
  type IgnoreEntry,
  type WorkspaceSummary,
} from '../../../shared/src/protocol';
import type { SigmaSettings } from '../service/settings';
import type { SigmaRuntime, SigmaService } from '../service';
import { OPEN_URL_COMMAND, SUPPRESS_COMMAND, VERIFY_TARBALL_COMMAND } from '../service/features/commandIds';
import { detectLockfileKind, isLockfileCompanion, WATCHED_FILE_GLOB } from '../service/manifestKind';
import { loadEngine, warmEngine } from './loadEngine';
import type { Logger } from '../service/ports';
import { DocumentChecks, type DocumentState } from './documentChecks';
import { CheckProgress } from './progress';
import { guard, runSafe } from './runSafe';
import { sameDiagnostics } from './sameDiagnostics';
import { SettingsCache, normalizeSettings } from './settings';
import { WorkspaceRoots } from './workspaceRoots';

const SUMMARY_BATCH_MS = 200;

/** The summary of nothing (what buildSummary gives for no documents), answered when the real one fails. */
function emptySummary(): WorkspaceSummary {
  return { checking: false, counts: { approved: 0, conditional: 0, rejected: 0, uncertified: 0, error: 0, unresolved: 0, skipped: 0 }, dependencies: [] };
}

/** The client's proxy settings, each ignored when of the wrong type. */
function readProxySettings(raw: { proxy?: unknown; strictSSL?: unknown; noProxy?: unknown }): { url?: string; strictSSL?: boolean; noProxy?: string[] } {
  return {
    url: typeof raw.proxy === 'string' && raw.proxy.trim() ? raw.proxy.trim() : undefined,
    strictSSL: typeof raw.strictSSL === 'boolean' ? raw.strictSSL : undefined,
    noProxy: Array.isArray(raw.noProxy) ? raw.noProxy.filter((h): h is string => typeof h === 'string') : undefined,
  };
}

/** What the client tells the server at initialization that the runtime needs. */
export interface RuntimeOptions {
  /** Folder for the persistent cache (the extension's global storage), when the client gives one. */
  cacheDir?: string;
  settings: SigmaSettings;
  logger: Logger;
  /** VS Code's `http.proxy` / `http.proxyStrictSSL` / `http.noProxy`, passed by the client at initialization. */
  proxyUrl?: string;
  strictSSL?: boolean;
  noProxy?: string[];
}

/** Builds the runtime once the client has initialized (server.ts passes the Node one; `close` on shutdown). */
export type RuntimeFactory = (options: RuntimeOptions) => SigmaRuntime & { close?(): Promise<void> };

export function startServer(connection: Connection, createRuntime: RuntimeFactory): void {
  const log = {
    info: (m: string) => connection.console.info(m),
    warn: (m: string) => connection.console.warn(m),
    error: (m: string) => connection.console.error(m),
  };
  const documents = new TextDocuments(TextDocument);
  let runtime: ReturnType<RuntimeFactory> | undefined;
  let service: SigmaService | undefined;
  let cacheDir: string | undefined;
  let canPullConfiguration = false;
  let canRegisterWatchers = false;
  let canProgress = false;
  let canRefreshInlayHints = false;
  let workspaceFoldersSupported = false;
  /** VS Code workspace trust, as the client reports it: no network request until it is granted (docs/security.md). */
  let trusted = true;
  let initSettings: unknown = undefined;
  /** VS Code's `http.proxy` / `http.proxyStrictSSL`, passed by the client at initialization. */
  let proxy: { url?: string; strictSSL?: boolean; noProxy?: string[] } = {};
  let latestSettings: SigmaSettings | undefined;

  const workspaceRoots = new WorkspaceRoots();
  // A sigma.ignore entry the service refuses (an `until` that is not a date) is told once per entry and
  // text, not on every settings read (docs/security.md).
  const toldIgnoreProblems = new Set<string>();
  const tellIgnoreProblems = (read: SigmaSettings): void => {
    for (const problem of loadEngine().ignoreProblems(read.ignore)) {
      if (toldIgnoreProblems.has(problem)) continue;
      toldIgnoreProblems.add(problem);
      // A notification, not a request: there is nothing to answer, and no client has to.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem });
    }
  };
  const settings = new SettingsCache(connection, () => canPullConfiguration, () => initSettings, tellIgnoreProblems);
  const progress = new CheckProgress(connection, () => canProgress);

  const getService = (): SigmaService => {
    if (!service) {
      const settings = latestSettings ?? normalizeSettings(initSettings);
      runtime = createRuntime({ cacheDir, logger: log, settings, proxyUrl: proxy.url, strictSSL: proxy.strictSSL, noProxy: proxy.noProxy });
      if (!trusted) runtime.block?.(UNTRUSTED_MESSAGE);
      // The editor never shows a certificate as received: no second copy of each one (docs/decisions.md).
      service = loadEngine().createSigmaService(runtime, settings, { rawCertificates: false });
    }
    return service;
  };

  let summaryTimer: ReturnType<typeof setTimeout> | undefined;
  const notifySummary = (): void => {
    if (summaryTimer) return;
    summaryTimer = setTimeout(() => {
      summaryTimer = undefined;
      void connection.sendNotification(SummaryChangedNotification.type, { checking: checks.checking });
    }, SUMMARY_BATCH_MS);
  };

  let inlayTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshInlayHints = (): void => {
    if (!canRefreshInlayHints || inlayTimer) return;
    inlayTimer = setTimeout(() => {
      inlayTimer = undefined;
      connection.languages.inlayHint.refresh().catch(() => undefined);
    }, SUMMARY_BATCH_MS);
  };

  const publish = (state: DocumentState): void => {
    if (!state.check || !documents.get(state.uri)) return;
    const diagnostics = getService().diagnostics(state.check, state.tree);
    // An edit that changes no diagnostic (a description line) sends nothing: the client keeps what it shows.
    if (!sameDiagnostics(state.published, diagnostics)) {
      state.published = diagnostics;
      void connection.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics });
    }
    refreshInlayHints();
    notifySummary();
  };

  const checks = new DocumentChecks({
    service: getService,
    settings: async (uri) => {
      const s = await settings.get(uri);
      // The network layer is shared by every document; the newest settings set its limits.
      latestSettings = s;
      service?.configure(s);
      return s;
    },
    rootFor: (file) => workspaceRoots.rootFor(file),
    networkAllowed: () => trusted,
    publish,
    progress,
    log,
    onStateChanged: notifySummary,
    recheck: (uri) => {
      const doc = documents.get(uri);
      if (doc) void checks.update(doc, true).catch((e: unknown) => log.error(String(e)));
    },
  });

  const recheckAll = (dropPrevious: boolean): void => {
    for (const doc of documents.all()) void checks.update(doc, true, dropPrevious).catch((e: unknown) => log.error(String(e)));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = !!caps.workspace?.configuration;
    canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canProgress = !!caps.window?.workDoneProgress;
    canRefreshInlayHints = !!caps.workspace?.inlayHint?.refreshSupport;
    workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
    workspaceRoots.set((params.workspaceFolders ?? []).map((f) => f.uri).concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : []));
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; cacheDir?: unknown; proxy?: unknown; proxyStrictSSL?: unknown; noProxy?: unknown; workspaceTrusted?: unknown };
    trusted = init.workspaceTrusted !== false;
    initSettings = init.settings;
    proxy = readProxySettings({ proxy: init.proxy, strictSSL: init.proxyStrictSSL, noProxy: init.noProxy });
    if (typeof init.cacheDir === 'string' && init.cacheDir) cacheDir = init.cacheDir;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [SUPPRESS_COMMAND, OPEN_URL_COMMAND, VERIFY_TARBALL_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'sigma-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // The engine loads while the editor is still opening documents, not in front of the initialize answer.
    void warmEngine();
    if (workspaceFoldersSupported) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => guard(log, 'didChangeWorkspaceFolders', () => workspaceRoots.change(e.added.map((f) => f.uri), e.removed.map((f) => f.uri))));
    }
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sigma' }).catch(() => undefined);
    if (canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILE_GLOB }] }).catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration((change) => {
    guard(log, 'didChangeConfiguration', () => {
      settings.clear();
      if (!canPullConfiguration) initSettings = (change.settings as { sigma?: unknown } | undefined)?.sigma ?? initSettings;
      // A host removed from the settings must stop being contacted; each re-check allows its own again.
      runtime?.resetDestinations?.(normalizeSettings(initSettings));
      recheckAll(true);
    });
  });

  connection.onNotification(ProxySettingsNotification.type, (params) => {
    guard(log, 'proxySettings', () => {
      // VS Code's proxy settings changed: the next request uses them (requests in flight finish on the old ones).
      proxy = readProxySettings(params);
      runtime?.setProxy?.({ proxyUrl: proxy.url, strictSSL: proxy.strictSSL ?? true, noProxy: proxy.noProxy ?? [] });
    });
  });

  connection.onNotification(WorkspaceTrustedNotification.type, () => {
    guard(log, 'workspaceTrusted', () => {
      if (trusted) return;
      trusted = true;
      runtime?.block?.(undefined);
      recheckAll(false);
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    guard(log, 'didChangeWatchedFiles', () => {
      const dirs: string[] = [];
      for (const change of params.changes) {
        if (!change.uri.startsWith('file:')) continue;
        const file = fileURLToPath(change.uri);
        // A companion (pnpm-workspace.yaml: catalogs) changes what its lockfile's manifests get.
        if (!detectLockfileKind(file) && !isLockfileCompanion(file)) continue;
        service?.lockfileChanged(file);
        dirs.push(path.dirname(file));
      }
      if (dirs.length === 0) return;
      // A lockfile (or its companion) pins the manifests in its folder and, for workspaces, below it.
      for (const doc of documents.all()) {
        if (!doc.uri.startsWith('file:')) continue;
        const file = fileURLToPath(doc.uri);
        if (dirs.some((d) => file.startsWith(d + path.sep))) void checks.update(doc, true).catch((e: unknown) => log.error(String(e)));
      }
    });
  });

  documents.onDidOpen((e) => guard(log, 'didOpen', () => checks.update(e.document, true)));
  documents.onDidChangeContent((e) => {
    // onDidChangeContent also fires for open; the open handler already started that check.
    if (e.document.version === checks.states.get(e.document.uri)?.version) return;
    guard(log, 'didChange', () => checks.update(e.document, false));
  });
  documents.onDidClose((e) =>
    guard(log, 'didClose', () => {
      checks.close(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      settings.forget(e.document.uri);
    }),
  );

  connection.onHover((params, token) =>
    runSafe(log, 'hover', token, null, async () => {
      await checks.settled(params.textDocument.uri);
      const state = checks.states.get(params.textDocument.uri);
      const check = state?.check;
      if (!check) return null;
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      // A newer answer than the check's, fetched by the hover's verify call, wins everywhere, not only in this card.
      return getService().hover(check, params.position, await settings.get(params.textDocument.uri), controller.signal, (item, facts) => checks.applyNewerFacts(item, facts), state.tree);
    }),
  );

  connection.languages.inlayHint.on((params, token) =>
    runSafe(log, 'inlayHint', token, [], async () => {
      await checks.settled(params.textDocument.uri);
      const state = checks.states.get(params.textDocument.uri);
      const check = state?.check;
      if (!check) return [];
      return getService().inlayHints(check, params.range, await settings.get(params.textDocument.uri), state.tree);
    }),
  );

  connection.onCodeAction((params, token) =>
    runSafe(log, 'codeAction', token, [], async () => {
      await checks.settled(params.textDocument.uri);
      const doc = documents.get(params.textDocument.uri);
      const state = checks.states.get(params.textDocument.uri);
      const check = state?.check;
      if (!doc || !check) return [];
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return getService().codeActions(doc, check, params, await settings.get(doc.uri), controller.signal, state.tree);
    }),
  );

  /** Downloads one npm tarball, tells the user the outcome, and adds a mismatch to the document's diagnostics. */
  const verifyTarball = async (uri: string, name: string, version: string): Promise<void> => {
    const state = checks.states.get(uri);
    const entry = state?.check?.dependencies.find((d) => d.dependency.registry === 'npm' && d.dependency.normalizedName === name && d.resolution.version === version);
    if (!state || !entry) return;
    const result = await getService().verifyTarball(entry, await settings.get(uri));
    const subject = `${name} ${version}`;
    const { tarballFindings, describeTarballCheck, withTarballFindings } = loadEngine();
    const findings = tarballFindings(subject, result, entry.facts?.certificate?.verifyUrl);
    const message = describeTarballCheck(subject, result);
    if (findings.length > 0) {
      // A new check with the findings added (the driver never changes a check's findings in place);
      // when the document was checked again meanwhile, the entry is gone and its newer check stands.
      if (state.check?.dependencies.includes(entry)) state.check = withTarballFindings(state.check, new Map([[entry, findings]]));
      publish(state);
      void connection.window.showErrorMessage(message);
    } else if (result.error) {
      void connection.window.showWarningMessage(message);
    } else {
      void connection.window.showInformationMessage(message);
    }
  };

  connection.onExecuteCommand((params, token) =>
    runSafe(log, 'executeCommand', token, null, async () => {
      const args = params.arguments ?? [];
      if (params.command === SUPPRESS_COMMAND && typeof args[0] === 'string' && typeof args[1] === 'object' && args[1] !== null) {
        // Only the client can write settings; it asks the user for the reason.
        await connection.sendRequest(AddIgnoreRequest.type, { uri: args[0], entry: args[1] as IgnoreEntry });
      } else if (params.command === OPEN_URL_COMMAND && typeof args[0] === 'string' && /^https?:\/\//.test(args[0])) {
        await connection.window.showDocument({ uri: args[0], external: true });
      } else if (params.command === VERIFY_TARBALL_COMMAND && typeof args[0] === 'string' && typeof args[1] === 'string' && typeof args[2] === 'string') {
        await verifyTarball(args[0], args[1], args[2]);
      }
      return null;
    }),
  );

  connection.onRequest(SummaryRequest.type, (token) => runSafe(log, 'summary', token, emptySummary(), () => getService().summary(checks.states.values(), checks.checking)));

  connection.onRequest(TreeChildrenRequest.type, (params, token) =>
    runSafe(log, 'treeChildren', token, [], () => {
      const state = typeof params?.uri === 'string' && typeof params.direct === 'string' ? checks.states.get(params.uri) : undefined;
      if (!state?.check) return [];
      return getService().treeChildren(state.check, state.tree, { uri: params.uri, direct: params.direct, node: typeof params.node === 'number' ? params.node : undefined, problemsOnly: params.problemsOnly === true });
    }),
  );

  connection.onRequest(StatsRequest.type, (params, token) =>
    runSafe(log, 'stats', token, { ok: false as const, message: 'internal error' }, async () => {
      const s = params.uri ? await settings.get(params.uri) : normalizeSettings(latestSettings ?? initSettings);
      return getService().stats(s);
    }),
  );

  connection.onRequest(VerifyPackageRequest.type, (params, token) =>
    runSafe(log, 'verifyPackage', token, { status: 'error' as const, markdown: 'internal error' }, async () => {
      const s = params.uri ? await settings.get(params.uri) : normalizeSettings(latestSettings ?? initSettings);
      return getService().verifyPackage(params, s);
    }),
  );

  connection.onRequest(RefreshRequest.type, (token) =>
    runSafe(log, 'refresh', token, undefined, () => {
      service?.refresh();
      settings.clear();
      recheckAll(true);
    }),
  );

  connection.onShutdown(async () => {
    checks.dispose();
    await runtime?.close?.();
  });

  documents.listen(connection);
  connection.listen();
}
