/**
 * Markdown helpers for hover cards. Everything that came from the network passes through
 * `escapeMarkdown` so a hostile advisory title can neither inject HTML, links, images nor
 * `command:` URIs; links are only ever built by `safeLink` from http(s) URLs.
 */

import { stripControl } from './terminalText';

const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#+\-.!|<>~&"'=:$^]/g;
const MAX_TEXT = 500;

/** Escapes text for CommonMark, collapses newlines, and caps the length. */
export function escapeMarkdown(text: string, max = MAX_TEXT): string {
  const oneLine = stripControl(text).replace(/ {2,}/g, ' ').trim();
  const capped = oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
  return capped.replace(MARKDOWN_SPECIALS, (ch) => `\\${ch}`);
}

/** An http(s) URL that is safe to place inside `(...)` of a Markdown link, or undefined. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // Percent-encode the characters that could close the link target or start a title.
  return parsed.href.replace(/[()<>\s"'\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[label](url)` with an escaped label, or the escaped label alone when the URL is not http(s). */
export function safeLink(label: string, url: string | undefined): string {
  const href = safeHttpUrl(url);
  return href ? `[${escapeMarkdown(label)}](${href})` : escapeMarkdown(label);
}

/** Inline code for hashes and versions; backticks inside are impossible to break out of this way. */
export function code(text: string): string {
  const clean = stripControl(text).replace(/`/g, '').slice(0, MAX_TEXT);
  return clean ? `\`${clean}\`` : '';
}
