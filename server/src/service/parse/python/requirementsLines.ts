/**
 * Turns a requirements file into pip's "logical lines": physical lines joined at a trailing `\`,
 * comments removed, in the same order pip applies them. `${VAR}` references are found but never
 * expanded: their values may be secrets, and only the HTTP layer fills them in, into an index URL for
 * a host the user allowed (docs/security.md). Every
 * logical line remembers where each of its characters came from, so ranges computed on the logical
 * text land on the raw text the user sees, across line continuations.
 */
import type { Position, Range } from '../../model';
import { variablesIn, type VariableRef } from '../../../../../shared/src/envTemplate';

/** A run of logical characters and where it came from in the raw text. */
interface Piece {
  /** Logical offsets [from, to). */
  from: number;
  to: number;
  line: number;
  character: number;
  /** Raw length: always `to - from` (text is copied, never expanded); kept so ranges map across continuations. */
  rawLength: number;
}

export interface LogicalLine {
  text: string;
  pieces: Piece[];
  /** `${VAR}` references, with their logical offsets, as written. */
  variables: VariableRef[];
}

/** pip's comment rule: `#` at the start of the line or after whitespace; a `#` inside a URL is kept. */
const COMMENT = /(^|[ \t])#/;
const LINE_BREAK = /\r\n|\r|\n/g;

function isWs(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** Where logical offset `offset` starts in the raw text. */
export function startPosition(line: LogicalLine, offset: number): Position {
  const { pieces } = line;
  let piece = pieces[0];
  for (let k = pieces.length - 1; k >= 0; k--) {
    if (pieces[k].from <= offset) {
      piece = pieces[k];
      break;
    }
  }
  if (piece.rawLength !== piece.to - piece.from) return { line: piece.line, character: piece.character };
  return { line: piece.line, character: piece.character + Math.min(offset - piece.from, piece.rawLength) };
}

/** Where an exclusive end at logical offset `offset` ends in the raw text. */
export function endPosition(line: LogicalLine, offset: number): Position {
  const { pieces } = line;
  for (const piece of pieces) {
    if (piece.from < offset && offset <= piece.to) {
      const copied = piece.rawLength === piece.to - piece.from;
      return { line: piece.line, character: piece.character + (copied ? offset - piece.from : piece.rawLength) };
    }
  }
  return startPosition(line, offset);
}

/** The raw range of logical offsets [start, end). */
export function rangeOf(line: LogicalLine, start: number, end: number): Range {
  const from = startPosition(line, start);
  return { start: from, end: end > start ? endPosition(line, end) : from };
}

/**
 * Splits `text` into logical lines and hands each to `visit` as soon as it is complete (rather than
 * collecting them: short-lived lines are cheaper for the garbage collector on 10,000-line files).
 * Line breaks are those of LSP (`\r\n`, `\r`, `\n`) so that line numbers agree with the editor; a
 * leading BOM is skipped but still counts as a character of line 0.
 */
export function forEachLogicalLine(text: string, visit: (line: LogicalLine) => void): void {
  let pending: { text: string; pieces: Piece[] } | null = null;
  let lineNo = 0;
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const startCharacter = lineStart;

  const append = (target: { text: string; pieces: Piece[] }, content: string, character: number): void => {
    if (content.length === 0) return;
    const from = target.text.length;
    target.text += content;
    target.pieces.push({ from, to: from + content.length, line: lineNo, character, rawLength: content.length });
  };

  const emit = (logical: { text: string; pieces: Piece[] }): void => {
    const line = finish(logical);
    if (line) visit(line);
  };

  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const match = LINE_BREAK.exec(text);
    const lineEnd = match ? match.index : text.length;
    const content = text.slice(lineStart, lineEnd);
    const character = lineNo === 0 ? startCharacter : 0;
    // pip decides continuation before removing comments: only a line that starts with a comment
    // never continues, so a `\` after a trailing comment swallows the next line into that comment.
    const isCommentLine = /^[ \t]*#/.test(content);
    if (!isCommentLine && content.endsWith('\\')) {
      // pip strips the trailing backslashes and glues the next line on directly.
      let cut = content.length;
      while (cut > 0 && content[cut - 1] === '\\') cut--;
      pending ??= { text: '', pieces: [] };
      append(pending, content.slice(0, cut), character);
    } else {
      if (pending && isCommentLine) {
        // A comment line ends a continued requirement (pip pads it with a space so it reads as a comment).
        emit(pending);
        pending = null;
      }
      const target = pending ?? { text: '', pieces: [] };
      append(target, content, character);
      emit(target);
      pending = null;
    }
    if (!match) break;
    lineStart = match.index + match[0].length;
    lineNo++;
  }
  if (pending) emit(pending);
}

/** Removes the comment, finds variables and drops lines with nothing left on them. */
function finish(logical: { text: string; pieces: Piece[] }): LogicalLine | null {
  const commentAt = logical.text.search(COMMENT);
  const text = commentAt < 0 ? logical.text : logical.text.slice(0, commentAt);
  let end = text.length;
  while (end > 0 && isWs(text[end - 1])) end--;
  let start = 0;
  while (start < end && isWs(text[start])) start++;
  if (start === end) return null;
  return { text, pieces: logical.pieces, variables: variablesIn(text) };
}
