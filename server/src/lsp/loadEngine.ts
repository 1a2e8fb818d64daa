/**
 * Loads the engine (engine.ts) on first use. The server answers `initialize` without it: its modules
 * (parsers and their libraries, the service, the HTTP client) were more than half of the server
 * bundle, read and compiled at every start before the first answer (docs/benchmarks.md). The
 * bundler makes `./engine` a separate file, `dist/engine.js` (esbuild.js).
 */
export type Engine = typeof import('./engine');

let engine: Engine | undefined;

export function loadEngine(): Engine {
  // A literal require, so the bundler finds it and can point it at the split file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= require('./engine') as Engine;
  return engine;
}

/**
 * Loads the engine once the process has nothing else to do (after `initialized`), so the first
 * document does not wait for it; then, in a later turn, undici's request path, which the first
 * lookup would otherwise load in front of the first request (~25–40 ms, docs/benchmarks.md). Each
 * step is its own turn, so a message that arrives meanwhile is handled between them. Resolves when
 * both are done (or failed: each is loaded again, and reported, where it is needed).
 */
export function warmEngine(): Promise<void> {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return turn()
    .then(() => {
      loadEngine();
      return turn();
    })
    .then(() => loadEngine().preloadDirect())
    .catch(() => undefined);
}
