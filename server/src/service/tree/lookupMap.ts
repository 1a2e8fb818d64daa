/**
 * A Map whose entries are made only when something needs them all: until then `get` and `has` are
 * answered by a lookup function, and the first other call (`size`, iteration, `forEach`, `set`,
 * `delete`, `clear`) makes every entry, in the order `fill` gives them, and from then on it is a plain
 * Map. Why: a yarn.lock read without its manifest holds ~85,000 importer keys and as many pins
 * (every descriptor may be how the manifest writes an entry), and filling those two Maps, the pin
 * objects and their ranges was ~100 ms of a ~330 ms read, while the product asks a handful of them by
 * name (resolve/lockPin.ts) and iterates them only for an override's code action
 * (docs/decisions.md, "Pins and yarn classic importers answered by lookup").
 *
 * Contract for `lookup` and `fill`: they describe the same entries (`lookup(k)` is the value `fill`
 * gives `k`, undefined when it gives none), values are never undefined, and what they read does not
 * change afterwards. `test/unit/tree/lookupMap.property.test.ts` holds the class to a plain Map.
 * The state is in private fields, so `assert.deepStrictEqual` sees only the entries, as for a Map.
 */
export class LookupMap<K, V> extends Map<K, V> {
  #lookup: ((key: K) => V | undefined) | undefined;
  #fill: ((add: (key: K, value: V) => void) => void) | undefined;

  constructor(lookup: (key: K) => V | undefined, fill: (add: (key: K, value: V) => void) => void) {
    super();
    this.#lookup = lookup;
    this.#fill = fill;
  }

  /** Makes every entry, once. */
  #made(): void {
    const fill = this.#fill;
    if (fill === undefined) return;
    this.#fill = this.#lookup = undefined;
    fill((key, value) => void Map.prototype.set.call(this, key, value));
  }

  override get(key: K): V | undefined {
    return this.#lookup !== undefined ? this.#lookup(key) : super.get(key);
  }

  override has(key: K): boolean {
    return this.#lookup !== undefined ? this.#lookup(key) !== undefined : super.has(key);
  }

  override get size(): number {
    this.#made();
    return super.size;
  }

  override set(key: K, value: V): this {
    this.#made();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.#made();
    return super.delete(key);
  }

  override clear(): void {
    this.#made();
    super.clear();
  }

  override forEach(visit: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#made();
    super.forEach(visit, thisArg);
  }

  override keys(): MapIterator<K> {
    this.#made();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.#made();
    return super.values();
  }

  override entries(): MapIterator<[K, V]> {
    this.#made();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.#made();
    return super[Symbol.iterator]();
  }

  /** What `console.log` and assertion messages show (Node reads this symbol): the entries, made. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: unknown, inspect: (value: unknown, options: unknown) => string): string {
    this.#made();
    return `LookupMap ${inspect(new Map(this), options)}`;
  }
}
