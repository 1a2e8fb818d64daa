/**
 * A raw HTTP client for the registry tests. It uses `node:http` with a fresh connection per request so
 * the path goes out byte for byte (fetch's URL parser would resolve `%2e%2e` and friends) and no pooled
 * socket outlives a test.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** How many 'data' events carried the body. */
  chunks: number;
  text(): string;
  json(): unknown;
}

export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function send(baseUrl: string, path: string, opts: RawOptions = {}): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
        res.on('end', () => {
          const body = Buffer.concat(parts);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            chunks: parts.length,
            text: () => body.toString('utf8'),
            json: () => JSON.parse(body.toString('utf8')) as unknown,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Fields of a JSON object answer, for terse assertions. */
export async function getObject(baseUrl: string, path: string, opts: RawOptions = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await send(baseUrl, path, opts);
  return { status: res.status, body: res.json() as Record<string, unknown> };
}
