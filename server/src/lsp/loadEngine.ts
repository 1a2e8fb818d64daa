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

/** Loads the engine once the process has nothing else to do (after `initialized`), so the first document does not wait for it. */
export function warmEngine(): void {
  setImmediate(() => {
    try {
      loadEngine();
    } catch {
      // Loaded again, and reported, where it is needed.
    }
  });
}
