/**
 * Reading what can be read from TOML that does not parse (half-typed text while editing). The text is
 * split at its table header lines and each part is parsed on its own, so one broken table does not
 * hide the others. A part that still fails is repaired step by step, always keeping every offset in
 * place (lines are blanked with spaces; only a closing `]` may be appended at the very end):
 *
 * - an error inside a line: blank that line, or the line before when the error sits on the first
 *   token of its line (`key =` with its value missing is reported on the next token);
 * - an error at the end of the part (an array, inline table or multi-line string left open): first
 *   append a closing `]`, then blank the last line with text, working backwards.
 *
 * Each step takes the first candidate that makes the part parse, or else the most likely one.
 */

export type ParseAttempt<T> = { ok: true; value: T } | { ok: false; index: number; message: string };

export interface RecoveryError {
  message: string;
  start: number;
  end: number;
}

export interface Recovered<T> {
  /** Each part that parsed, with the offset of its first character in the whole text. */
  parts: { value: T; base: number }[];
  errors: RecoveryError[];
}

/** A table header line (`[a.b]`, `[[a]]`, optionally followed by a comment). */
const HEADER_LINE = /^[ \t]*\[\[?[ \t]*[A-Za-z0-9_"'-][^\n\r[\]]*\]\]?[ \t]*(#[^\n\r]*)?$/gm;
/** Upper bound on repair steps for one part; each blanks at least one line. */
const MAX_STEPS = 24;
const CLOSER = '\n]\n';

export function recoverSegments<T>(text: string, parse: (segment: string) => ParseAttempt<T>): Recovered<T> {
  const starts = [0];
  for (const m of text.matchAll(HEADER_LINE)) if (m.index > 0) starts.push(m.index);
  const out: Recovered<T> = { parts: [], errors: [] };
  // Total characters re-parsed is bounded so that a huge broken file cannot stall the server.
  let budget = 8 * text.length + 100_000;
  const attempt = (segment: string): ParseAttempt<T> => {
    budget -= segment.length;
    return parse(segment);
  };
  for (let s = 0; s < starts.length; s++) {
    const base = starts[s];
    let segment = text.slice(base, s + 1 < starts.length ? starts[s + 1] : text.length);
    let result = attempt(segment);
    for (let step = 0; !result.ok && step < MAX_STEPS && budget > 0; step++) {
      const failure = result;
      const candidates = repairs(segment, failure.index);
      if (step === 0 && candidates.length === 0) out.errors.push(shift(lineSpan(segment, failure.index), base, failure.message));
      if (candidates.length === 0) break;
      // Candidates come in order of preference; one that makes the part parse wins outright.
      let chosen: { repair: Repair; result: ParseAttempt<T> } | undefined;
      for (const repair of candidates) {
        const r = attempt(repair.text);
        chosen ??= { repair, result: r };
        if (r.ok) {
          chosen = { repair, result: r };
          break;
        }
      }
      if (!chosen) break;
      if (step === 0 || chosen.repair.report) out.errors.push(shift(chosen.repair.span, base, failure.message));
      segment = chosen.repair.text;
      result = chosen.result;
    }
    if (result.ok) out.parts.push({ value: result.value, base });
  }
  return out;
}

interface Repair {
  text: string;
  /** The line held responsible. */
  span: { start: number; end: number };
  /** Whether this step found a new error worth its own report (backward blanking does not). */
  report: boolean;
}

function repairs(segment: string, index: number): Repair[] {
  const closed = segment.endsWith(CLOSER);
  const body = closed ? segment.slice(0, -CLOSER.length) : segment;
  if (segment.slice(index).trim() === '' || index >= body.length) {
    const last = body.trimEnd().length - 1;
    if (last < 0) return [];
    const span = lineSpan(body, last);
    const out: Repair[] = [];
    if (!closed && /\[[^\]]*$/.test(body)) out.push({ text: body + CLOSER, span, report: true });
    out.push({ text: blank(body, span), span, report: false });
    return out;
  }
  const span = lineSpan(segment, index);
  const out: Repair[] = span.end > span.start ? [{ text: blank(segment, span), span, report: true }] : [];
  if (index === span.start && span.start > 0) {
    const previous = segment.slice(0, span.start).trimEnd().length - 1;
    if (previous >= 0) {
      const prevSpan = lineSpan(segment, previous);
      const repair = { text: blank(segment, prevSpan), span: prevSpan, report: true };
      if (looksUnfinished(segment.slice(prevSpan.start, prevSpan.end))) out.unshift(repair);
      else out.push(repair);
    }
  }
  return out;
}

/** A line whose value is missing or whose inline table is still open (`key =`, `a = {x = 1`). */
function looksUnfinished(line: string): boolean {
  const code = line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""').replace(/#.*$/, '').trimEnd();
  return code.endsWith('=') || (code.match(/\{/g) ?? []).length > (code.match(/\}/g) ?? []).length;
}

/** The text of the line holding `index`, without its indentation and trailing spaces. */
export function lineSpan(text: string, index: number): { start: number; end: number } {
  let start = Math.min(index, text.length);
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = Math.min(index, text.length);
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return { start, end };
}

function blank(text: string, span: { start: number; end: number }): string {
  return text.slice(0, span.start) + ' '.repeat(span.end - span.start) + text.slice(span.end);
}

function shift(span: { start: number; end: number }, base: number, message: string): RecoveryError {
  return { message: `TOML: ${message}`, start: span.start + base, end: span.end + base };
}
