/**
 * Reads an answer's body without ever holding more than `maxBytes`, undoes gzip, parses JSON.
 * Gzip is recognised by `content-encoding: gzip` and also by the gzip magic bytes when the header is
 * missing (misconfigured mirrors and caches do that); sniffing is safe because no JSON or UTF-8 text
 * starts with 0x1f 0x8b. The decompressed size is capped too, so a small gzip bomb cannot blow up memory.
 */
import { gunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export type BodyOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: 'too-large' | 'bad-encoding' };

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Collects the body, stopping (and destroying the stream) as soon as it passes `maxBytes`. Stream
 * errors (reset, abort) propagate to the caller, which classifies them. Plain stream events rather
 * than `for await`: the async iterator cost several ticks and allocations per answer, a visible share
 * of the per-request CPU when hundreds of small answers arrive (bench/, cold_complete).
 */
export function readCapped(body: Readable, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = (): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        // undici reports its own destroy as an AbortError; nobody is waiting for it any more.
        body.on('error', () => undefined);
        body.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // Destroyed without an error and before its end (what an aborted undici body can do): the
    // iterator rejected with a premature-close error; keep that.
    const onClose = (): void => {
      cleanup();
      const error = new Error('Premature close') as NodeJS.ErrnoException;
      error.code = 'ERR_STREAM_PREMATURE_CLOSE';
      reject(error);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** Undoes the content encoding and returns the text. */
export async function decodeBody(raw: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<BodyOutcome> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const looksGzip = raw.length >= 2 && raw[0] === GZIP_MAGIC_0 && raw[1] === GZIP_MAGIC_1;
  if (encoding === 'gzip' || encoding === 'x-gzip' || (looksGzip && (encoding === '' || encoding === 'identity'))) {
    return gunzipCapped(raw, maxBytes);
  }
  if (encoding !== '' && encoding !== 'identity') return { ok: false, reason: 'bad-encoding' };
  return { ok: true, text: raw.toString('utf8') };
}

function gunzipCapped(raw: Buffer, maxBytes: number): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    gunzip(raw, { maxOutputLength: maxBytes }, (error, out) => {
      if (!error) resolve({ ok: true, text: out.toString('utf8') });
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        resolve({ ok: false, reason: 'too-large' });
      } else resolve({ ok: false, reason: 'bad-encoding' });
    });
  });
}

/** JSON.parse that reports failure instead of throwing. A leading BOM is tolerated. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { ok: false };
  }
}
