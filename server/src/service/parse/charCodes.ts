/**
 * Character codes the hand-written lockfile scanners compare against (`text.charCodeAt(i) === …`),
 * named once for every scanner (npm/npmLockScanner.ts, npm/lockYamlScanner.ts, npm/trailingCommas.ts): comparing numbers is
 * what keeps their inner loops free of one-character strings (docs/formats/npm.md).
 *
 * Import the module as a namespace and copy the codes into local constants once
 * (`const { SPACE } = charCodes;`): the bundle inlines either form, but the benchmarks run the
 * sources through tsx, where every use of a named import is a getter call (~150 ms of a 10 MB
 * yarn.lock's parse measured in a CPU profile, docs/benchmarks.md).
 */
export const TAB = 0x09;
export const NEWLINE = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const DOUBLE_QUOTE = 0x22;
export const HASH = 0x23;
export const PERCENT = 0x25;
export const SINGLE_QUOTE = 0x27;
export const COMMA = 0x2c;
export const DASH = 0x2d;
export const COLON = 0x3a;
export const OPEN_BRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const BYTE_ORDER_MARK = 0xfeff;
