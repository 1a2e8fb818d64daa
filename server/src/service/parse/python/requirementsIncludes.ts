/**
 * Pure helpers for the driver that follows `-r` / `-c` includes: where an include points, and whether
 * following it would loop. Each included file is parsed as its own document, so the parser itself
 * never recurses; the driver reads files and uses these to stay out of cycles.
 */

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The include `target` as written in the file `from` (both '/'-separated: a posix path or a URL),
 * resolved against the folder of `from` the way pip does: URLs and absolute paths (also `C:/…`) are
 * taken as they are, relative paths are relative to the including file. `.` and `..` segments are folded.
 */
export function resolveIncludePath(from: string, target: string): string {
  if (SCHEME.test(target) || target.startsWith('/')) return foldDots(target);
  if (/^[A-Za-z]:\//.test(target)) return target;
  const folder = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  return foldDots(folder + target);
}

function foldDots(path: string): string {
  const scheme = SCHEME.exec(path)?.[0] ?? '';
  const rest = path.slice(scheme.length);
  const absolute = rest.startsWith('/');
  const out: string[] = [];
  for (const segment of rest.split('/')) {
    if (segment === '' || segment === '.') continue;
    const keepsHost = scheme !== '' && out.length === 1;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..' && !keepsHost) out.pop();
    else if (segment === '..' && keepsHost) continue;
    else if (segment === '..' && absolute) continue;
    else out.push(segment);
  }
  // With a URL scheme, the first segment is the host and must stay first.
  return scheme + (absolute ? '/' : '') + out.join('/');
}

/**
 * The first cycle reachable from `start` (or from any node, in insertion order, when `start` is not
 * given) in a graph of file → files it includes. Returns the cycle as a path that begins and ends
 * with the same file (`['a', 'b', 'a']`; a file that includes itself gives `['a', 'a']`), or null.
 */
export function findIncludeCycle(graph: ReadonlyMap<string, readonly string[]>, start?: string): string[] | null {
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];

  // Iterative depth-first search so that a long include chain cannot overflow the stack.
  const visit = (root: string): string[] | null => {
    const stack: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    onPath.set(root, 0);
    path.push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const children = graph.get(top.node) ?? [];
      if (top.next < children.length) {
        const child = children[top.next++];
        const at = onPath.get(child);
        if (at !== undefined) return [...path.slice(at), child];
        if (done.has(child)) continue;
        onPath.set(child, path.length);
        path.push(child);
        stack.push({ node: child, next: 0 });
      } else {
        stack.pop();
        path.pop();
        onPath.delete(top.node);
        done.add(top.node);
      }
    }
    return null;
  };

  const roots = start !== undefined ? [start] : [...graph.keys()];
  for (const root of roots) {
    if (done.has(root)) continue;
    const cycle = visit(root);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * Whether adding the include `from → to` to the files read so far (`graph`: file → the files it
 * includes) closes a cycle, that is whether `to` already leads back to `from`. A file included twice
 * along two paths (a diamond) is not a cycle; a file that includes itself is.
 */
export function closesIncludeCycle(graph: ReadonlyMap<string, readonly string[]>, from: string, to: string): boolean {
  if (from === to) return true;
  const cycle = findIncludeCycle(new Map([...graph, [from, [to]]]), from);
  return cycle !== null && cycle[0] === from;
}
