/**
 * yarn classic's importer map when the manifest's entries are not given (what the product does:
 * parse/npm/index.ts): every descriptor of an entry with a node (how the manifest writes its own
 * entry), then each name the lockfile holds one entry of — the same keys, order and values as the
 * general reading's `builder.direct` calls (yarnLock.ts `assemble`), answered from the reader's own
 * tables instead of a Map: the 10 MB bench lockfile has ~85,000 such keys, and filling a Map (or a
 * second table) with them was the largest single cost of a read that the product only asks by name
 * (tree/lookupMap.ts; docs/benchmarks.md, "Findings: yarn classic importers and lazy pins").
 */
import { LookupMap } from '../../tree/lookupMap';
import type { NodeIndex } from '../../tree/types';
import { IntList } from '../intList';
import { ABSENT, type SpanTable } from '../spanTable';

/** No node (yet) for a descriptor: it is not an importer key. */
const NONE = -1;

export class ClassicImporter {
  /** Per key index of `byDescriptor`: the node of the last entry with a node that lists it, or NONE. */
  private readonly nodeOf = new IntList();
  /** Key indexes of `byDescriptor` in the order they first became importer keys. */
  private readonly order = new IntList();

  /**
   * `byDescriptor`: every header descriptor → its entry (the reader's table, which also holds the
   * descriptors of skipped entries and `::` prefixes, so it is not the importer's keys by itself).
   * `byName`: each entry's name → its node, or a negative value when not one node.
   */
  constructor(
    private readonly byDescriptor: SpanTable,
    private readonly byName: SpanTable,
  ) {}

  /** The descriptor of key index `index` (in `byDescriptor`) belongs to an entry whose node is `node`. */
  add(index: number, node: NodeIndex): void {
    while (this.nodeOf.length <= index) this.nodeOf.push(NONE);
    if (this.nodeOf.data[index] === NONE) this.order.push(index);
    this.nodeOf.data[index] = node;
  }

  /** The importer's map, once every entry is read: a name set after the descriptors replaces a descriptor's value, as `Map.set` does. */
  map(): Map<string, NodeIndex> {
    const { byDescriptor, byName, nodeOf, order } = this;
    return new LookupMap<string, NodeIndex>(
      (key) => {
        const named = byName.get(key);
        if (named >= 0) return named;
        const index = byDescriptor.indexOf(key);
        const node = index === ABSENT || index >= nodeOf.length ? NONE : nodeOf.data[index];
        return node === NONE ? undefined : node;
      },
      (add) => {
        for (let i = 0; i < order.length; i++) add(byDescriptor.keyAt(order.data[i]), nodeOf.data[order.data[i]]);
        byName.forEach((node, name) => {
          if (node >= 0) add(name, node);
        });
      },
    );
  }
}
