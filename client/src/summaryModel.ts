/**
 * The workspace summary as the client last fetched it. The server announces changes with
 * `sigma/summaryChanged` (already batched); this model waits a little more so a burst of
 * notifications costs one `sigma/summary` request, and tells its listeners once per fetch.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryChangedNotification, SummaryRequest, type WorkspaceSummary } from '../../shared/src/protocol';

const DEBOUNCE_MS = 250;

export function emptySummary(): WorkspaceSummary {
  return { checking: false, counts: { approved: 0, conditional: 0, rejected: 0, uncertified: 0, error: 0, unresolved: 0, skipped: 0 }, dependencies: [] };
}

export class SummaryModel implements vscode.Disposable {
  private summary: WorkspaceSummary = emptySummary();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<WorkspaceSummary>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      client.onNotification(SummaryChangedNotification.type, ({ checking }) => {
        // The spinner should start at once; the counts follow after the debounce.
        if (checking !== this.summary.checking) {
          this.summary = { ...this.summary, checking };
          this.changed.fire(this.summary);
        }
        this.schedule();
      }),
    );
  }

  get current(): WorkspaceSummary {
    return this.summary;
  }

  /** Fetches now; resolves with the fresh summary (or the last one if the server cannot answer). */
  async refresh(): Promise<WorkspaceSummary> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.summary = await this.client.sendRequest(SummaryRequest.type);
      this.changed.fire(this.summary);
    } catch (error) {
      this.log.warn(`sigma/summary failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.summary;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }
}
