/**
 * The draft preview panel: one webview panel, reused for each draft asked for, restored after a
 * reload from its state (the draft id only). Fetching runs under a cancellable progress notification;
 * failures are shown in the panel with the next step, and as a notification.
 */
import * as vscode from 'vscode';
import type { DraftPreview } from '../../../shared/src/preview';
import type { SummaryModel } from '../summaryModel';
import type { TokenStore } from '../token';
import { failureView, type PreviewFailure, type PreviewFailureKind, type PreviewModel } from '../view/previewModel';
import type { PreviewFromWebview, PreviewPanelState, PreviewToWebview, ProbeResult } from '../view/webviewMessages';
import { compareTree } from '../view/treeComparison';
import { diffWithWorkspace } from '../view/workspaceDiff';
import { WebviewProbe } from '../webviewProbe';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PreviewFetcher } from './previewFetcher';
import { draftIdProblem } from './recentDrafts';

export const PREVIEW_VIEW_TYPE = 'sigma.draftPreview';

export interface PreviewPanelSnapshot {
  draftId: string;
  visible: boolean;
  phase: 'loading' | 'preview' | 'failure';
  model?: PreviewModel;
  failure?: PreviewFailure;
}

function buildModel(draftId: string, preview: DraftPreview, summary: SummaryModel): PreviewModel {
  const deps = summary.current.dependencies;
  const diff = diffWithWorkspace(preview.items, deps);
  const { items: _items, enabled: _enabled, omittedItems, ...totals } = preview;
  return {
    draftId,
    totals,
    rows: preview.items.map((item, i) => ({ ...item, diff: diff.items[i] })),
    extras: diff.extras,
    omittedItems: omittedItems ?? 0,
    comparedWithWorkspace: deps.some((d) => d.status !== 'skipped'),
    tree: compareTree(totals, summary.current.tree),
    fetchedAt: Date.now(),
  };
}

