/**
 * What the preview panel shows, computed in the extension and posted to the webview as plain data.
 * The webview only lays it out; every string here came from the network and is inserted as text.
 */
import type { DraftPreview, DraftPreviewItem } from '../../../shared/src/preview';
import type { TreeComparison } from './treeComparison';
import type { ItemDiff, WorkspaceExtra } from './workspaceDiff';

/** One quote item as received, plus how it differs from the open workspace. */
export interface PreviewRow extends DraftPreviewItem {
  diff: ItemDiff;
}

/** The quote's totals: every figure of the answer except the items. */
export type PreviewTotals = Omit<DraftPreview, 'enabled' | 'items' | 'omittedItems'>;

export interface PreviewModel {
  draftId: string;
  totals: PreviewTotals;
  rows: PreviewRow[];
  extras: WorkspaceExtra[];
  /** Items beyond the client's cap, not shown. */
  omittedItems: number;
  /** Whether the workspace had any checked dependency to compare with. */
  comparedWithWorkspace: boolean;
  /** The draft's transitive figures beside the workspace's whole tree. */
  tree: TreeComparison;
  /** Epoch milliseconds. */
  fetchedAt: number;
}

export type PreviewFailureKind = 'disabled' | 'unauthorized' | 'not-found' | 'network' | 'invalid' | 'insecure' | 'token-origin' | 'untrusted' | 'cancelled';

export interface PreviewFailure {
  draftId: string;
  kind: PreviewFailureKind;
  title: string;
  message: string;
  /** Buttons offered with the message. */
  actions: ('setToken' | 'retry' | 'openSettings')[];
}

/** A heading and the next step for each way the preview can fail. */
export function failureView(draftId: string, kind: PreviewFailureKind, message: string): PreviewFailure {
  switch (kind) {
    case 'disabled':
      return { draftId, kind, title: 'Package preview not enabled', message: `${message} Ask SIGMA support to enable the draft package preview for your account.`, actions: ['retry'] };
    case 'unauthorized':
      return { draftId, kind, title: 'Developer token needed', message, actions: ['setToken', 'retry'] };
    case 'not-found':
      return { draftId, kind, title: 'Draft not found', message: `${message} Check the draft id in the SIGMA developer portal.`, actions: ['retry'] };
    case 'insecure':
      return { draftId, kind, title: 'Insecure API URL', message, actions: ['openSettings'] };
    case 'untrusted':
      return { draftId, kind, title: 'Workspace not trusted', message, actions: ['retry'] };
    case 'token-origin':
      return { draftId, kind, title: 'Developer token not sent', message: `${message} Check sigma.apiUrl, or save the token again for this API.`, actions: ['openSettings', 'setToken'] };
    case 'invalid':
      return { draftId, kind, title: 'Unreadable answer', message, actions: ['retry'] };
    case 'network':
      return { draftId, kind, title: 'SIGMA unreachable', message, actions: ['retry'] };
    case 'cancelled':
      return { draftId, kind, title: 'Cancelled', message: 'The package preview request was cancelled.', actions: ['retry'] };
  }
}
