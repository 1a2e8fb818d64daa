/**
 * The thin client: activate() wires the language client and the UI pieces, each in its own file,
 * and returns a small API that the end-to-end tests use to look at what the user sees.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';

export interface SigmaExtensionApi {
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SigmaExtensionApi> {
  const output = vscode.window.createOutputChannel('SIGMA Package Trust', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  context.subscriptions.push(vscode.commands.registerCommand('sigma.showOutput', () => output.show(true)));
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
