/**
 * Messages between the extension and its two webviews (postMessage). The extension sends data; the
 * webview sends intents. `probe` / `probeResult` let the end-to-end tests read what the webview
 * rendered (its text and element counts) without a browser driver.
 */
import type { StatsResult } from '../../../shared/src/protocol';
import type { PreviewFailure, PreviewModel } from './previewModel';

export interface ProbeResult {
  /** The document body's textContent, whitespace collapsed. */
  text: string;
  /** Element counts by tag name (lower case) of what the page rendered (inside its root element). */
  counts: Record<string, number>;
  /** Elements with any `on…` attribute, which rendering as text must never create. */
  handlers: number;
}

export type PreviewToWebview =
  | { type: 'loading'; draftId: string }
  | { type: 'preview'; model: PreviewModel }
  | { type: 'failure'; failure: PreviewFailure }
  | { type: 'probe'; id: number };

export type PreviewFromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'setToken' }
  | { type: 'openSettings' }
  | { type: 'probeResult'; id: number; result: ProbeResult };

export type StatsToWebview = { type: 'loading' } | { type: 'stats'; result: StatsResult } | { type: 'probe'; id: number };

export type StatsFromWebview = { type: 'ready' } | { type: 'refresh' } | { type: 'probeResult'; id: number; result: ProbeResult };

/** What the panel keeps across reloads (webview state): the draft id, never the token. */
export interface PreviewPanelState {
  draftId: string;
}
