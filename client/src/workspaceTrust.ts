/**
 * VS Code workspace trust (docs/security.md): in an untrusted workspace the language server is
 * started with `workspaceTrusted: false` and makes no network request; the user is told once; when
 * trust is granted the server is told and checks begin. The VS Code calls are injected so the logic
 * is unit-tested without an editor.
 */

export const UNTRUSTED_NOTICE = 'SIGMA Package Trust: this workspace is not trusted, so no dependency is looked up on the network. Trust the workspace to check them.';
export const MANAGE_TRUST = 'Manage Workspace Trust';

export interface TrustHost {
  isTrusted(): boolean;
  /** Subscribes to "trust was granted"; returns the unsubscribe. */
  onGranted(listener: () => void): { dispose(): void };
  /** An information message with one button; resolves with the button picked. */
  notify(message: string, button: string): PromiseLike<string | undefined>;
  openTrustSettings(): void;
  /** Tells the running language server (sigma/workspaceTrusted). */
  tellServer(): PromiseLike<void> | void;
}

export class WorkspaceTrustGate {
  private told = false;
  private readonly subscription: { dispose(): void };

  constructor(private readonly host: TrustHost) {
    this.subscription = host.onGranted(() => void this.granted());
  }

  /** For the server's initializationOptions. */
  get trustedAtStart(): boolean {
    return this.host.isTrusted();
  }

  /** Says once, when the workspace is untrusted, that nothing is looked up. */
  async announce(): Promise<void> {
    if (this.told || this.host.isTrusted()) return;
    this.told = true;
    const picked = await this.host.notify(UNTRUSTED_NOTICE, MANAGE_TRUST);
    if (picked === MANAGE_TRUST) this.host.openTrustSettings();
  }

  private async granted(): Promise<void> {
    await this.host.tellServer();
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
