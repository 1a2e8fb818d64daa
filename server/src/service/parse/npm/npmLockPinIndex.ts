/**
 * The pins of a package-lock.json v2/v3, made when asked for (tree/lookupMap.ts): the scan records
 * where each wanted entry's value starts, and a pin is made from the text when the resolver asks for
 * that name (resolve/lockPin.ts asks for the manifest's dependencies only). Why: making every pin
 * (an object and three strings per top-level entry, ~17,700 in a 10 MB lockfile) and keeping them
 * was ~12 ms of a ~31 ms pins pass and most of what it left for the garbage collector
 * (docs/benchmarks.md, "package-lock.json, garbage per read"). The rules are PinCollector's
 * (npmLockPins.ts): a lookup reads the same entries it would have kept, and iterating the map
 * collects them all with it. Held equal to it by test/unit/parse/npm.property.test.ts.
 */
import type { LockedPackage } from '../../model';
import { LookupMap } from '../../tree/lookupMap';
import { PinCollector, pinOf } from './npmLockPins';
import { type LockEntry, lockEntryReader, type LockVisitor, scanLockfile } from './npmLockScanner';

export class PinIndex implements LockVisitor {
  /** v1 `dependencies`, and the links: read as the collector reads them. */
  private readonly collector: PinCollector;
  /** Key → where the last root-level (`node_modules/<key>`) entry's value starts. */
  private readonly rootAt = new Map<string, number>();
  /** Key → where the last member-level entry's value starts. */
  private readonly memberAt = new Map<string, number>();
  private hasPackages = false;

  constructor(
    private readonly text: string,
    private readonly member: string | undefined,
  ) {
    this.collector = new PinCollector(member);
  }

  wants(location: string): boolean {
    return this.collector.wants(location);
  }

  packagesFound(): void {
    this.hasPackages = true;
    this.collector.packagesFound();
  }

  packageEntry(location: string, entry: LockEntry | undefined, at?: number): void {
    const key = this.collector.keyOf(location);
    if (key === undefined || at === undefined) return;
    if (entry?.link === true) this.collector.packageEntry(location, entry); // records the link, pins nothing
    (location.startsWith('node_modules/') ? this.rootAt : this.memberAt).set(key, at);
  }

  dependencyEntry(name: string, entry: LockEntry | undefined): void {
    this.collector.dependencyEntry(name, entry);
  }

  /** The pins and links, once the scan has gone through the whole text. */
  result(): { pins: Map<string, LockedPackage>; links: Map<string, string> } {
    if (!this.hasPackages) return { pins: this.collector.pins(), links: this.collector.links() };
    const read = lockEntryReader(this.text);
    const made = new Map<string, LockedPackage | undefined>();
    const pinAt = (key: string, at: number | undefined): LockedPackage | undefined => {
      if (at === undefined) return undefined;
      const entry = read(at);
      return entry && entry.link !== true ? pinOf(key, entry) : undefined;
    };
    // A member's own copy wins when it pins something; otherwise the root's last entry decides.
    const lookup = (key: string): LockedPackage | undefined => {
      if (made.has(key)) return made.get(key);
      const pin = pinAt(key, this.memberAt.get(key)) ?? pinAt(key, this.rootAt.get(key));
      made.set(key, pin);
      return pin;
    };
    const { text, member } = this;
    const pins = new LookupMap<string, LockedPackage>(lookup, (add) => {
      const all = new PinCollector(member);
      scanLockfile(text, all);
      for (const [key, pin] of all.pins()) add(key, pin);
    });
    const links = this.collector.linkedKeys();
    for (const key of [...links.keys()]) if (lookup(key) !== undefined) links.delete(key);
    return { pins, links };
  }
}
