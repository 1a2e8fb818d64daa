/**
 * The developer token, kept only in VS Code's secret storage (the OS keychain on the desktop). It is
 * read at the moment of a draft preview request and handed to fetchDraftPreview; it is never put in
 * settings, the output channel, webview state or an error text.
 */
import * as vscode from 'vscode';
import { originOf, tokenForRequest, type TokenForOrigin } from './tokenOrigin';

const SECRET_KEY = 'sigma.developerToken';
/** The API origin the token was saved for (tokenOrigin.ts). */
const ORIGIN_KEY = 'sigma.developerToken.origin';

/** Asks a modal yes/no; resolves with the button picked. Injected so tests can answer it. */
export type Confirm = (message: string, button: string) => Thenable<string | undefined>;

const modalConfirm: Confirm = (message, button) => vscode.window.showWarningMessage(message, { modal: true }, button);


/** A token that can go into an `authorization` header: no spaces or control characters. */
export function tokenProblem(value: string): string | undefined {
  const t = value.trim();
  if (t.length === 0) return 'Paste the developer token from the SIGMA developer portal.';
  if (/[\s\u0000-\u001f\u007f]/.test(t)) return 'A developer token has no spaces or line breaks.';
  return undefined;
}

export class TokenStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** The API URL the token is being saved for (the current `sigma.apiUrl`). */
    private readonly apiUrl: () => string,
    /** The user's own (not a workspace's) API URL, for tokens saved before origins were recorded. */
    private readonly userApiUrl: () => string,
    private readonly confirm: Confirm = modalConfirm,
  ) {}

  /**
   * The token for a request to `apiUrl`: given at once when it goes to the origin it was saved for,
   * else only after the user agrees in a modal dialog. A no sends nothing.
   */
  tokenFor(apiUrl: string): Promise<TokenForOrigin> {
    return tokenForRequest(
      {
        token: () => this.get(),
        savedOrigin: async () => this.secrets.get(ORIGIN_KEY),
        userOrigin: () => originOf(this.userApiUrl()),
        confirm: (message, button) => this.confirm(message, button),
      },
      apiUrl,
    );
  }

  async get(): Promise<string | undefined> {
    const value = await this.secrets.get(SECRET_KEY);
    return value && value.trim() !== '' ? value : undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /**
   * Asks for the token in a password box, or takes `provided` (for automation: tests and other
   * extensions may pass it as the command's argument). Returns whether a token was stored.
   */
  async ask(provided?: unknown): Promise<boolean> {
    let value = typeof provided === 'string' ? provided : undefined;
    if (value !== undefined && tokenProblem(value) !== undefined) {
      void vscode.window.showErrorMessage(`SIGMA: the developer token was not saved. ${tokenProblem(value)}`);
      return false;
    }
    value ??= await vscode.window.showInputBox({
      title: 'SIGMA Developer Token',
      prompt: 'Stored in VS Code secret storage; sent only to the configured SIGMA API for draft previews.',
      password: true,
      ignoreFocusOut: true,
      validateInput: tokenProblem,
    });
    if (value === undefined) return false;
    await this.secrets.store(SECRET_KEY, value.trim());
    const origin = originOf(this.apiUrl());
    if (origin !== undefined) await this.secrets.store(ORIGIN_KEY, origin);
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    await this.secrets.delete(ORIGIN_KEY);
  }
}

export function registerTokenCommands(store: TokenStore): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('sigma.setToken', async (token?: unknown) => {
      const saved = await store.ask(token);
      if (saved) void vscode.window.showInformationMessage('SIGMA: developer token saved in secret storage.');
      return saved;
    }),
    vscode.commands.registerCommand('sigma.clearToken', async () => {
      await store.clear();
      void vscode.window.showInformationMessage('SIGMA: developer token removed.');
    }),
  ];
}
