/**
 * At most `limit` requests in flight per host; the rest wait in arrival order, except that a waiter
 * asking to go `first` is queued behind the other `first` ones but ahead of every ordinary one. A
 * waiter whose signal aborts leaves the queue at once. Counts what it sees for `stats()`.
 */
import { onAbort as whenAborted } from './abortFanout';

export type Release = () => void;

interface Waiter {
  first: boolean;
  grant: (release: Release) => void;
  deny: () => void;
}

interface HostState {
  inFlight: number;
  maxInFlight: number;
  queue: Waiter[];
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    for (const host of this.hosts.keys()) this.pump(host);
  }

  /** Resolves with a release function once a slot is free, or with undefined when `signal` aborts first. */
  acquire(host: string, signal?: AbortSignal, first = false): Promise<Release | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const state = this.state(host);
    if (state.inFlight < this.limit && state.queue.length === 0) return Promise.resolve(this.take(host, state));
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

  private collect(pick: (state: HostState) => number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [host, state] of this.hosts) out[host] = pick(state);
    return out;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { inFlight: 0, maxInFlight: 0, queue: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private take(host: string, state: HostState): Release {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.inFlight--;
      this.pump(host);
    };
  }

  private pump(host: string): void {
    const state = this.hosts.get(host);
    if (!state) return;
    while (state.inFlight < this.limit && state.queue.length > 0) {
      const waiter = state.queue.shift();
      waiter?.grant(this.take(host, state));
    }
  }
}
