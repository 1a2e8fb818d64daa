/**
 * Fault injection: which rule applies to a request, and how a faulty answer is sent. Every timer goes
 * through `Timers`, so pausing or closing the registry stops trickles and leaves no handle behind.
 */
import type { ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { pep503 } from './data';
import type { JsonObject, JsonValue, RegistryData, RegistryName } from './data';
import type { Answer, EndpointName, Fault, FaultRule } from './types';

const gzipAsync = promisify(gzip);

/** What a request is about, as far as fault rules can tell. */
export interface FaultTarget {
  endpoint: EndpointName;
  registry?: RegistryName;
  packages: string[];
  versions: string[];
}

export interface Timers {
  after(ms: number, run: () => void): void;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultTable {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): () => void {
    const active: ActiveRule = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  get isEmpty(): boolean {
    return this.rules.length === 0;
  }

  /** The first rule that matches and still has uses left; using it counts against its `times`. */
  take(target: FaultTarget): Fault | undefined {
    const active = this.rules.find((candidate) => candidate.remaining > 0 && matches(candidate.rule, target));
    if (!active) return undefined;
    active.remaining -= 1;
    return active.rule.fault;
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.endpoint !== undefined && rule.endpoint !== target.endpoint) return false;
  if (rule.registry !== undefined && rule.registry !== target.registry) return false;
  if (rule.package !== undefined) {
    const wanted = target.registry === 'pypi' ? pep503(rule.package) : rule.package;
    const names = target.registry === 'pypi' ? target.packages.map(pep503) : target.packages;
    if (!names.includes(wanted)) return false;
  }
  return rule.version === undefined || target.versions.includes(rule.version);
}

function toBuffer(body: string | Uint8Array): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

export function sendNormal(res: ServerResponse, answer: Answer): void {
  const body = toBuffer(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
  res.end(body);
}

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n' +
  '<body><h1>Network login required</h1><p>Please sign in to the guest network.</p></body></html>\n';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The answer for someone else: another real certificate of the same registry when there is one (the
 * dangerous case: a valid-looking approval for the wrong package), otherwise the same document renamed.
 */
function mismatched(answer: Answer, data: RegistryData, target: FaultTarget): JsonValue {
  if (target.endpoint === 'certificate' || target.endpoint === 'verify') {
    const asked = target.packages[0] === undefined ? '' : target.registry === 'pypi' ? pep503(target.packages[0]) : target.packages[0];
    const other = Object.values(data.certificates).find(
      (cert) => cert.registrySource === target.registry && (target.registry === 'pypi' ? pep503(cert.packageName) : cert.packageName) !== asked,
    );
    if (other) return { ...other };
  }
  const json = isObject(answer.json) ? structuredClone(answer.json) : {};
  if ('packageName' in json || target.endpoint === 'certificate' || target.endpoint === 'verify') {
    return { ...json, registrySource: target.registry ?? 'npm', packageName: 'impostor-package', packageVersion: '0.0.0-impostor' };
  }
  if (isObject(json.info)) json.info = { ...json.info, name: 'impostor-package', version: '0.0.0-impostor' };
  else json.name = 'impostor-package';
  return json;
}

function sendOversized(res: ServerResponse, target: FaultTarget, bytes: number, declareLength: boolean): void {
  const head = Buffer.from(
    JSON.stringify({ registrySource: target.registry ?? 'npm', packageName: target.packages[0] ?? 'x', packageVersion: target.versions[0] ?? '0' }).slice(0, -1) +
      ',"padding":"',
  );
  const tail = Buffer.from('"}');
  let left = Math.max(0, bytes - head.length - tail.length);
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (declareLength) headers['content-length'] = head.length + left + tail.length;
  res.writeHead(200, headers);
  res.write(head);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  // Respect backpressure; when the client gives up, 'drain' never comes and the pump simply stops.
  const pump = (): void => {
    while (left > 0) {
      const size = Math.min(left, chunk.length);
      left -= size;
      if (!res.write(chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(tail);
  };
  pump();
}

function sendTrickle(res: ServerResponse, answer: Answer, chunkBytes: number, intervalMs: number, timers: Timers): void {
  const body = toBuffer(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
  let offset = 0;
  const step = (): void => {
    if (res.destroyed) return;
    const part = body.subarray(offset, offset + chunkBytes);
    offset += chunkBytes;
    if (offset >= body.length) res.end(part);
    else {
      res.write(part);
      timers.after(intervalMs, step);
    }
  };
  step();
}

/** Sends `answer` as `fault` dictates and returns the status put on the wire (0 when nothing is sent). */
export async function sendWithFault(res: ServerResponse, answer: Answer, fault: Fault, data: RegistryData, target: FaultTarget, timers: Timers): Promise<number> {
  const json = 'application/json; charset=utf-8';
  switch (fault.kind) {
    case 'latency':
      sendNormal(res, answer);
      return answer.status;
    case 'timeout':
      return 0;
    case 'reset': {
      const body = toBuffer(answer.body);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
      res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.destroy());
      return answer.status;
    }
    case 'status': {
      const body = fault.body ?? JSON.stringify({ error: 'injected', message: `Injected status ${fault.status}` });
      const headers: Record<string, string> = { 'content-type': /^\s*[[{]/.test(body) ? json : 'text/plain; charset=utf-8' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      sendNormal(res, { status: fault.status, headers, body });
      return fault.status;
    }
    case 'non-json':
      sendNormal(res, { status: 200, headers: { 'content-type': fault.contentType ?? 'text/html; charset=utf-8' }, body: HTML_PAGE });
      return 200;
    case 'non-object':
      sendNormal(res, { status: 200, headers: { 'content-type': json }, body: fault.body ?? '[1,2]' });
      return 200;
    case 'oversized':
      sendOversized(res, target, fault.bytes ?? 20 * 1024 * 1024, fault.declareLength === true);
      return 200;
    case 'trickle':
      sendTrickle(res, answer, Math.max(1, fault.chunkBytes ?? 16), fault.intervalMs ?? 50, timers);
      return answer.status;
    case 'identity-mismatch':
      sendNormal(res, { status: 200, headers: { 'content-type': json }, body: JSON.stringify(mismatched(answer, data, target)) });
      return 200;
    case 'gzip-no-header': {
      const compressed = await gzipAsync(toBuffer(answer.body));
      sendNormal(res, { status: answer.status, headers: { 'content-type': answer.headers['content-type'] ?? json }, body: compressed });
      return answer.status;
    }
  }
}
