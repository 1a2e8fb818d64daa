/**
 * A closed stdout (`sigma-trust check … | head`) ends the process quietly with the exit code it
 * would have had (README.md, CLI reference): EPIPE on the report or progress stream is not an error of the
 * check, so it is swallowed instead of surfacing as an unhandled 'error' event with a stack trace.
 */
const CLOSED_CODES: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function isClosedPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CLOSED_CODES.has(String((error as { code?: unknown }).code));
}

/** Makes writes to `stream` after its reader went away no-ops; any other stream error still throws. */
export function tolerateClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: unknown) => {
    if (isClosedPipe(error)) return;
    throw error;
  });
}
