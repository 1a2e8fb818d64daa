/**
 * Scheduling of checks for open manifests: parse at once on every change (cheap), publish what is
 * already known straight away, and start network work only after the user pauses typing. Results are
 * published progressively, batched (longer batches for long manifests), and a newer edit cancels the older check.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SigmaSettings } from '../service/settings';
import type { ManifestCheck, ManifestTree, PreparedManifest, SigmaService, TreeSource } from '../service';
import { detectManifestKind } from '../service/manifestKind';
import type { ManifestKind, TrustFacts } from '../service/model';
import type { TrustItem } from '../service/trustTypes';
import { loadEngine } from './loadEngine';

/** Quiet time after the last keystroke before new dependencies go to the network. */
const NETWORK_DEBOUNCE_MS = 250;
/** Shortest wait of a batch of results after the first. */
const PUBLISH_BATCH_MS = 50;
/** Batches after the first grow with the manifest, up to this. */
const MAX_PUBLISH_BATCH_MS = 500;

/**
 * Each publish carries the whole diagnostics array, so a 1,000-dependency manifest published every
 * 50 ms spent most of its cold check encoding JSON (bench/: ~50 publishes of ~250 KB). Later batches
 * therefore wait 50 ms per 100 dependencies, at most 500 ms. The first results of a check go out at
 * once (a 0 ms timer still gathers the answers read together): waiting 50 ms for company put up to
 * 50 ms on `cold_first_publish`, and that publish is cheap, most entries still pending.
 */
export function publishDelay(dependencies: number, firstResults: boolean): number {
  if (firstResults) return 0;
  return Math.min(MAX_PUBLISH_BATCH_MS, Math.max(PUBLISH_BATCH_MS, Math.ceil(dependencies / 100) * PUBLISH_BATCH_MS));
}

/**
 * What a publish of the document encodes: its dependencies and, with the whole tree, the tree's
 * packages (each can be a related-information row of a `transitive` diagnostic). Counting only the
 * 50 direct ones published the tree every 50 ms, ~200 publishes of the whole array per 3,000-package
 * tree (docs/benchmarks.md, tree findings).
 */
export function publishedEntries(state: Pick<DocumentState, 'check' | 'tree'>): number {
  return (state.check?.dependencies.length ?? 0) + (state.tree?.packages.length ?? 0);
}

export interface DocumentState {
  uri: string;
  version: number;
  kind: ManifestKind;
  check?: ManifestCheck;
  controller?: AbortController;
  running: boolean;
  publishTimer?: ReturnType<typeof setTimeout>;
  networkTimer?: ReturnType<typeof setTimeout>;
  /** Fires when the oldest answer shown ages out (sigma.cacheTtlMinutes), to check the document again. */
  recheckTimer?: ReturnType<typeof setTimeout>;
  generation: number;
  /** The generation whose results have been published at least once (later batches may wait longer). */
  publishedGeneration?: number;
  /** What the client was last sent for this document, to send nothing when a publish would repeat it. */
  published?: Diagnostic[];
  /** The whole tree below the manifest (docs/tree.md), once the direct dependencies have their results. */
  tree?: ManifestTree;
  /** What `tree` was checked from, so an edit that changes no direct result reuses it. */
  treeSource?: TreeSource;
}

export interface CheckHost {
  service(): SigmaService;
  settings(uri: string): Promise<SigmaSettings>;
  /** False while the workspace is not trusted: parse and publish, but never start network work. */
  networkAllowed(): boolean;
  /** The workspace folder a file belongs to (its own folder when it is in none). */
  rootFor(file: string): string;
  publish(state: DocumentState): void;
  progress: { begin(uri: string, total: number): void; report(uri: string, done: number, total: number): void; end(uri: string): void };
  log: { info(m: string): void; error(m: string): void };
  onStateChanged(): void;
  /** Checks the open document again (its data aged out); nothing when it is no longer open. */
  recheck(uri: string): void;
}

/**
 * A re-check never follows the previous one sooner than this, so data that is already old when it
 * arrives (a cache entry near its end) cannot make the timer spin.
 */
