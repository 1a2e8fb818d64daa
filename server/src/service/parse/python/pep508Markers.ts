/**
 * Syntax check of PEP 508 environment markers. Markers are never evaluated (docs/language-server.md: every
 * dependency is checked whatever the environment), but a typo in them makes pip reject the whole file,
 * so it is worth pointing at.
 */

const VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
  'extras',
  'dependency_groups',
  // Legacy spellings that pip (via packaging) still accepts.
  'os.name',
  'sys.platform',
  'platform.version',
  'platform.machine',
  'platform.python_implementation',
  'python_implementation',
]);

const COMPARISONS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];

interface Token {
  kind: 'open' | 'close' | 'string' | 'word' | 'op';
  text: string;
  start: number;
  end: number;
}

export interface MarkerProblem {
  message: string;
  at: number;
  until: number;
}

function isWordStart(c: string): boolean {
  const x = c.charCodeAt(0);
  return (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || c === '_';
}

function isDigitOrDot(c: string): boolean {
  const x = c.charCodeAt(0);
  return (x >= 48 && x <= 57) || c === '.';
}

function tokenize(text: string, from: number, to: number): Token[] | MarkerProblem {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close', text: c, start: i, end: i + 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0 || close >= to) return { message: 'unterminated string', at: i, until: to };
      tokens.push({ kind: 'string', text: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < to && (isWordStart(text[j]) || isDigitOrDot(text[j]))) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      const op = COMPARISONS.find((o) => text.startsWith(o, i));
      if (!op) return { message: `unexpected '${c}'`, at: i, until: i + 1 };
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  return tokens;
}

/**
 * Recursive descent over the tokens: `or` of `and` of (`( … )` | value comparison value). A class
 * rather than closures so that nothing is allocated per call beyond the tokens.
 */
const MAX_MARKER_DEPTH = 200;

class MarkerParser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly to: number,
  ) {}

  private depth = 0;

  parse(): MarkerProblem | null {
    const problem = this.orExpr();
    if (problem) return problem;
    return this.pos < this.tokens.length ? this.problemAt("expected 'and', 'or' or the end of the markers") : null;
  }

  private problemAt(message: string): MarkerProblem {
    const token = this.tokens[this.pos] as Token | undefined;
    return token ? { message, at: token.start, until: token.end } : { message, at: this.to, until: this.to };
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.tokens[this.pos + offset] as Token | undefined;
    return token?.kind === 'word' && token.text === word;
  }

  private orExpr(): MarkerProblem | null {
    let problem = this.andExpr();
    while (!problem && this.isWord('or')) {
      this.pos++;
      problem = this.andExpr();
    }
    return problem;
  }

  private andExpr(): MarkerProblem | null {
    let problem = this.atom();
    while (!problem && this.isWord('and')) {
      this.pos++;
      problem = this.atom();
    }
    return problem;
  }

  private atom(): MarkerProblem | null {
    if (this.tokens[this.pos]?.kind === 'open') {
      // Each parenthesis is a level of recursion: 100 KB of `(` overflowed the stack and left the whole
      // file unchecked (docs/security.md). pip's own parser gives up far earlier (Python's recursion limit).
      if (this.depth >= MAX_MARKER_DEPTH) return this.problemAt(`markers nested more than ${MAX_MARKER_DEPTH} parentheses deep`);
      this.depth++;
      this.pos++;
      const inner = this.orExpr();
      this.depth--;
      if (inner) return inner;
      if (this.tokens[this.pos]?.kind !== 'close') return this.problemAt("expected ')'");
      this.pos++;
      return null;
    }
    return this.value() ?? this.comparison() ?? this.value();
  }

  private value(): MarkerProblem | null {
    const token = this.tokens[this.pos] as Token | undefined;
    if (token?.kind === 'string' || (token?.kind === 'word' && VARIABLES.has(token.text))) {
      this.pos++;
      return null;
    }
    if (token?.kind === 'word') return { message: `unknown marker variable '${token.text}'`, at: token.start, until: token.end };
    return this.problemAt('expected a marker variable or a quoted string');
  }

  private comparison(): MarkerProblem | null {
    if (this.tokens[this.pos]?.kind === 'op' || this.isWord('in')) {
      this.pos++;
      return null;
    }
    if (this.isWord('not') && this.isWord('in', 1)) {
      this.pos += 2;
      return null;
    }
    return this.problemAt('expected a comparison such as == or in');
  }
}

/** Returns the first syntax problem in the markers between `from` and `to`, or null when they read well. */
export function validateMarkers(text: string, from: number, to: number): MarkerProblem | null {
  const tokens = tokenize(text, from, to);
  if (!Array.isArray(tokens)) return tokens;
  return new MarkerParser(tokens, to).parse();
}
