/**
 * `sigma.verifyPackage [{ registry, name, version }]`: checks any package version through the server
 * (`sigma/verifyPackage`) and shows its card as a read-only Markdown document. Showing text only:
 * nothing in the card is run or rendered as HTML. The optional argument skips the questions, for
 * automation.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { VerifyPackageRequest, type VerifyPackageParams, type VerifyPackageResult } from '../../shared/src/protocol';

const SCHEME = 'sigma-card';

/** Read-only documents holding the cards; each URI names its package, so reopening shows the last answer. */
class CardDocuments implements vscode.TextDocumentContentProvider {
  private readonly cards = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, markdown: string): void {
    this.cards.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.cards.get(uri.toString()) ?? '';
  }
}

function isParams(value: unknown): value is VerifyPackageParams {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.registry === 'npm' || v.registry === 'pypi') && typeof v.name === 'string' && typeof v.version === 'string';
}

async function ask(): Promise<VerifyPackageParams | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'npm', registry: 'npm' as const },
      { label: 'PyPI', registry: 'pypi' as const },
    ],
    { title: 'SIGMA: Verify a Package Version (1/3)', placeHolder: 'Registry' },
  );
  if (!picked) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'SIGMA: Verify a Package Version (2/3)',
    prompt: `${picked.label} package name`,
    validateInput: (v) => (v.trim() === '' ? 'Enter a package name.' : undefined),
  });
  if (name === undefined) return undefined;
  const version = await vscode.window.showInputBox({
    title: 'SIGMA: Verify a Package Version (3/3)',
    prompt: `Version of ${name.trim()}`,
    validateInput: (v) => (v.trim() === '' ? 'Enter an exact version.' : undefined),
  });
  if (version === undefined) return undefined;
  return { registry: picked.registry, name: name.trim(), version: version.trim() };
}

export function registerVerifyCommand(client: LanguageClient): vscode.Disposable[] {
  const cards = new CardDocuments();
  const command = vscode.commands.registerCommand('sigma.verifyPackage', async (arg?: unknown): Promise<(VerifyPackageResult & { uri: string }) | undefined> => {
    const params = isParams(arg) ? arg : await ask();
    if (!params) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `SIGMA: verifying ${params.name} ${params.version}` },
      () => client.sendRequest(VerifyPackageRequest.type, { ...params, ...(folder ? { uri: folder } : {}) }),
    );
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${params.registry}/${params.name}@${params.version}.md` });
    cards.set(uri, result.markdown);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return { ...result, uri: uri.toString() };
  });
  return [vscode.workspace.registerTextDocumentContentProvider(SCHEME, cards), command];
}
