/**
 * The persistent `CacheStore`: always in memory; with a directory, also one file per namespace,
 * read synchronously at creation and written back after a quiet period (debounced, atomic; a write
 * waits at most `maxFlushDelayMs` while changes keep coming).
 *
 * Several processes may share the folder (two editor windows and a CI job): a write takes the
 * namespace's lock file, reads what is on disk, keeps every entry it does not know (and the newer
 * `storedAt` of one both know, unless this process deleted it since), and only then replaces the
 * file. Writing this process's memory alone would drop every entry another process stored since
 * this one loaded (docs/security.md).
 *
 * Freshness is not decided here: an entry keeps its `storedAt` and the caller compares it with its
 * TTL. The only thing that removes entries is the size bound, oldest `storedAt` first.
 *
 * Values are JSON data and are treated as immutable once `set`: their JSON text is computed once
 * and reused by every later write.
 *
 * Certificates and verify payloads (`TEXT_NAMESPACES`) are held as their JSON text only, from the
 * moment they are set, and parsed again on every `get`: a large workspace keeps thousands of them,
 * the service keeps its own parsed `Certificate` of each, and the text is what a write needs anyway
 * (docs/decisions.md, "Cached certificates are held as text").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CacheEntry, CacheNamespace, CacheStore, Logger } from '../../service/ports';
import { TEMP_SUFFIX, writeFileAtomic } from './atomicWrite';
import { asciiJson, decodeCacheFile, encodeCacheFile, type StoredEntry } from './cacheFile';
import { withFileLock } from './fileLock';

export interface DiskCacheOptions {
  /** Where the files live; without it the cache is memory only. */
  dir?: string;
  maxEntriesPerNamespace?: Partial<Record<CacheNamespace, number>>;
  /** Quiet period before changes are written. Default 1000 ms. */
  flushDelayMs?: number;
  /** Longest a change waits while changes keep coming (a long check never goes quiet). Default 10000 ms. */
  maxFlushDelayMs?: number;
  logger?: Logger;
}

export interface DiskCache extends CacheStore {
  /** Writes every pending change now. Never rejects: write failures are logged. */
  flush(): Promise<void>;
  /** Flushes, then stops writing; no timer stays. */
  close(): Promise<void>;
}

export const CACHE_NAMESPACES: readonly CacheNamespace[] = ['certificate', 'verify', 'versions', 'advisories', 'pypiRelease'];

/** Enough for large monorepos several times over; each entry is a few KB at most. */
const DEFAULT_MAX_ENTRIES: Readonly<Record<CacheNamespace, number>> = {
  certificate: 20_000,
  verify: 5_000,
  versions: 5_000,
  advisories: 20_000,
  pypiRelease: 5_000,
};

/**
 * Namespaces whose values are kept as JSON text, never as parsed objects: each value is read once
 * per check and interpreted into the service's own types, so a parsed copy here would be a second
 * one. Version lists and advisories are read again and again while ranges resolve, so they stay parsed.
 */
const TEXT_NAMESPACES: ReadonlySet<CacheNamespace> = new Set<CacheNamespace>(['certificate', 'verify']);

/** Temporary files older than this are leftovers of a writer that died; younger ones may be in use. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * An entry in memory. A loaded entry points into its file's bytes, [start, end), until first read
 * (in a text namespace, for good); an entry set since keeps its value, and its JSON text once a
 * write has needed it, or only its JSON text in a text namespace. One flat object per entry: loading
 * allocates as little as possible.
 */
interface Slot {
  storedAt: number;
  parsed: boolean;
  value: unknown;
  raw: string | undefined;
  bytes: Buffer | undefined;
  start: number;
  end: number;
}

