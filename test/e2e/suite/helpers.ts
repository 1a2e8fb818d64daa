// What the end-to-end tests do through the public VS Code API, event-driven, with time limits that
// fail with a message saying what was there instead.
import { existsSync, rmSync, watch } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ACK_DIR_ENV, SCREENSHOT_MARKER } from '../protocol';

/** The first workspace folder: the runner opens a temporary copy of the test workspace. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner must open the test workspace');
  return folder.uri;
}

/** Opens a workspace-relative file in an editor, as a user clicking it would. */
export async function openDocument(relativePath: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The 0-based line of the only line containing `text`; throws when absent or ambiguous. */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  const lines: number[] = [];
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) lines.push(i);
  if (lines.length !== 1) throw new Error(`expected one line with ${JSON.stringify(text)} in ${doc.uri.path}, found ${lines.length}`);
  return lines[0];
}

/** A diagnostic's code as a plain string (VS Code wraps it in `{ value, target }` when it has a link). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function sigmaDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sigma');
}

/**
 * Resolves with the document's `sigma` diagnostics once `accept` is true for them; waits on
 * `onDidChangeDiagnostics`, not on a clock. Rejects after `timeoutMs` listing what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 60_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = sigmaDiagnostics(uri);
      if (!accept(found)) return false;
      cleanup();
      resolve(found);
      return true;
    };
    // Subscribe first, then look: a change between the two cannot be missed.
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = vscode.languages.getDiagnostics(uri).map(describe);
      reject(new Error(`no matching sigma diagnostics on ${uri.path} after ${timeoutMs} ms; present: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

function describe(d: vscode.Diagnostic): string {
  return `${d.source ?? '?'}/${codeOf(d) ?? '?'}@${d.range.start.line}:${d.range.start.character}: ${d.message}`;
}

/** Hover contents at a position, as plain text, through the registered hover providers. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Code actions offered for a range, through the registered code action providers. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
  );
  return actions.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/**
 * Asks the runner to photograph the workbench as it is now, and waits until it did. A no-op where no
 * runner takes screenshots (no ack folder in the environment, e.g. @vscode/test-electron).
 */
export function requestScreenshot(name: string, timeoutMs = 30_000): Promise<void> {
  const ackDir = process.env[ACK_DIR_ENV];
  if (!ackDir) return Promise.resolve();
  const done = join(ackDir, `${name}.done`);
  rmSync(done, { force: true });
  return new Promise((resolve, reject) => {
    const watcher = watch(ackDir, () => {
      if (existsSync(done)) finish();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the runner did not acknowledge screenshot ${name} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    // Watch first, then ask: the acknowledgement cannot slip in between.
    console.log(`${SCREENSHOT_MARKER} ${name}`);
  });
}
