/**
 * The live heap of a Node process started with `--inspect=127.0.0.1:0`: a full garbage collection
 * through the inspector protocol (HeapProfiler.collectGarbage), then `process.memoryUsage().heapUsed`.
 * Unlike RSS, which follows V8's heap sizing and the moment of the last collection, this is what the
 * process still holds, so it grows with a leak and with nothing else.
 */
import { WebSocket } from 'undici';

/** The inspector's WebSocket URL, from the line Node prints on stderr when it starts listening. */
export function inspectorUrl(stderr: string): string {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr)?.[1];
  if (!url) throw new Error('the server printed no inspector URL (was it started with --inspect=127.0.0.1:0?)');
  return url;
}

export async function liveHeapMb(url: string): Promise<number> {
  const ws = new WebSocket(url);
  const replies = new Map<number, (result: unknown) => void>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) replies.get(message.id)?.(message.error ? new Error(message.error.message) : message.result);
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)));
  });
  let nextId = 1;
  const call = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      replies.set(id, (result) => (result instanceof Error ? reject(result) : resolve(result)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const evaluated = (await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true })) as { result: { value: number } };
    return evaluated.result.value / 1024 / 1024;
  } finally {
    ws.close();
  }
}
