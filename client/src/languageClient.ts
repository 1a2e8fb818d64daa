/**
 * Starts the SIGMA language server (dist/server.js) over IPC and wires the messages only the client
 * can answer (writing `sigma.ignore`). The server never receives the developer token.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { RestartPolicy } from './restartPolicy';
import { documentPatterns } from '../../shared/src/formats';
import { userLevelValue, withUserOnlySettings } from './userOnlySettings';
import { affectsProxy, proxyInitOptions, proxySettingsFrom } from './proxySettings';
import { AddIgnoreRequest, ProxySettingsNotification, type IgnoreEntry, type ProxySettings } from '../../shared/src/protocol';

/** Documents the server checks: every manifest glob of the table of formats (shared/src/formats.ts). */
export const MANIFEST_SELECTOR: vscode.DocumentFilter[] = documentPatterns().map((pattern) => ({ scheme: 'file', pattern }));

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, restartPolicy: RestartPolicy): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: MANIFEST_SELECTOR.map((s) => ({ scheme: s.scheme!, pattern: s.pattern as string })),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // A function, so a restart after trust was granted (or a proxy setting changed) starts with the current values.
    initializationOptions: () => ({ cacheDir: context.globalStorageUri.fsPath, workspaceTrusted: vscode.workspace.isTrusted, ...proxyInitOptions(currentProxySettings()) }),
    // Bounded restarts, each one told to the user (restartPolicy.ts).
    errorHandler: restartPolicy,
    middleware: {
      workspace: {
        // A workspace never decides where a manifest's index may be asked (userOnlySettings.ts).
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return withUserOnlySettings(params.items, answers, (key) => userLevelValue(vscode.workspace.getConfiguration('sigma').inspect(key)));
        },
      },
    },
  };
  const client = new LanguageClient('sigma', 'SIGMA Package Trust', serverOptions, clientOptions);
  client.onRequest(AddIgnoreRequest.type, async ({ uri, entry }) => addIgnore(vscode.Uri.parse(uri), entry));
  // The server makes the registry lookups: it follows the editor's proxy settings, re-sent on change.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsProxy((section) => e.affectsConfiguration(section)) && client.isRunning()) {
        void client.sendNotification(ProxySettingsNotification.type, currentProxySettings());
      }
    }),
  );
  return client;
}

function currentProxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  return proxySettingsFrom((key) => http.get(key));
}

/** Appends a suppression to `sigma.ignore` in the folder of the document, after asking for the reason. */
async function addIgnore(uri: vscode.Uri, entry: IgnoreEntry): Promise<boolean> {
  const reason = await vscode.window.showInputBox({
    title: `Suppress SIGMA findings for ${entry.package}`,
    prompt: `Why is this accepted? The suppression expires on ${entry.until ?? 'never'}.`,
    value: entry.reason,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? 'A reason helps the next person: please give one.' : undefined),
  });
  if (reason === undefined) return false;
  const config = vscode.workspace.getConfiguration('sigma', uri);
  const current = config.get<IgnoreEntry[]>('ignore', []);
  const next = [...current.filter((e) => e.package !== entry.package), { ...entry, reason: reason.trim() }];
  const target = vscode.workspace.getWorkspaceFolder(uri) ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  await config.update('ignore', next, target);
  return true;
}