export class PreviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private draftId = '';
  private phase: PreviewPanelSnapshot['phase'] = 'loading';
  private preview: DraftPreview | undefined;
  private model: PreviewModel | undefined;
  private failure: PreviewFailure | undefined;
  private inFlight: AbortController | undefined;
  private readonly probe = new WebviewProbe();
  private readonly settled = new vscode.EventEmitter<PreviewPanelSnapshot>();
  /** Fires each time a load ends (preview or failure). */
  readonly onDidSettle = this.settled.event;
  private readonly subscriptions: vscode.Disposable[] = [this.settled];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly fetcher: PreviewFetcher,
    private readonly tokens: TokenStore,
    private readonly summary: SummaryModel,
  ) {
    // The workspace side of the comparison changes as manifests are checked: redo the marks.
    this.subscriptions.push(
      summary.onDidChange(() => {
        if (this.preview && this.phase === 'preview') {
          this.model = { ...buildModel(this.draftId, this.preview, summary), fetchedAt: this.model?.fetchedAt ?? Date.now() };
          this.post({ type: 'preview', model: this.model });
        }
      }),
    );
  }

  /** Opens (or reuses) the panel for `draftId` and loads it. Resolves when the load has ended. */
  async show(draftId: string): Promise<PreviewPanelSnapshot> {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'SIGMA Draft Preview', vscode.ViewColumn.Active, {
        ...webviewOptions(this.extensionUri),
        retainContextWhenHidden: false,
      });
      this.adopt(panel);
    } else this.panel.reveal();
    return this.load(draftId);
  }

  /** Takes over a panel VS Code restored after a reload (serializer). */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = webviewOptions(this.extensionUri);
    this.panel?.dispose();
    this.adopt(panel);
    const draftId = typeof state === 'object' && state !== null && typeof (state as PreviewPanelState).draftId === 'string' ? (state as PreviewPanelState).draftId : '';
    if (draftIdProblem(draftId) === undefined) await this.load(draftId);
    else panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'sigma.svg');
    this.probe.reset();
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'preview', 'SIGMA Draft Preview');
    panel.webview.onDidReceiveMessage((message: PreviewFromWebview) => void this.onMessage(message));
    // Hidden, the page is discarded (no retained context); shown again it reloads and says `ready`.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.probe.reset();
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.inFlight?.abort();
        this.panel = undefined;
      }
    });
  }

  private async onMessage(message: PreviewFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A page (re)loaded, e.g. after the panel was hidden: give it what it should show.
        this.repost();
        this.probe.markReady();
        break;
      case 'refresh':
        await this.load(this.draftId);
        break;
      case 'setToken':
        if (await vscode.commands.executeCommand<boolean>('sigma.setToken')) await this.load(this.draftId);
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'sigma.apiUrl');
        break;
      case 'probeResult':
        this.probe.answer(message.id, message.result);
        break;
    }
  }

  private post(message: PreviewToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private repost(): void {
    if (this.phase === 'preview' && this.model) this.post({ type: 'preview', model: this.model });
    else if (this.phase === 'failure' && this.failure) this.post({ type: 'failure', failure: this.failure });
    else this.post({ type: 'loading', draftId: this.draftId });
  }

  /** Fetches the preview under a cancellable progress notification and shows the outcome. */
  async load(draftId: string): Promise<PreviewPanelSnapshot> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.draftId = draftId;
    this.phase = 'loading';
    if (this.panel) this.panel.title = `SIGMA Draft ${draftId}`;
    this.post({ type: 'loading', draftId });
    // Bound to the origin it was saved for: another origin needs the user's yes first (token.ts).
    const token = vscode.workspace.isTrusted ? await this.tokens.tokenFor(this.fetcher.apiUrl()) : { missing: true as const };
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SIGMA: fetching the package preview of draft ${draftId}`, cancellable: true },
      async (_progress, cancel) => {
        const sub = cancel.onCancellationRequested(() => controller.abort());
        try {
          if (!vscode.workspace.isTrusted) return { ok: false as const, kind: 'untrusted' as const, message: 'This workspace is not trusted, and SIGMA makes no network request for it until you trust it.' };
          if ('missing' in token) return { ok: false as const, kind: 'unauthorized' as const, message: 'No developer token is set.' };
          if ('refused' in token) return { ok: false as const, kind: 'token-origin' as const, message: token.refused };
          // Another summary may arrive while the request runs; use the freshest for the comparison.
          const [result] = await Promise.all([this.fetcher.fetch(draftId, token.token, controller.signal), this.summary.refresh()]);
          return result;
        } finally {
          sub.dispose();
        }
      },
    );
    if (this.inFlight !== controller) return this.snapshot(); // a newer load replaced this one
    this.inFlight = undefined;
    if (outcome.ok) {
      this.preview = outcome.preview;
      this.model = buildModel(draftId, outcome.preview, this.summary);
      this.failure = undefined;
      this.phase = 'preview';
    } else {
      const kind: PreviewFailureKind = controller.signal.aborted ? 'cancelled' : outcome.kind;
      this.preview = undefined;
      this.model = undefined;
      this.failure = failureView(draftId, kind, outcome.message);
      this.phase = 'failure';
      if (kind !== 'cancelled') void this.notify(this.failure);
    }
    this.repost();
    const snapshot = this.snapshot();
    this.settled.fire(snapshot);
    return snapshot;
  }

  private async notify(failure: PreviewFailure): Promise<void> {
    const action = failure.actions.includes('setToken') ? 'Set Token' : failure.actions.includes('openSettings') ? 'Open Settings' : undefined;
    const picked = await vscode.window.showErrorMessage(`SIGMA: ${failure.title}. ${failure.message}`, ...(action ? [action] : []));
    if (picked === 'Set Token') await this.onMessage({ type: 'setToken' });
    else if (picked === 'Open Settings') await this.onMessage({ type: 'openSettings' });
  }

  snapshot(): PreviewPanelSnapshot {
    return {
      draftId: this.draftId,
      visible: this.panel?.visible ?? false,
      phase: this.phase,
      ...(this.model ? { model: this.model } : {}),
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** What the panel's page shows now; undefined when no panel is open. */
  async rendered(): Promise<ProbeResult | undefined> {
    return this.panel ? this.probe.ask(this.panel.webview) : undefined;
  }

  dispose(): void {
    this.inFlight?.abort();
    this.panel?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
