// The extension's test API (what activate() returns) and waits on it, for the ui.*.test.ts files.
// Every wait is on an event of the extension, bounded by a time limit that says what was there.
import * as vscode from 'vscode';
import type { SigmaExtensionApi } from '../../../client/src/extension';
import type { WorkspaceSummary } from '../../../shared/src/protocol';

export const EXTENSION_ID = 'sigma-package-trust.sigma-package-trust';

export async function sigmaApi(): Promise<SigmaExtensionApi> {
  const extension = vscode.extensions.getExtension<SigmaExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Rejects after `ms` with `what()` in the message; the timer never keeps the host alive. */
export function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Resolves with the summary once `accept` holds, waiting on the extension's summary changes. */
export async function waitForSummary(api: SigmaExtensionApi, accept: (s: WorkspaceSummary) => boolean, timeoutMs = 60_000): Promise<WorkspaceSummary> {
  const deadline = Date.now() + timeoutMs;
  await api.summary();
  for (;;) {
    // Subscribe before looking, so a change in between is not missed.
    const next = api.nextSummaryChange();
    const current = api.currentSummary();
    if (accept(current)) return current;
    const describe = (): string => `summary: ${JSON.stringify({ checking: current.checking, counts: current.counts, names: current.dependencies.map((d) => `${d.name}:${d.status}`) })}`;
    await within(next, Math.max(1, deadline - Date.now()), describe);
  }
}

/** Probes a webview until its rendered text satisfies `accept` (the page may still be drawing). */
export async function waitForRendered<T extends { text: string }>(probe: () => Promise<T | undefined>, accept: (r: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last && accept(last)) return last;
    // Each probe is a full round trip to the webview; the next one follows its answer.
  }
  throw new Error(`webview never showed the expected content; last text: ${JSON.stringify(last?.text.slice(0, 2000))}`);
}
