/**
 * Every request handler runs through runSafe: an exception becomes a logged failure of that one
 * request (answered with a harmless default), never a dead server.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface ErrorSink {
  error(message: string): void;
}

export async function runSafe<T>(log: ErrorSink, name: string, token: CancellationToken | undefined, fallback: T, fn: () => T | Promise<T>): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    const result = await fn();
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return result;
  } catch (err) {
    log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return fallback;
  }
}

/** For notifications: log and swallow. */
export function guard(log: ErrorSink, name: string, fn: () => unknown): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch((err: unknown) => log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  } catch (err) {
    log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
