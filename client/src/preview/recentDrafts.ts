/**
 * Draft ids used in this workspace, newest first, kept in `workspaceState` so the QuickPick can offer
 * them. Ids only: never a token.
 */
import type * as vscode from 'vscode';

const KEY = 'sigma.recentDrafts';
export const MAX_RECENT_DRAFTS = 10;

/** The list with `id` moved (or added) to the front, capped. */
export function withRecent(list: readonly string[], id: string, max = MAX_RECENT_DRAFTS): string[] {
  return [id, ...list.filter((x) => x !== id)].slice(0, max);
}

/** A usable draft id: not empty, one token of printable characters, not absurdly long. */
export function draftIdProblem(value: string): string | undefined {
  const id = value.trim();
  if (id === '') return 'Enter the draft id shown in the SIGMA developer portal.';
  if (id.length > 200) return 'A draft id is shorter than 200 characters.';
  if (/[\s\u0000-\u001f\u007f/\\?#]/.test(id)) return 'A draft id has no spaces, slashes, "?" or "#".';
  return undefined;
}

export class RecentDrafts {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const value = this.state.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  }

  remember(id: string): Thenable<void> {
    return this.state.update(KEY, withRecent(this.list(), id));
  }
}
