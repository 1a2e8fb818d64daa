/**
 * The open workspace folders, as file-system paths: `-r`/`-c` includes are followed only inside the
 * folder a document belongs to (docs/security.md).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? path.resolve(fileURLToPath(uri)) : undefined;
  } catch {
    return undefined;
  }
}

export class WorkspaceRoots {
  private roots: string[] = [];

  set(uris: string[]): void {
    this.roots = uris.map(toPath).filter((p): p is string => p !== undefined);
  }

  change(added: string[], removed: string[]): void {
    const gone = new Set(removed.map(toPath));
    this.roots = [...this.roots.filter((r) => !gone.has(r)), ...added.map(toPath).filter((p): p is string => p !== undefined)];
  }

  /** The innermost workspace folder holding `file`, else the file's own folder. */
  rootFor(file: string): string {
    const abs = path.resolve(file);
    let best: string | undefined;
    for (const root of this.roots) {
      const rel = path.relative(root, abs);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && (best === undefined || root.length > best.length)) best = root;
    }
    return best ?? path.dirname(abs);
  }
}
