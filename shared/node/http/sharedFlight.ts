/**
 * One piece of work in flight per key: later callers with the same key join the running one.
 * Each caller keeps its own cancellation: when a caller's signal aborts, that caller gets `onAbort()`
 * at once while the work goes on for the others; the work's own signal aborts only when every
 * caller has left. Finished (or abandoned) work leaves the table, so the next ask starts afresh.
 */

import { onAbort as whenAborted } from './abortFanout';

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  sharers: number;
}

export class SharedFlights<T> {
  private readonly flights = new Map<string, Flight<T>>();
  private joins = 0;

  /** Callers that joined work already in flight. */
  get hits(): number {
    return this.joins;
  }

  run(key: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>, onAbort: () => T): Promise<T> {
    if (signal?.aborted) return Promise.resolve(onAbort());
    let flight = this.flights.get(key);
    if (flight) {
      this.joins++;
    } else {
      const controller = new AbortController();
      const created: Flight<T> = { controller, sharers: 0, promise: work(controller.signal) };
      const forget = (): void => {
        if (this.flights.get(key) === created) this.flights.delete(key);
      };
      created.promise.then(forget, forget);
      flight = created;
      this.flights.set(key, flight);
    }
    return this.follow(key, flight, signal, onAbort);
  }

  private follow(key: string, flight: Flight<T>, signal: AbortSignal | undefined, onAbort: () => T): Promise<T> {
    flight.sharers++;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        resolve(onAbort());
        flight.sharers--;
        if (flight.sharers === 0) {
          // Nobody is waiting any more: stop the network work and let the next ask start afresh.
          if (this.flights.get(key) === flight) this.flights.delete(key);
          flight.controller.abort();
        }
      };
      // One listener per signal (abortFanout.ts): a check's signal is shared by all its flights.
      const stop = whenAborted(signal, leave);
      flight.promise.then(
        (value) => {
          stop();
          resolve(value);
        },
        (error: unknown) => {
          stop();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
