/**
 * One `abort` listener per signal, however many waiters it has. A check shares one signal across
 * every lookup it starts, and the HTTP client's own lifetime signal spans every attempt in flight;
 * a listener per waiter went past Node's limit of 10 and printed MaxListenersExceededWarning into
 * the user's log for any manifest with more than 10 dependencies (docs/security.md, threat table).
 */

const waiters = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `callback` once when `signal` aborts (at once, synchronously, if it already has).
 * Returns the function that stops waiting; calling it after the abort is harmless.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let set = waiters.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    set = created;
    waiters.set(signal, created);
    const fire = (): void => {
      waiters.delete(signal);
      for (const waiter of [...created]) waiter();
      created.clear();
    };
    signal.addEventListener('abort', fire, { once: true });
  }
  const mine = set;
  let active = true;
  const waiter = (): void => {
    if (!active) return;
    active = false;
    callback();
  };
  mine.add(waiter);
  return () => {
    active = false;
    mine.delete(waiter);
  };
}
