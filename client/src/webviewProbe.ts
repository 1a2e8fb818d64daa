/**
 * Asks a webview what it rendered (`probe` → `probeResult`), for the end-to-end tests: they check
 * through the extension's API that hostile text was shown as text and created no element. A probe
 * waits until the page said `ready`: a message posted while the page is still loading is lost.
 */
import type * as vscode from 'vscode';
import type { ProbeResult } from './view/webviewMessages';

export class WebviewProbe {
  private next = 1;
  private readonly waiting = new Map<number, (result: ProbeResult) => void>();
  private ready = false;
  private readonly queued: (() => void)[] = [];

  /** A new page is loading (new HTML): probes wait for its `ready`. */
  reset(): void {
    this.ready = false;
  }

  /** The page's script runs and listens: send what waited. */
  markReady(): void {
    this.ready = true;
    for (const send of this.queued.splice(0)) send();
  }

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
      const send = (): void => void webview.postMessage({ type: 'probe', id });
      if (this.ready) send();
      else this.queued.push(send);
    });
  }

  /** Called with each `probeResult` message the webview sends. */
  answer(id: number, result: ProbeResult): void {
    this.waiting.get(id)?.(result);
    this.waiting.delete(id);
  }
}
