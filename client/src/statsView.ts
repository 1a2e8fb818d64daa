/**
 * The Registry Stats view (a webview view). Data comes from the server's `sigma/stats`, which goes
 * through its cache and network layer. Refreshed when shown, on demand, and every few minutes only
 * while visible, so a hidden view costs no requests.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatsRequest, type StatsResult } from '../../shared/src/protocol';
import { WebviewProbe } from './webviewProbe';
import type { ProbeResult, StatsFromWebview, StatsToWebview } from './view/webviewMessages';
import { webviewHtml, webviewOptions } from './webviewHtml';

const REFRESH_EVERY_MS = 5 * 60_000;

export interface StatsState {
  visible: boolean;
  /** Completed loads since activation. */
  loads: number;
  last?: StatsResult;
}

export class StatsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private loads = 0;
  private last: StatsResult | undefined;
  private readonly probe = new WebviewProbe();
  private readonly loaded = new vscode.EventEmitter<StatsResult>();
  /** Fires after each load was posted to the webview. */
  readonly onDidLoad = this.loaded.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    this.probe.reset();
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'stats', 'Registry Stats');
    view.webview.onDidReceiveMessage((message: StatsFromWebview) => {
      if (message.type === 'ready') this.probe.markReady();
      if (message.type === 'ready' || message.type === 'refresh') void this.load();
      else if (message.type === 'probeResult') this.probe.answer(message.id, message.result);
    });
    // A hidden view's page is discarded; shown again, it loads anew and says `ready`, which loads the data.
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.probe.reset();
      this.schedule();
    });
    view.onDidDispose(() => {
      this.view = undefined;
      this.schedule();
    });
    this.schedule();
  }

  /** Fetches and shows the stats if the view exists; resolves with what was shown. */
  async load(): Promise<StatsResult | undefined> {
    const view = this.view;
    if (!view) return undefined;
    void view.webview.postMessage({ type: 'loading' } satisfies StatsToWebview);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
    let result: StatsResult;
    try {
      result = await this.client.sendRequest(StatsRequest.type, folder ? { uri: folder } : {});
    } catch (error) {
      result = { ok: false, message: `The language server did not answer: ${error instanceof Error ? error.message : String(error)}` };
    }
    this.last = result;
    this.loads++;
    await view.webview.postMessage({ type: 'stats', result } satisfies StatsToWebview);
    this.loaded.fire(result);
    return result;
  }

  state(): StatsState {
    return { visible: this.view?.visible ?? false, loads: this.loads, ...(this.last ? { last: this.last } : {}) };
  }

  /** What the view's page shows now; undefined when the view was never opened. */
  async rendered(): Promise<ProbeResult | undefined> {
    return this.view ? this.probe.ask(this.view.webview) : undefined;
  }

  /** The timer runs only while the view is visible. */
  private schedule(): void {
    const visible = this.view?.visible ?? false;
    if (visible && !this.timer) this.timer = setInterval(() => void this.load(), REFRESH_EVERY_MS);
    if (!visible && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.loaded.dispose();
  }
}
