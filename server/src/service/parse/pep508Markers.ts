/**
 * Syntax check of PEP 508 environment markers. Markers are never evaluated (interfaces.md §2: every
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
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < to && /[A-Za-z0-9_.]/.test(text[j])) j++;
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

/** Returns the first syntax problem in the markers between `from` and `to`, or null when they read well. */
export function validateMarkers(text: string, from: number, to: number): MarkerProblem | null {
  const tokens = tokenize(text, from, to);
  if (!Array.isArray(tokens)) return tokens;
  let pos = 0;
  const problemAt = (message: string): MarkerProblem => {
    const token = tokens[pos] as Token | undefined;
    return token ? { message, at: token.start, until: token.end } : { message, at: to, until: to };
  };
  const isWord = (word: string): boolean => tokens[pos]?.kind === 'word' && tokens[pos].text === word;

  const value = (): MarkerProblem | null => {
    const token = tokens[pos] as Token | undefined;
    if (token?.kind === 'string') {
      pos++;
      return null;
    }
    if (token?.kind === 'word' && VARIABLES.has(token.text)) {
      pos++;
      return null;
    }
    if (token?.kind === 'word') return { message: `unknown marker variable '${token.text}'`, at: token.start, until: token.end };
    return problemAt('expected a marker variable or a quoted string');
  };

  const comparison = (): MarkerProblem | null => {
    if (tokens[pos]?.kind === 'op' || isWord('in')) {
      pos++;
      return null;
    }
    if (isWord('not') && tokens[pos + 1]?.kind === 'word' && tokens[pos + 1].text === 'in') {
      pos += 2;
      return null;
    }
    return problemAt('expected a comparison such as == or in');
  };

  const atom = (): MarkerProblem | null => {
    if (tokens[pos]?.kind === 'open') {
      pos++;
      const inner = orExpr();
      if (inner) return inner;
      if (tokens[pos]?.kind !== 'close') return problemAt("expected ')'");
      pos++;
      return null;
    }
    return value() ?? comparison() ?? value();
  };

  const andExpr = (): MarkerProblem | null => {
    let problem = atom();
    while (!problem && isWord('and')) {
      pos++;
      problem = atom();
    }
    return problem;
  };

  function orExpr(): MarkerProblem | null {
    let problem = andExpr();
    while (!problem && isWord('or')) {
      pos++;
      problem = andExpr();
    }
    return problem;
  }

  const problem = orExpr();
  if (problem) return problem;
  return pos < tokens.length ? problemAt("expected 'and', 'or' or the end of the markers") : null;
}
