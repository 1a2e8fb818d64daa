/**
 * Turns jsonc-parser's error codes into ParseProblems for npm's JSON files. Comments and trailing
 * commas are readable for us (the tolerant parser skips them) but fatal for npm, whose JSON.parse
 * rejects the whole file, so they are warnings that say so; everything else is an error.
 */
import { ParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ParseProblem, Position } from '../../model';

const MESSAGES: Record<ParseErrorCode, string> = {
  [ParseErrorCode.InvalidSymbol]: 'Unexpected character.',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number.',
  [ParseErrorCode.PropertyNameExpected]: 'Property name expected (a double-quoted string).',
  [ParseErrorCode.ValueExpected]: 'Value expected.',
  [ParseErrorCode.ColonExpected]: 'Colon expected.',
  [ParseErrorCode.CommaExpected]: 'Comma expected.',
  [ParseErrorCode.CloseBraceExpected]: 'Closing brace `}` expected.',
  [ParseErrorCode.CloseBracketExpected]: 'Closing bracket `]` expected.',
  [ParseErrorCode.EndOfFileExpected]: 'End of file expected: there is text after the top-level value.',
  [ParseErrorCode.InvalidCommentToken]: 'npm cannot read comments in JSON; remove this comment.',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment.',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string.',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unterminated number.',
  [ParseErrorCode.InvalidUnicode]: 'Invalid \\u escape.',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character.',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in string (control characters must be escaped).',
};

const MAX_PROBLEMS = 200;

const TRAILING_COMMA = 'npm cannot read JSON with a trailing comma; remove this comma.';

export function jsonProblems(text: string, errors: readonly ParseError[], positionAt: (offset: number) => Position): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const seenOffsets = new Set<number>();
  for (const error of errors) {
    // 100 KB of garbage is tens of thousands of errors; past the first few hundred none tells more, and
    // reading them all took the better part of a second (docs/security.md).
    if (problems.length >= MAX_PROBLEMS) {
      const last = positionAt(text.length);
      problems.push({ message: `… and more JSON problems after these ${MAX_PROBLEMS}.`, severity: 'error', range: { start: last, end: last } });
      break;
    }
    // jsonc-parser reports one mistake several times at the same token (a trailing comma gives
    // "property name expected" and "value expected" at the closing brace): keep the first.
    if (seenOffsets.has(error.offset)) continue;
    seenOffsets.add(error.offset);
    const comma = trailingCommaBefore(text, error);
    if (comma !== undefined) {
      problems.push({ message: TRAILING_COMMA, severity: 'warning', range: { start: positionAt(comma), end: positionAt(comma + 1) } });
      continue;
    }
    const start = Math.min(error.offset, text.length);
    const end = Math.min(error.offset + error.length, text.length);
    problems.push({
      message: MESSAGES[error.error] ?? 'Invalid JSON.',
      severity: error.error === ParseErrorCode.InvalidCommentToken ? 'warning' : 'error',
      range: { start: positionAt(start), end: positionAt(end) },
    });
  }
  return problems;
}

/** The offset of the comma when the error is the closing `}`/`]` right after a trailing comma. */
function trailingCommaBefore(text: string, error: ParseError): number | undefined {
  if (error.error !== ParseErrorCode.PropertyNameExpected && error.error !== ParseErrorCode.ValueExpected) return undefined;
  const closer = text.charCodeAt(error.offset);
  if (closer !== 0x7d && closer !== 0x5d) return undefined;
  let i = error.offset - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  return text.charCodeAt(i) === 0x2c ? i : undefined;
}
