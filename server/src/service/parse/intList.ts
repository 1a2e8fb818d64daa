/**
 * A growing list of integers in a typed array: its contents live outside the garbage-collected heap,
 * where a plain array of ~400,000 offsets (yarn classic's edges, npm/yarnClassicReader.ts) was copied
 * as it grew and again by each collection.
 */
export class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}
