/**
 * The thin client: activate() wires the language client and the UI pieces, each in its own file,
 * and returns a small API that the end-to-end tests use to look at what the user sees.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RefreshRequest, TreeChildrenRequest, WorkspaceTrustedNotification, type WorkspaceSummary } from '../../shared/src/protocol';
import { WorkspaceTrustGate } from './workspaceTrust';
import { registerDependenciesView, type DependenciesProvider, type DependencyNode } from './dependenciesView';
import { createLanguageClient } from './languageClient';
import { RestartPolicy } from './restartPolicy';
import { registerPreviewCommand } from './preview/previewCommand';
import { PreviewFetcher } from './preview/previewFetcher';
import { PREVIEW_VIEW_TYPE, PreviewPanel, type PreviewPanelSnapshot } from './preview/previewPanel';
import { RecentDrafts } from './preview/recentDrafts';
import { StatsViewProvider, type StatsState } from './statsView';
import { SigmaStatusBar } from './statusBar';
import { SummaryModel } from './summaryModel';
import { registerTokenCommands, TokenStore } from './token';
import { registerVerifyCommand } from './verifyPackage';
import type { ProbeResult } from './view/webviewMessages';

/** What the end-to-end tests read: the state behind each piece of UI, as the user would see it. */
export interface SigmaExtensionApi {
  client: LanguageClient;
  /** Fetches the summary now (the same one the views show). */
  summary(): Promise<WorkspaceSummary>;
  /** The summary the views show now, without asking the server. */
  currentSummary(): WorkspaceSummary;
  /** Resolves with the next summary change (after the debounce). */
  nextSummaryChange(): Promise<WorkspaceSummary>;
  dependenciesTree: DependenciesProvider;
  /** The Dependencies view itself (reveal and expand, as a user's clicks would). */
  dependenciesView: vscode.TreeView<DependencyNode>;
  statusBar(): { text: string; tooltip: string; warning: boolean };
  previewPanelState(): PreviewPanelSnapshot | undefined;
  /** Resolves with the preview panel's state after its next completed load. */
  nextPreviewSettled(): Promise<PreviewPanelSnapshot>;
  /** The preview panel's rendered text and element counts (message round-trip to the webview). */
  previewRendered(): Promise<ProbeResult | undefined>;
  statsState(): StatsState;
  statsRendered(): Promise<ProbeResult | undefined>;
  /** Resolves after the stats view's next load. */
  nextStatsLoad(): Promise<StatsState>;
  hasToken(): Promise<boolean>;
  /** How many times the language server was restarted after stopping unexpectedly. */
  serverRestarts(): number;
}

let client: LanguageClient | undefined;

function once<T>(event: vscode.Event<T>): Promise<T> {
  return new Promise((resolve) => {
    const sub = event((value) => {
      sub.dispose();
      resolve(value);
    });
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<SigmaExtensionApi> {
  const output = vscode.window.createOutputChannel('SIGMA Package Trust', { log: true });
  context.subscriptions.push(output);
  const restartPolicy = new RestartPolicy(output);
  client = createLanguageClient(context, output, restartPolicy);
  const languageClient = client;
  // The default comes from package.json (contributes.configuration), as every client setting does.
  const apiUrlSetting = (): string => vscode.workspace.getConfiguration('sigma').get<string>('apiUrl') ?? '';
  const userApiUrl = (): string => {
    const inspected = vscode.workspace.getConfiguration('sigma').inspect<string>('apiUrl');
    return inspected?.globalValue ?? inspected?.defaultValue ?? '';
  };
  const tokens = new TokenStore(context.secrets, apiUrlSetting, userApiUrl);
  const summary = new SummaryModel(languageClient, output);
  const fetcher = new PreviewFetcher();
  const panel = new PreviewPanel(context.extensionUri, fetcher, tokens, summary);
  const stats = new StatsViewProvider(context.extensionUri, languageClient);
  const statusBar = new SigmaStatusBar(summary);
  const dependencies = registerDependenciesView(summary, (params) => languageClient.sendRequest(TreeChildrenRequest.type, params));

  context.subscriptions.push(
    summary,
    fetcher,
    panel,
    stats,
    statusBar,
    ...dependencies.disposables,
    ...registerTokenCommands(tokens),
    registerPreviewCommand(panel, new RecentDrafts(context.workspaceState), tokens),
    ...registerVerifyCommand(languageClient),
    vscode.window.registerWebviewViewProvider('sigma.stats', stats),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, { deserializeWebviewPanel: (p, state) => panel.restore(p, state) }),
    vscode.commands.registerCommand('sigma.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('sigma.showStats', () => vscode.commands.executeCommand('sigma.stats.focus')),
    vscode.commands.registerCommand('sigma.refresh', async () => {
      await languageClient.sendRequest(RefreshRequest.type);
      await Promise.all([summary.refresh(), stats.load()]);
    }),
  );

  const trust = new WorkspaceTrustGate({
    isTrusted: () => vscode.workspace.isTrusted,
    onGranted: (listener) => vscode.workspace.onDidGrantWorkspaceTrust(listener),
    notify: (message, button) => vscode.window.showInformationMessage(message, button),
    openTrustSettings: () => void vscode.commands.executeCommand('workbench.trust.manage'),
    tellServer: () => languageClient.sendNotification(WorkspaceTrustedNotification.type, {}),
  });
  context.subscriptions.push(trust);

  await languageClient.start();
  void trust.announce();
  await summary.refresh();
  return {
    client: languageClient,
    summary: () => summary.refresh(),
    currentSummary: () => summary.current,
    nextSummaryChange: () => once(summary.onDidChange),
    dependenciesTree: dependencies.provider,
    dependenciesView: dependencies.view,
    statusBar: () => ({ text: statusBar.text, tooltip: statusBar.tooltip, warning: statusBar.warning }),
    previewPanelState: () => (panel.isOpen ? panel.snapshot() : undefined),
    nextPreviewSettled: () => once(panel.onDidSettle),
    previewRendered: () => panel.rendered(),
    statsState: () => stats.state(),
    statsRendered: () => stats.rendered(),
    nextStatsLoad: async () => {
      await once(stats.onDidLoad);
      return stats.state();
    },
    hasToken: () => tokens.has(),
    serverRestarts: () => restartPolicy.restarts,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
