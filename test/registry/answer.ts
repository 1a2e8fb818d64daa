/** Small builders for answers, shared by the endpoint handlers. */
import type { JsonValue } from './data';
import type { Answer } from './types';

export function jsonAnswer(status: number, json: JsonValue, contentType = 'application/json; charset=utf-8'): Answer {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(json), json };
}

export function errorAnswer(status: number, error: string, message: string): Answer {
  return jsonAnswer(status, { error, message });
}

/** Fixture URLs may be written as paths (`/api/...`); they are served on the registry's own origin. */
export function absolute(baseUrl: string, url: string): string {
  return url.startsWith('/') ? baseUrl + url : url;
}
