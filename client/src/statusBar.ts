/** The status bar item: counts by status for the workspace; a click shows the Dependencies view. */
import * as vscode from 'vscode';
import type { SummaryModel } from './summaryModel';
import { statusBarView } from './view/statusBarText';

export class SigmaStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sigma.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(model: SummaryModel) {
    this.item.name = 'SIGMA Package Trust';
    this.item.command = 'sigma.dependencies.focus';
    this.update(model);
    this.subscription = model.onDidChange(() => this.update(model));
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  get warning(): boolean {
    return this.item.backgroundColor !== undefined;
  }

  private update(model: SummaryModel): void {
    const view = statusBarView(model.current);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
