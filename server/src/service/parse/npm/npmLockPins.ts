/**
 * Turns lockfile entries into the pins the manifest's dependencies get (see npmLockfile.ts for
 * the rules). It receives entries from either reader, the fast scanner or the tolerant fallback,
 * so both give the same answer.
 */
import type { LockedPackage } from '../../model';
import type { LockEntry, LockVisitor } from './npmLockScanner';
import { splitNameAndSpec } from './npmName';

const NODE_MODULES = 'node_modules/';

/**
 * A strict semver 2.0.0 version, as npm writes into lockfiles. A regex rather than semver.valid:
 * semver.valid builds a SemVer object per call, 7–50 ms for 29,000 entries on this machine.
 */
const IDENTIFIER = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-${IDENTIFIER}(?:\\.${IDENTIFIER})*)?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

export class PinCollector implements LockVisitor {
  private readonly rootPins = new Map<string, LockedPackage>();
  /** The member's own copies; undefined records a repeated location that pins nothing. */
  private readonly memberPins = new Map<string, LockedPackage | undefined>();
  private readonly treePins = new Map<string, LockedPackage>();
  /** Keys installed as a link (v2/v3 `link: true`, v1 `file:` versions), with the folder linked to. */
  private readonly linked = new Map<string, string>();
  private readonly treeLinked = new Map<string, string>();
  private hasPackages = false;

  /** `member`: the workspace member's folder, already normalised (npmLockfile.ts). */
  constructor(private readonly member: string | undefined) {}

  wants(location: string): boolean {
    return folderStart(location, this.member) >= 0;
  }

  packagesFound(): void {
    this.hasPackages = true;
  }

  /** The key a wanted location pins (the folder below `node_modules/`), or undefined. */
  keyOf(location: string): string | undefined {
    const start = folderStart(location, this.member);
    return start < 0 ? undefined : location.slice(start);
  }

  packageEntry(location: string, entry: LockEntry | undefined): void {
    const key = this.keyOf(location);
    if (key === undefined) return;
    if (entry?.link === true) this.linked.set(key, entry.resolved ?? location);
    const pin = entry && entry.link !== true ? pinOf(key, entry) : undefined;
    // A repeated location replaces the earlier one, even when the later one pins nothing.
    if (!location.startsWith(NODE_MODULES)) this.memberPins.set(key, pin);
    else if (pin) this.rootPins.set(key, pin);
    else this.rootPins.delete(key);
  }

  dependencyEntry(name: string, entry: LockEntry | undefined): void {
    // v1 records an alias in the version: `"my-lodash": { "version": "npm:lodash@4.17.21" }`.
    const alias = entry?.version?.startsWith('npm:') ? splitNameAndSpec(entry.version.slice(4)) : undefined;
    const pin = !entry ? undefined : alias ? pinFrom(alias.name, alias.spec, entry) : pinFrom(name, entry.version, entry);
    // v1 records a workspace member or local folder as `"version": "file:packages/lib"`.
    if (entry?.version?.startsWith('file:')) this.treeLinked.set(name, entry.version.slice('file:'.length));
    if (pin) this.treePins.set(name, pin);
    else this.treePins.delete(name);
  }

  /** v2/v3: every key read with `link: true` so far, pinned or not (the map itself). */
  linkedKeys(): Map<string, string> {
    return this.linked;
  }

  /** Keys the manifest's dependencies get as links to local folders; a key that also has a pin is not one. */
  links(): Map<string, string> {
    const pins = this.pins();
    const links = this.hasPackages ? this.linked : this.treeLinked;
    // Most lockfiles have no links: then there is nothing to take out (no walk over every pin's key).
    if (links.size > 0) for (const key of pins.keys()) links.delete(key);
    return links;
  }

  /** v2/v3 `packages` whenever the file has it, with the member's own copies winning; else the v1 tree. */
  pins(): Map<string, LockedPackage> {
    if (!this.hasPackages) return this.treePins;
    for (const [key, pin] of this.memberPins) if (pin) this.rootPins.set(key, pin);
    return this.rootPins;
  }
}

/**
 * Where the package folder starts in a `packages` key that is a root-level (`node_modules/<name>`)
 * or member-level (`<member>/node_modules/<name>`) install, or -1. It allocates nothing: it runs
 * for every key of a lockfile with tens of thousands of entries.
 */
function folderStart(location: string, member: string | undefined): number {
  let start = -1;
  if (location.startsWith(NODE_MODULES)) start = NODE_MODULES.length;
  else if (member !== undefined && location.startsWith(member) && location.startsWith(`/${NODE_MODULES}`, member.length)) {
    start = member.length + 1 + NODE_MODULES.length;
  }
  return start >= 0 && isPackageFolder(location, start) ? start : -1;
}

/** `name` or `@scope/name` from `start` to the end, and nothing deeper (`a/node_modules/b` is a transitive copy). */
function isPackageFolder(location: string, start: number): boolean {
  const slash = location.indexOf('/', start);
  if (location.charCodeAt(start) !== 0x40 /* @ */) return slash < 0 && start < location.length;
  return slash > start + 1 && slash < location.length - 1 && location.indexOf('/', slash + 1) < 0;
}

/**
 * Shared by every pin: a lockfile of tens of thousands of entries would otherwise allocate as many
 * empty arrays, and every object a pin holds is copied by each minor GC while the parse runs.
 * Frozen, so a consumer that tried to add to it would fail loudly (the resolver copies it).
 */
const NO_HASHES = Object.freeze([]) as readonly string[] as string[];

/** The pin a v2/v3 `packages` entry that is not a link gives its key, or undefined. */
export function pinOf(key: string, entry: LockEntry): LockedPackage | undefined {
  return pinFrom(entry.name ?? key, entry.version, entry);
}

function pinFrom(name: string, version: string | undefined, entry: LockEntry): LockedPackage | undefined {
  if (version === undefined || !SEMVER.test(version)) return undefined;
  const { integrity, resolved } = entry;
  // The usual entry has both: one literal with every field keeps them inside the object; adding
  // properties afterwards gives each pin a second, out-of-object property store.
  if (integrity !== undefined && resolved !== undefined) return { registry: 'npm', name, version, hashes: NO_HASHES, integrity, resolved };
  const pin: LockedPackage = { registry: 'npm', name, version, hashes: NO_HASHES };
  if (integrity !== undefined) pin.integrity = integrity;
  if (resolved !== undefined) pin.resolved = resolved;
  return pin;
}