const MIN_RECHECK_MS = 1_000;
/** setTimeout's largest delay; a longer TTL simply re-arms on the next check. */
const MAX_TIMER_MS = 2_147_483_647;

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function manifestKindOf(uri: string): ManifestKind | undefined {
  return detectManifestKind(decodeURIComponent(uri.replace(/[?#].*$/, '')));
}

export class DocumentChecks {
  readonly states = new Map<string, DocumentState>();
  /** The latest update of each document, until its first (network-free) check exists. */
  private readonly updating = new Map<string, Promise<void>>();

  constructor(private readonly host: CheckHost) {}

  isManifest(uri: string): boolean {
    return manifestKindOf(uri) !== undefined;
  }

  get checking(): boolean {
    for (const s of this.states.values()) if (s.running) return true;
    return false;
  }

  /** A document was opened or changed. `immediate`: no debounce (open, refresh, lockfile change). */
  update(doc: TextDocument, immediate: boolean, dropPrevious = false): Promise<void> {
    const done = this.runUpdate(doc, immediate, dropPrevious);
    const tracked = done.catch(() => undefined);
    this.updating.set(doc.uri, tracked);
    void tracked.then(() => {
      if (this.updating.get(doc.uri) === tracked) this.updating.delete(doc.uri);
    });
    return done;
  }

  /**
   * Resolves once the check of the document's latest text exists (parsed, already-known answers
   * applied, published if that changed anything). Hover, inlay hints and code actions wait for it,
   * so they never answer with ranges of an older version of the text.
   */
  async settled(uri: string): Promise<void> {
    for (let p = this.updating.get(uri); p; p = this.updating.get(uri)) {
      await p;
      if (this.updating.get(uri) === p) return;
    }
  }

  private async runUpdate(doc: TextDocument, immediate: boolean, dropPrevious: boolean): Promise<void> {
    const kind = manifestKindOf(doc.uri);
    if (!kind) return;
    let state = this.states.get(doc.uri);
    if (!state) {
      state = { uri: doc.uri, version: doc.version, kind, running: false, generation: 0 };
      this.states.set(doc.uri, state);
    }
    const generation = ++state.generation;
    state.version = doc.version;
    state.controller?.abort();
    if (state.networkTimer) clearTimeout(state.networkTimer);
    if (state.recheckTimer) clearTimeout(state.recheckTimer);
    state.recheckTimer = undefined;
    const asked = this.host.settings(doc.uri);
    // The first document loads the engine (loadEngine.ts) while the client answers the settings request.
    loadEngine();
    const settings = await asked;
    if (generation !== state.generation) return; // a newer edit arrived while settings were read
    const current = (): boolean => generation === state.generation;
    const manifest = await this.host.service().prepare({ uri: doc.uri, path: pathOf(doc.uri), kind, text: () => doc.getText() }, current);
    if (!manifest || !current()) return; // a newer edit arrived while the lockfile was read
    // `-r`/`-c` only inside the workspace folder (docs/security.md): a refused include is an error on its line.
    const file = pathOf(doc.uri);
    if (file && manifest.parsed.includes && manifest.parsed.includes.length > 0) {
      await loadEngine().vetIncludes(manifest.parsed, file, this.host.rootFor(file));
      if (!current()) return;
    }
    const controller = new AbortController();
    state.controller = controller;
    const previous = dropPrevious ? undefined : state.check;
    // A refresh or a settings change is asked for: its result is published even when it shows the same.
    if (dropPrevious) state.published = undefined;
    const withTree = settings.transitive && manifest.lockfile !== undefined;
    if (dropPrevious || !withTree) {
      state.tree = undefined;
      state.treeSource = undefined;
    }
    const run = (asked: boolean): void => {
      const networkAllowed = asked && this.host.networkAllowed();
      const { initial, done } = this.host.service().check(manifest, {
        settings,
        signal: controller.signal,
        previous,
        deferNetwork: !networkAllowed,
        // Parsed only if a bulk POST leaves: a large lockfile's parse must not slow the direct results (docs/tree.md).
        advisoryPrefetch: withTree ? () => this.host.service().treeTrustItems(manifest) : undefined,
        onUpdate: () => this.schedulePublish(state, generation),
      });
      // The service hands the previous check back when the edit changed nothing it depends on: what
      // was published for it stands, so nothing is built, compared or sent.
      const same = initial === state.check && state.published !== undefined;
      state.check = initial;
      // Answers that aged out are shown while they are asked again: they count as work to wait for.
      const pending = initial.dependencies.filter((d) => d.pending).length + (initial.refreshing ?? 0);
      if (!same) this.publishNow(state);
      if (pending === 0 || !networkAllowed) {
        // The check this one replaced may still be marked running: its own end is skipped once it is superseded.
        this.stopRunning(state);
        if (!networkAllowed && pending > 0 && this.host.networkAllowed()) {
          state.networkTimer = setTimeout(() => run(true), NETWORK_DEBOUNCE_MS);
        } else if (pending === 0) {
          this.scheduleRecheck(state, generation);
          if (withTree) void this.checkTree(state, generation, manifest, initial, settings, controller.signal);
        }
        return;
      }
      state.running = true;
      this.host.onStateChanged();
      // Reports count done/total over every dependency (schedulePublish), so the title counts them all too.
      this.host.progress.begin(doc.uri, initial.dependencies.length);
      done
        .then(async (final) => {
          if (generation !== state.generation) return;
          state.check = final;
          this.publishNow(state);
          this.scheduleRecheck(state, generation);
          // The tree starts once every direct dependency is published: it never delays them (docs/tree.md).
          if (withTree) await this.checkTree(state, generation, manifest, final, settings, controller.signal);
        })
        .catch((err: unknown) => this.host.log.error(`check of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`))
        .finally(() => {
          if (generation === state.generation) this.stopRunning(state);
        });
    };
    run(immediate);
  }

  /** The document's network check is over (done, or replaced by one that needs no network): the summary and progress say so. */
  private stopRunning(state: DocumentState): void {
    if (!state.running) return;
    state.running = false;
    this.host.progress.end(state.uri);
    this.host.onStateChanged();
  }

  /** The tree step (service checkTree): publish the plan at once, its answers as they come, and keep the result for reuse. */
  private async checkTree(state: DocumentState, generation: number, manifest: PreparedManifest, check: ManifestCheck, settings: SigmaSettings, signal: AbortSignal): Promise<void> {
    if (signal.aborted || !manifest.lockfile) return;
    const before = state.treeSource;
    const source = await this.host
      .service()
      .checkTree(manifest, {
        lockfileUri: pathToFileURL(manifest.lockfile.path).href,
        check,
        settings,
        signal,
        previous: state.treeSource,
        onPlanned: (tree) => {
          // The same finished tree again (an edit that changed no direct result): the check's own
          // publish already showed it, so nothing is built or compared a second time.
          if (generation !== state.generation || tree === state.tree) return;
          state.tree = tree;
          this.publishNow(state);
        },
        onUpdate: () => this.schedulePublish(state, generation),
      })
      .catch((err: unknown) => {
        this.host.log.error(`tree check of ${state.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return undefined;
      });
    if (generation !== state.generation) return;
    if (source !== undefined && source === before && state.tree === source.result) return;
    state.treeSource = source;
    if (!source) state.tree = undefined;
    this.publishNow(state);
  }

  /** Arms the timer that checks the document again when its oldest answer ages out. */
  private scheduleRecheck(state: DocumentState, generation: number): void {
    if (state.recheckTimer) clearTimeout(state.recheckTimer);
    state.recheckTimer = undefined;
    const at = state.check ? this.host.service().nextRecheckAt(state.check) : undefined;
    if (at === undefined || generation !== state.generation) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(MIN_RECHECK_MS, at - Date.now()));
    state.recheckTimer = setTimeout(() => {
      state.recheckTimer = undefined;
      if (generation === state.generation) this.host.recheck(state.uri);
    }, delay);
  }

  /**
   * Newer facts for one version (the hover's verify call fetched them): every open document showing
   * that version shows the newer verdict, in diagnostics, inlay hints and the summary.
   */
  applyNewerFacts(item: TrustItem, facts: TrustFacts): void {
    let changed = false;
    for (const state of this.states.values()) {
      if (state.check && this.host.service().applyNewerFacts(state.check, item, facts)) {
        changed = true;
        this.publishNow(state);
      }
    }
    if (changed) this.host.onStateChanged();
  }

  private schedulePublish(state: DocumentState, generation: number): void {
    if (state.publishTimer || generation !== state.generation) return;
    const delay = publishDelay(publishedEntries(state), state.publishedGeneration !== generation);
    state.publishTimer = setTimeout(() => {
      state.publishTimer = undefined;
      if (generation !== state.generation || !state.check) return;
      state.publishedGeneration = generation;
      const total = state.check.dependencies.length;
      const done = state.check.dependencies.filter((d) => !d.pending).length;
      this.host.progress.report(state.uri, done, total);
      this.host.publish(state);
    }, delay);
  }

  private publishNow(state: DocumentState): void {
    if (state.publishTimer) {
      clearTimeout(state.publishTimer);
      state.publishTimer = undefined;
    }
    this.host.publish(state);
  }

  close(uri: string): void {
    this.updating.delete(uri);
    const state = this.states.get(uri);
    if (!state) return;
    state.generation++;
    state.controller?.abort();
    if (state.publishTimer) clearTimeout(state.publishTimer);
    if (state.networkTimer) clearTimeout(state.networkTimer);
    if (state.recheckTimer) clearTimeout(state.recheckTimer);
    if (state.running) this.host.progress.end(uri);
    this.states.delete(uri);
    this.host.onStateChanged();
  }

  dispose(): void {
    for (const uri of [...this.states.keys()]) this.close(uri);
  }
}