export function createDiskCache(options: DiskCacheOptions = {}): DiskCache {
  const { dir, logger } = options;
  const flushDelayMs = options.flushDelayMs ?? 1000;
  const maxFlushDelayMs = Math.max(flushDelayMs, options.maxFlushDelayMs ?? 10_000);
  const limits = { ...DEFAULT_MAX_ENTRIES, ...options.maxEntriesPerNamespace };
  const maps = new Map<CacheNamespace, Map<string, Slot>>(CACHE_NAMESPACES.map((ns) => [ns, new Map()]));
  const dirty = new Set<CacheNamespace>();
  /** Keys deleted here since the last write: the disk's copy of them is not merged back. */
  const removed = new Map<CacheNamespace, Set<string>>(CACHE_NAMESPACES.map((ns) => [ns, new Set()]));
  let timer: NodeJS.Timeout | undefined;
  /** When the oldest unwritten change was made; the quiet period may not push its write past the maximum. */
  let dirtySince: number | undefined;
  let writing: Promise<void> = Promise.resolve();
  /** Bumped by clear(): a write that started before it must not bring the old content back. */
  let generation = 0;
  let closed = false;

  const fileOf = (ns: CacheNamespace): string => path.join(dir ?? '', `${ns}.cache`);
  const lockOf = (ns: CacheNamespace): string => `${fileOf(ns)}${LOCK_SUFFIX}`;
  const removedOf = (ns: CacheNamespace): Set<string> => removed.get(ns) ?? new Set();
  const mapOf = (ns: CacheNamespace): Map<string, Slot> => {
    const map = maps.get(ns);
    if (!map) throw new Error(`unknown cache namespace ${String(ns)}`);
    return map;
  };

  if (dir !== undefined) {
    removeStaleTempFiles(dir);
    for (const ns of CACHE_NAMESPACES) load(ns);
  }

  function load(ns: CacheNamespace): void {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(fileOf(ns));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Missing, or a missing parent: nothing cached yet (a write will report an unusable directory).
      if (code !== 'ENOENT' && code !== 'ENOTDIR') logger?.warn(`Cache: cannot read ${fileOf(ns)}: ${errorText(error)}`);
      return;
    }
    const decoded = decodeSlots(ns, bytes);
    if (!decoded.ok) {
      logger?.warn(`Cache: discarding ${fileOf(ns)}: ${decoded.reason}`);
      return;
    }
    const map = decoded.entries;
    maps.set(ns, map);
    if (map.size > limits[ns]) {
      const oldestFirst = [...map].sort((a, b) => a[1].storedAt - b[1].storedAt);
      for (const [key] of oldestFirst.slice(0, map.size - limits[ns])) map.delete(key);
      markDirty(ns);
    }
  }

  function get(ns: CacheNamespace, key: string): CacheEntry | undefined {
    const map = mapOf(ns);
    const slot = map.get(key);
    if (!slot) return undefined;
    if (!slot.parsed) {
      try {
        const value: unknown = JSON.parse(jsonText(slot));
        // A text namespace hands out a fresh parse each time and keeps only the text.
        if (TEXT_NAMESPACES.has(ns)) return { value, storedAt: slot.storedAt };
        slot.value = value;
        slot.parsed = true;
      } catch {
        logger?.warn(`Cache: dropping a corrupt ${ns} entry`);
        remove(ns, key);
        return undefined;
      }
    }
    return { value: slot.value, storedAt: slot.storedAt };
  }

  function set(ns: CacheNamespace, key: string, entry: CacheEntry): void {
    const map = mapOf(ns);
    removedOf(ns).delete(key);
    // Delete first so the Map's order stays the order of the last write.
    map.delete(key);
    map.set(
      key,
      TEXT_NAMESPACES.has(ns)
        ? { storedAt: entry.storedAt, parsed: false, value: undefined, raw: asciiJson(entry.value), bytes: undefined, start: 0, end: 0 }
        : { storedAt: entry.storedAt, parsed: true, value: entry.value, raw: undefined, bytes: undefined, start: 0, end: 0 },
    );
    while (map.size > limits[ns]) evictOldest(map);
    markDirty(ns);
  }

  function evictOldest(map: Map<string, Slot>): void {
    let oldestKey: string | undefined;
    let oldest = Infinity;
    for (const [key, slot] of map) {
      if (slot.storedAt < oldest) {
        oldest = slot.storedAt;
        oldestKey = key;
      }
    }
    if (oldestKey !== undefined) map.delete(oldestKey);
  }

  function remove(ns: CacheNamespace, key: string): void {
    if (mapOf(ns).delete(key)) {
      removedOf(ns).add(key);
      markDirty(ns);
    }
  }

  function clear(): void {
    generation++;
    for (const map of maps.values()) map.clear();
    for (const keys of removed.values()) keys.clear();
    dirty.clear();
    if (timer) clearTimeout(timer);
    timer = undefined;
    dirtySince = undefined;
    if (dir === undefined) return;
    for (const ns of CACHE_NAMESPACES) {
      try {
        fs.rmSync(fileOf(ns), { force: true });
      } catch (error) {
        logger?.warn(`Cache: cannot remove ${fileOf(ns)}: ${errorText(error)}`);
      }
    }
  }

  function markDirty(ns: CacheNamespace): void {
    if (dir === undefined || closed) return;
    dirty.add(ns);
    // Every write re-encodes the whole namespace, so writing while a large check is still storing
    // answers costs time over and over (measured in bench/: a 1,000-certificate cold check wrote the
    // file twice a second). Wait for a quiet period, bounded so a busy cache is still written.
    const now = Date.now();
    dirtySince ??= now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, Math.min(flushDelayMs, dirtySince + maxFlushDelayMs - now));
    // A pending write must not keep a process alive; drivers call close() to write before exit.
    timer.unref();
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    dirtySince = undefined;
    // Writes run one after another, each with the content of the moment it starts.
    writing = writing.then(writeDirty);
    return writing;
  }

  async function writeDirty(): Promise<void> {
    const pending = [...dirty];
    dirty.clear();
    for (const ns of pending) {
      const startedIn = generation;
      const deleted = removedOf(ns);
      removed.set(ns, new Set());
      try {
        await fs.promises.mkdir(dir ?? '', { recursive: true });
        await withFileLock(lockOf(ns), async () => {
          const onDisk = await readIfPresent(fileOf(ns));
          // clear() ran while the file was read: what it held is gone, not to be merged back.
          if (startedIn !== generation) return;
          if (onDisk) mergeFromDisk(ns, onDisk, deleted);
          const text = encodeCacheFile(ns, storedEntries(mapOf(ns)));
          await writeFileAtomic(fileOf(ns), text, 'latin1');
        });
        // clear() ran while this was being written: the file must not outlive it.
        if (startedIn !== generation) fs.rmSync(fileOf(ns), { force: true });
      } catch (error) {
        // Not written: these deletions still apply to the next write.
        for (const key of deleted) if (!mapOf(ns).has(key)) removedOf(ns).add(key);
        logger?.warn(`Cache: cannot write ${fileOf(ns)}: ${errorText(error)}`);
      }
    }
  }

  /** Entries another process stored since this one loaded (or a newer copy of one) join this memory. */
  function mergeFromDisk(ns: CacheNamespace, bytes: Buffer, deleted: ReadonlySet<string>): void {
    const decoded = decodeSlots(ns, bytes);
    if (!decoded.ok) return;
    const map = mapOf(ns);
    for (const [key, slot] of decoded.entries) {
      if (deleted.has(key) || removedOf(ns).has(key)) continue;
      const mine = map.get(key);
      if (mine === undefined || slot.storedAt > mine.storedAt) map.set(key, slot);
    }
    while (map.size > limits[ns]) evictOldest(map);
  }

  return {
    get,
    set,
    delete: remove,
    clear,
    flush,
    async close() {
      await flush();
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Suffix of a namespace file's lock (fileLock.ts). */
export const LOCK_SUFFIX = '.lock';

/** A file's entries as slots that point into its bytes (decoded on first read). */
function decodeSlots(ns: CacheNamespace, bytes: Buffer): ReturnType<typeof decodeCacheFile<Slot>> {
  return decodeCacheFile<Slot>(ns, bytes, (storedAt, start, end) => ({ storedAt, parsed: false, value: undefined, raw: undefined, bytes, start, end }));
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The entries as JSON text; a value set since the load is serialised once and the text kept. */
function* storedEntries(map: Map<string, Slot>): Generator<[string, StoredEntry]> {
  for (const [key, slot] of map) {
    if (!slot.bytes) slot.raw ??= asciiJson(slot.value);
    yield [key, { storedAt: slot.storedAt, raw: jsonText(slot) }];
  }
}

/** The value's JSON text; the file's bytes are ASCII, so latin1 decodes them exactly. */
function jsonText(slot: Slot): string {
  if (slot.bytes) return slot.bytes.toString('latin1', slot.start, slot.end);
  return slot.raw ?? 'null';
}

function removeStaleTempFiles(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX) || !CACHE_NAMESPACES.some((ns) => name.startsWith(`${ns}.cache.`))) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another process removed or renamed it meanwhile: nothing left to do.
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
