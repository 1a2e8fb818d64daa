/**
 * Asks a webview what it rendered (`probe` → `probeResult`), for the end-to-end tests: they check
 * through the extension's API that hostile text was shown as text and created no element.
 */
import type * as vscode from 'vscode';
import type { ProbeResult } from './view/webviewMessages';

export class WebviewProbe {
  private next = 1;
  private readonly waiting = new Map<number, (result: ProbeResult) => void>();

  /** Sends the probe and resolves with the answer, or rejects after `timeoutMs`. */
  ask(webview: vscode.Webview, timeoutMs = 10_000): Promise<ProbeResult> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the webview did not answer probe ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      void webview.postMessage({ type: 'probe', id });
    });
  }

  /** Called with each `probeResult` message the webview sends. */
  answer(id: number, result: ProbeResult): void {
    this.waiting.get(id)?.(result);
    this.waiting.delete(id);
  }
}
