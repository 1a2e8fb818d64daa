/**
 * What an npm dependency specifier names: a registry version, range or dist-tag that SIGMA can
 * check, or something installed from elsewhere (git, a URL, a folder, a workspace, a catalog) that
 * is reported as skipped. The order of the tests follows npm's own reading of a spec: protocols and
 * paths first, then semver, then dist-tags, so `user/repo` is a GitHub shorthand and never a tag.
 */
import * as semver from 'semver';
import type { SpecifierKind } from '../../model';
import { isUrlSafe, isValidNpmName, splitNameAndSpec } from './npmName';

export interface NpmSpecifier {
  kind: SpecifierKind;
  /** The aliased package for `npm:name@spec`; absent when the dependency's own name is checked. */
  normalizedName?: string;
  /** The semver range, exact version or dist-tag to resolve; '' means any version (and non-registry kinds). */
  constraint: string;
  skipReason?: string;
}

// Worded like the Python parsers' reasons ("installed from …, not from …"), lower case and without a
// full stop: they follow "NAME: not checked — " in every report.
const SKIP_GIT = 'installed from a git repository, not from the npm registry';
const SKIP_URL = 'installed from a tarball URL, not from the npm registry';
const SKIP_PATH = 'installed from a local folder or tarball, not from the npm registry';
const SKIP_WORKSPACE = 'a `workspace:` dependency is a package of this workspace, not a registry download';
const SKIP_CATALOG = 'a `catalog:` version is defined in a pnpm, Bun or Yarn catalog outside package.json, so the version cannot be read here';

const GIT_PROTOCOL = /^(?:git\+(?:ssh|https?|file):|git:\/\/|github:|gitlab:|bitbucket:|gist:)/i;
/** scp-style git remotes: `git@github.com:user/repo.git`. */
const SCP_GIT = /^[^@\s/:]+@[^\s/:]+:[^\s]/;
/** Repository pages on the hosts npm knows, which npm clones rather than downloads. */
const HOSTED_REPO_URL = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)\/[^/\s#]+\/[^/\s#]+?(?:\.git)?\/?(?:#.*)?$/i;
const HTTP_URL = /^https?:\/\//i;
/** Any other `scheme:` prefix; drive letters (`C:\`) are tested as paths before this. */
const OTHER_PROTOCOL = /^[a-z][a-z0-9+.-]*:/i;
const PATH_LIKE = /^(?:\.|~\/|\/|\\|[a-zA-Z]:[\\/])/;
const LOCAL_TARBALL = /\.(?:tgz|tar\.gz|tar)$/i;
/** `user/repo`, `user/repo#ref`: the GitHub shorthand. */
const GITHUB_SHORTHAND = /^[^@%/\s.#-][^:@%/\s#]*\/[^@\s/%#]+(?:#.*)?$/;
/**
 * Text that starts like a version or a range operator is a mistyped version, never a dist-tag,
 * even where npm would technically accept it as a tag name (`1.2.3.4`).
 */
const VERSION_LIKE = /^(?:[vV=]?\d|[<>=~^])/;
/**
 * Everything node-semver could read as one loose version starts like this. semver.valid throws
 * and catches an error for anything else, which made it most of the cost of a large manifest.
 */
const MAYBE_VERSION = /^[v=\s]*\d+\.\d+\.\d+/;
/** `^1.2.3`, `~1.2`, `>=2`, `1.x`: ranges that are valid without asking node-semver, which is slow to build one. */
const SIMPLE_RANGE = /^(?:[\^~]|[<>]=?)?\d+(?:\.(?:\d+|[xX*])){0,2}$/;

export function classifyNpmSpecifier(spec: string): NpmSpecifier {
  const text = spec.trim();
  if (/^npm:/i.test(text)) return classifyAlias(text.slice(4));
  if (/^workspace:/i.test(text)) return { kind: 'workspace', constraint: '', skipReason: SKIP_WORKSPACE };
  if (/^catalog:/i.test(text)) return { kind: 'catalog', constraint: '', skipReason: SKIP_CATALOG };
  if (/^(?:file|link):/i.test(text)) return { kind: 'path', constraint: '', skipReason: SKIP_PATH };
  if (GIT_PROTOCOL.test(text) || HOSTED_REPO_URL.test(text)) return { kind: 'git', constraint: '', skipReason: SKIP_GIT };
  if (HTTP_URL.test(text)) return { kind: 'url', constraint: '', skipReason: SKIP_URL };
  if (PATH_LIKE.test(text)) return { kind: 'path', constraint: '', skipReason: SKIP_PATH };
  if (SCP_GIT.test(text)) return { kind: 'git', constraint: '', skipReason: SKIP_GIT };
  if (OTHER_PROTOCOL.test(text)) {
    const scheme = text.slice(0, text.indexOf(':') + 1);
    return invalid(`npm cannot install from a \`${scheme}\` specifier.`);
  }
  if (GITHUB_SHORTHAND.test(text)) return { kind: 'git', constraint: '', skipReason: SKIP_GIT };
  if (LOCAL_TARBALL.test(text)) return { kind: 'path', constraint: '', skipReason: SKIP_PATH };
  return classifyRegistrySpec(text);
}

/** Semver version, semver range or dist-tag: the only kinds the registry can answer. */
function classifyRegistrySpec(text: string): NpmSpecifier {
  if (text === '') return { kind: 'range', constraint: '' };
  // npm reads specs loosely (`=1.2.3`, `v1.2.3`), and so do we, so that pins match what it installs.
  const exact = MAYBE_VERSION.test(text) ? semver.valid(text, { loose: true }) : null;
  if (exact !== null) return { kind: 'exact', constraint: exact };
  if (SIMPLE_RANGE.test(text) || semver.validRange(text, { loose: true }) !== null) return { kind: 'range', constraint: text };
  if (!VERSION_LIKE.test(text) && isUrlSafe(text)) return { kind: 'tag', constraint: text };
  return invalid(`"${text}" is not a valid semver version, range or dist-tag.`);
}

/** `npm:name@spec`: check the aliased package; npm only aliases registry packages. */
function classifyAlias(target: string): NpmSpecifier {
  const { name, spec } = splitNameAndSpec(target);
  if (!isValidNpmName(name)) return invalid(`The alias target "${name}" is not a valid npm package name.`);
  const inner = classifyRegistrySpec((spec ?? '').trim());
  if (inner.kind === 'invalid') {
    // npm refuses nested aliases and aliases to git, URLs or paths: only a registry spec may follow.
    return { ...inner, normalizedName: name, skipReason: `npm:${name}@${spec ?? ''} must alias a registry version, range or dist-tag.` };
  }
  return { ...inner, normalizedName: name };
}

function invalid(reason: string): NpmSpecifier {
  return { kind: 'invalid', constraint: '', skipReason: reason };
}
