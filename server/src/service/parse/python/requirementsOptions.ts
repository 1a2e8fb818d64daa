/**
 * The options pip accepts in a requirements file, and a reader for them that keeps the offset of
 * every value (include paths and hashes need ranges). pip parses them with optparse after a
 * shell-style split, so long options may be abbreviated to any unique prefix and short options may
 * be glued to their value (`-rbase.txt`).
 */

export type OptionName =
  | 'requirement'
  | 'constraint'
  | 'editable'
  | 'index-url'
  | 'extra-index-url'
  | 'no-index'
  | 'find-links'
  | 'no-binary'
  | 'only-binary'
  | 'prefer-binary'
  | 'require-hashes'
  | 'pre'
  | 'trusted-host'
  | 'use-feature'
  | 'hash'
  | 'config-settings'
  | 'global-option'
  | 'install-option';

interface OptionSpec {
  takesValue: boolean;
  /** Allowed after a requirement on the same line; every other option applies to the whole file. */
  perRequirement: boolean;
}

const OPTIONS: Record<OptionName, OptionSpec> = {
  requirement: { takesValue: true, perRequirement: false },
  constraint: { takesValue: true, perRequirement: false },
  editable: { takesValue: true, perRequirement: false },
  'index-url': { takesValue: true, perRequirement: false },
  'extra-index-url': { takesValue: true, perRequirement: false },
  'no-index': { takesValue: false, perRequirement: false },
  'find-links': { takesValue: true, perRequirement: false },
  'no-binary': { takesValue: true, perRequirement: false },
  'only-binary': { takesValue: true, perRequirement: false },
  'prefer-binary': { takesValue: false, perRequirement: false },
  'require-hashes': { takesValue: false, perRequirement: false },
  pre: { takesValue: false, perRequirement: false },
  'trusted-host': { takesValue: true, perRequirement: false },
  'use-feature': { takesValue: true, perRequirement: false },
  hash: { takesValue: true, perRequirement: true },
  'config-settings': { takesValue: true, perRequirement: true },
  'global-option': { takesValue: true, perRequirement: true },
  'install-option': { takesValue: true, perRequirement: true },
};

const SHORT: Record<string, OptionName> = { r: 'requirement', c: 'constraint', e: 'editable', i: 'index-url', f: 'find-links' };

const LONG_NAMES = Object.keys(OPTIONS) as OptionName[];

/** A word of the option text: `text` unquoted, offsets of the raw word in the logical line. */
export interface Word {
  text: string;
  start: number;
  end: number;
}

export interface ParsedOption {
  name: OptionName;
  /** The option as written (`-r`, `--index`), for messages. */
  spelling: string;
  perRequirement: boolean;
  value?: Word;
  /** The whole option with its value. */
  start: number;
  end: number;
}

export interface OptionProblem {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

/** Shell-style split on spaces and tabs; quotes group words (and are removed), as shlex does. */
export function splitWords(text: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= to) break;
    const start = i;
    let value = '';
    while (i < to && text[i] !== ' ' && text[i] !== '\t') {
      const c = text[i];
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, i + 1);
        const stop = close < 0 || close >= to ? to : close;
        value += text.slice(i + 1, stop);
        i = stop < to ? stop + 1 : to;
      } else {
        value += c;
        i++;
      }
    }
    words.push({ text: value, start, end: i });
  }
  return words;
}

function resolveLong(name: string): OptionName | undefined {
  if ((OPTIONS as Record<string, OptionSpec | undefined>)[name]) return name as OptionName;
  const matches = name.length > 0 ? LONG_NAMES.filter((n) => n.startsWith(name)) : [];
  return matches.length === 1 ? matches[0] : undefined;
}

/** Reads the options among `words`; unknown options and stray words become problems. */
export function parseOptions(words: Word[]): { options: ParsedOption[]; problems: OptionProblem[] } {
  const options: ParsedOption[] = [];
  const problems: OptionProblem[] = [];
  for (let k = 0; k < words.length; k++) {
    const word = words[k];
    let name: OptionName | undefined;
    let spelling: string;
    let inline: Word | undefined;
    if (word.text.startsWith('--')) {
      const eq = word.text.indexOf('=');
      spelling = eq < 0 ? word.text : word.text.slice(0, eq);
      name = resolveLong(spelling.slice(2));
      if (eq >= 0) inline = { text: word.text.slice(eq + 1), start: Math.min(word.start + eq + 1, word.end), end: word.end };
    } else if (word.text.startsWith('-') && word.text.length > 1) {
      spelling = word.text.slice(0, 2);
      name = SHORT[word.text[1]];
      if (word.text.length > 2) inline = { text: word.text.slice(2), start: word.start + 2, end: word.end };
    } else {
      problems.push({ message: `Unexpected '${word.text}': pip ignores it`, start: word.start, end: word.end, severity: 'warning' });
      continue;
    }
    if (!name) {
      problems.push({ message: `Unknown option '${spelling}': pip will refuse this file`, start: word.start, end: word.end, severity: 'warning' });
      continue;
    }
    const spec = OPTIONS[name];
    const option: ParsedOption = { name, spelling, perRequirement: spec.perRequirement, start: word.start, end: word.end };
    if (spec.takesValue) {
      const value = inline ?? words[k + 1];
      if (!value) {
        problems.push({ message: `Option '${spelling}' needs a value`, start: word.start, end: word.end, severity: 'error' });
        continue;
      }
      if (!inline) k++;
      option.value = value;
      option.end = value.end;
    } else if (inline) {
      problems.push({ message: `Option '${spelling}' takes no value`, start: word.start, end: word.end, severity: 'warning' });
    }
    options.push(option);
  }
  return { options, problems };
}
