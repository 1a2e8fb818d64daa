// The workbench's log carries the extension host's console (the mocha reporter, the extension's own
// lines) mixed with the workbench's chatter. The whole log goes to a file; stdout gets what matters.

// Offline noise and workbench internals, known to mean nothing for the extension under test.
const NOISE: RegExp[] = [
  /^Creation of workbench contribution '.*' took \d+ms\.$/,
  /^ +at .*\/static\/out\/vs\/code\/browser\/workbench\/workbench\.js:\d+:\d+\)?$/,
  /ENOTFOUND open-vsx\.org/,
  /Timed out waiting for authentication provider 'github'/,
  /^\[(AccountPolicyGate|AgentHost:remote|Service Worker|reconnection-grace-time)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache$/,
];

export function isNoise(line: string): boolean {
  const text = line.replace(/^\[(warn|error)\] /, '');
  return NOISE.some((re) => re.test(text));
}
