/**
 * `sigma.previewDraft [draftId]`: asks for the draft id (recent ones offered first, any other typed
 * in), asks for the developer token if none is stored, and opens the preview panel. The optional
 * argument skips the first question, for automation (tests, keybindings, other extensions).
 */
import * as vscode from 'vscode';
import type { TokenStore } from '../token';
import type { PreviewPanel, PreviewPanelSnapshot } from './previewPanel';
import { draftIdProblem, type RecentDrafts } from './recentDrafts';

/** Resolves with the chosen id, or undefined when the user dismissed the pick. */
function pickDraftId(recent: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
    pick.title = 'SIGMA: Preview Draft Package Quote';
    pick.placeholder = recent.length > 0 ? 'Pick a recent draft or type a draft id' : 'Type the draft id from the SIGMA developer portal';
    pick.ignoreFocusOut = true;
    const recentItems = recent.map((id) => ({ label: id, description: 'recent' }));
    const update = (): void => {
      const typed = pick.value.trim();
      const problem = typed === '' ? undefined : draftIdProblem(typed);
      const typedItem = typed !== '' && !recent.includes(typed) ? [{ label: typed, description: problem ?? 'preview this draft' }] : [];
      pick.items = [...typedItem, ...recentItems];
    };
    update();
    let done = false;
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const chosen = (pick.selectedItems[0]?.label ?? pick.value).trim();
      if (draftIdProblem(chosen) !== undefined) return; // keep the pick open: the item says what is wrong
      done = true;
      pick.hide();
      resolve(chosen);
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!done) resolve(undefined);
    });
    pick.show();
  });
}

export function registerPreviewCommand(panel: PreviewPanel, recent: RecentDrafts, tokens: TokenStore): vscode.Disposable {
  return vscode.commands.registerCommand('sigma.previewDraft', async (draftIdArg?: unknown): Promise<PreviewPanelSnapshot | undefined> => {
    const draftId = typeof draftIdArg === 'string' ? draftIdArg.trim() : await pickDraftId(recent.list());
    if (draftId === undefined) return undefined;
    const problem = draftIdProblem(draftId);
    if (problem !== undefined) {
      void vscode.window.showErrorMessage(`SIGMA: ${problem}`);
      return undefined;
    }
    await recent.remember(draftId);
    // Ask for the token up front; without one the panel still opens and offers "Set Token".
    if (!(await tokens.has())) await tokens.ask();
    return panel.show(draftId);
  });
}
