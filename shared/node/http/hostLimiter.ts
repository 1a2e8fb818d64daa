/**
 * At most `limit` requests in flight per host (`sigma.maxConcurrentRequests`); the rest wait in
 * arrival order, except that a waiter asking to go `first` is queued behind the other `first` ones
 * but ahead of every ordinary one. A waiter whose signal aborts leaves the queue at once. Counts what
 * it sees for `stats()`.
 *
 * Below that limit, each host has a congestion window (additive increase, multiplicative decrease,
 * docs/decisions.md "Concurrency policy"): a 429 or 503 halves it (at most once per round of requests
 * in flight, never below 1), and each answered request grows it by 1/window, i.e. by one per window's
 * worth of answers, back up to the limit. It only ever lowers the number in flight: the limit is
 * never exceeded.
 */
import { onAbort as whenAborted } from './abortFanout';

/** How a request ended, for the host's congestion window: `congested` for a 429 or 503, `answered` for any other answer. */
export type Feedback = 'answered' | 'congested';

export type Release = (feedback?: Feedback) => void;

interface Waiter {
  first: boolean;
  grant: (release: Release) => void;
  deny: () => void;
}

interface HostState {
  inFlight: number;
  maxInFlight: number;
  queue: Waiter[];
  /** The congestion window: at most this many in flight (with `limit` above it). */
  window: number;
  /** Requests granted so far; a request numbers itself with it. */
  granted: number;
  /** The `granted` count when the window was last halved: a 429 from a request granted before it belongs to the round already answered for. */
  halvedAt: number;
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    for (const state of this.hosts.values()) {
      // A host that never pushed back follows the setting; a congested one keeps its smaller window.
      state.window = state.window >= this.limit ? limit : Math.min(state.window, limit);
    }
    this.limit = limit;
    for (const host of this.hosts.keys()) this.pump(host);
  }

  /** Resolves with a release function once a slot is free, or with undefined when `signal` aborts first. */
  acquire(host: string, signal?: AbortSignal, first = false): Promise<Release | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const state = this.state(host);
    if (state.inFlight < this.cap(state) && state.queue.length === 0) return Promise.resolve(this.take(host, state));
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const index = state.queue.indexOf(waiter);
        if (index >= 0) state.queue.splice(index, 1);
        resolve(undefined);
      };
      let unlisten = (): void => undefined;
      const waiter: Waiter = {
        first,
        grant: (release) => {
          unlisten();
          resolve(release);
        },
        deny: () => {
          unlisten();
          resolve(undefined);
        },
      };
      // One listener per signal (abortFanout.ts), however many requests wait on it.
      if (signal) unlisten = whenAborted(signal, onAbort);
      if (first) {
        // Behind the earlier `first` waiters (they sit at the front), ahead of every ordinary one.
        let at = 0;
        while (at < state.queue.length && state.queue[at].first) at++;
        state.queue.splice(at, 0, waiter);
      } else {
        state.queue.push(waiter);
      }
    });
  }

  /** Every waiter gets undefined (used by `close()`). */
  denyAll(): void {
    for (const state of this.hosts.values()) {
      const waiting = state.queue.splice(0);
      for (const waiter of waiting) waiter.deny();
    }
  }

  inFlight(): Record<string, number> {
    return this.collect((state) => state.inFlight);
  }

  maxInFlight(): Record<string, number> {
    return this.collect((state) => state.maxInFlight);
  }

  queued(): Record<string, number> {
    return this.collect((state) => state.queue.length);
  }

  /** How many requests each host may have in flight now (its congestion window under the limit). */
  allowed(): Record<string, number> {
    return this.collect((state) => this.cap(state));
  }

  private cap(state: HostState): number {
    return Math.max(1, Math.min(this.limit, Math.floor(state.window)));
  }

  private collect(pick: (state: HostState) => number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [host, state] of this.hosts) out[host] = pick(state);
    return out;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { inFlight: 0, maxInFlight: 0, queue: [], window: this.limit, granted: 0, halvedAt: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }

  private take(host: string, state: HostState): Release {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const number = ++state.granted;
    let released = false;
    return (feedback) => {
      if (released) return;
      released = true;
      state.inFlight--;
      if (feedback === 'congested' && number > state.halvedAt) {
        state.window = Math.max(1, this.cap(state) / 2);
        state.halvedAt = state.granted;
      } else if (feedback === 'answered' && state.window < this.limit) {
        state.window = Math.min(this.limit, state.window + 1 / state.window);
      }
      this.pump(host);
    };
  }

  private pump(host: string): void {
    const state = this.hosts.get(host);
    if (!state) return;
    while (state.inFlight < this.cap(state) && state.queue.length > 0) {
      const waiter = state.queue.shift();
      waiter?.grant(this.take(host, state));
    }
  }
}
