/**
 * pip requirements files (`requirements*.txt`, `*.in`, constraints files). Reads what pip reads, in
 * pip's order (continuations, comments, options), and reports each requirement with the
 * range of its own text. `-r`/`-c` includes are listed, never inlined: an included file is its own
 * document (docs/language-server.md). Bad lines become problems; the rest of the file is still read.
 */
import type { Dependency, IncludeReference, ParsedManifest, ParseProblem, SpecifierKind } from '../../model';
import { normalizePypiName } from './pep503';
import { classifyPep440Specifier } from './pep440Specifier';
import { classifyRequirementUrl, parsePep508 } from './pep508';
import { forEachLogicalLine, type LogicalLine, rangeOf } from './requirementsLines';
import { type ParsedOption, parseOptions, splitWords, type Word } from './requirementsOptions';
import { namesAsWritten, variablesIn, type VariableRef } from '../../../../../shared/src/envTemplate';

/**
 * `${VAR}` references are never expanded here (docs/security.md): an index URL keeps them for the HTTP
 * layer, which fills them in only for a host the user allowed; a requirement whose version needs one
 * is reported `unresolved`, naming it; an include path that needs one is not followed.
 */
export interface RequirementsParseOptions {
  /** The file is a constraints file (`-c` target, `constraints*.txt`): mark every entry `constraintOnly`. */
  constraints?: boolean;
}

/** Schemes pip treats as a URL rather than a name or a path (`is_url`, including VCS schemes). */
const URL_SCHEME = /^(https?|file|ftp|(git|hg|svn|bzr)(\+[A-Za-z-]+)?):/i;
const ARCHIVE = /\.(whl|zip|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar\.lz|tlz|tar\.lzma)$/i;
const WHEEL = /^([A-Za-z0-9_.]+)-[^-]+(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i;
const SDIST = /^([A-Za-z0-9][A-Za-z0-9._-]*?)-\d[^-]*\.(zip|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar\.lz|tlz|tar\.lzma)$/i;
const EGG = /[#&]egg=([^&]*)/;
const PROJECT_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;

const NO_OPTIONS: ReturnType<typeof parseOptions> = { options: [], problems: [] };

class RequirementsReader {
  readonly dependencies: Dependency[] = [];
  readonly errors: ParseProblem[] = [];
  readonly includes: IncludeReference[] = [];
  private primaryIndex: string | undefined;
  private primaryIndexHasVariables = false;
  private readonly extraIndexes: string[] = [];
  private allowPrereleases = false;

  constructor(private readonly constraints: boolean) {}

  result(): ParsedManifest {
    const indexUrls = this.primaryIndex === undefined ? [...this.extraIndexes] : [this.primaryIndex, ...this.extraIndexes];
    if (this.primaryIndex !== undefined) {
      for (const dep of this.dependencies) {
        if (dep.kind === 'exact' || dep.kind === 'range' || dep.kind === 'invalid') {
          dep.indexUrl = this.primaryIndex;
          if (this.primaryIndexHasVariables) dep.indexUrlExpandsEnv = true;
        }
      }
    }
    return {
      kind: 'requirements.txt',
      dependencies: this.dependencies,
      errors: this.errors,
      includes: this.includes,
      indexUrls,
      allowPrereleases: this.allowPrereleases,
    };
  }

  private problem(line: LogicalLine, start: number, end: number, message: string, severity: ParseProblem['severity']): void {
    this.errors.push({ message, range: rangeOf(line, start, end), severity });
  }

  readLine(line: LogicalLine): void {
    const { text } = line;
    let start = 0;
    let end = text.length;
    while (start < end && isWs(text[start])) start++;
    while (end > start && isWs(text[end - 1])) end--;
    if (start === end) return;

    // pip's break_args_options: the requirement runs up to the first word that starts with '-'.
    let optionsStart = end;
    for (let i = start; i < end; ) {
      if (text[i] === '-' && (i === start || isWs(text[i - 1]))) {
        optionsStart = i;
        break;
      }
      i++;
    }
    let argsEnd = optionsStart;
    while (argsEnd > start && isWs(text[argsEnd - 1])) argsEnd--;

    const { options, problems } = optionsStart < end ? parseOptions(splitWords(text, optionsStart, end)) : NO_OPTIONS;
    for (const p of problems) this.problem(line, p.start, p.end, p.message, p.severity);

    if (argsEnd > start) this.readRequirementLine(line, start, argsEnd, options);
    else this.readOptionLine(line, options);
  }

  private readOptionLine(line: LogicalLine, options: ParsedOption[]): void {
    const editable = options.find((o) => o.name === 'editable');
    for (const option of options) {
      const value = option.value;
      switch (option.name) {
        case 'requirement':
        case 'constraint':
          if (value) {
            const needs = variablesIn(value.text);
            if (needs.length > 0) {
              const names = namesAsWritten([...new Set(needs.map((v) => v.name))]);
              this.problem(line, value.start, value.end, `Not followed: this path needs ${names}, and environment values are never read into a path`, 'warning');
            } else {
              this.includes.push({ kind: option.name, path: value.text, range: rangeOf(line, value.start, value.end) });
            }
          }
          break;
        case 'editable':
          if (value) this.readEditable(line, value);
          break;
        case 'index-url':
          if (value) {
            if (this.primaryIndex !== undefined) {
              this.problem(line, option.start, option.end, `A second '${option.spelling}': pip uses only the last one`, 'warning');
            }
            this.primaryIndex = value.text;
            this.primaryIndexHasVariables = variablesIn(value.text).length > 0;
          }
          break;
        case 'extra-index-url':
          if (value) this.extraIndexes.push(value.text);
          break;
        case 'pre':
          this.allowPrereleases = true;
          break;
        case 'hash':
          // Said once per --hash, not once per --hash and -e pair: a line of 30,000 `-e` took seconds (docs/security.md).
          if (editable) this.problem(line, option.start, option.end, 'pip does not check hashes of editable requirements', 'warning');
          else this.problem(line, option.start, option.end, `'${option.spelling}' applies to the requirement on its own line, and this line has none`, 'warning');
          break;
        case 'config-settings':
        case 'global-option':
        case 'install-option':
          if (!editable) {
            this.problem(line, option.start, option.end, `'${option.spelling}' applies to the requirement on its own line, and this line has none`, 'warning');
          }
          break;
        default:
          // The remaining options (--find-links, --no-binary, --trusted-host, …) change how pip
          // downloads, not which project or version it picks.
          break;
      }
    }
  }

  private readRequirementLine(line: LogicalLine, start: number, end: number, options: ParsedOption[]): void {
    const hashes = this.readRequirementOptions(line, options);
    const args = line.text.slice(start, end);
    const at = args.indexOf('@');
    const pep508Url = at > 0 && !looksLikePath(args.slice(0, at));
    const location = URL_SCHEME.test(args) ? 'url' : !pep508Url && isLocalPath(args) ? 'path' : null;

    let dep: Dependency | null;
    if (location) {
      dep = this.locationDependency(line, start, end, location);
      if (dep && this.constraints) {
        this.problem(line, start, end, 'pip accepts only named requirements in a constraints file', 'warning');
      }
    } else {
      dep = this.pep508Dependency(line, start, end);
    }
    if (!dep) return;
    if (hashes.length > 0) dep.hashes = hashes;
    this.dependencies.push(dep);
  }

  /** The per-requirement options on a requirement line; returns the sha256 digests of its `--hash`es. */
  private readRequirementOptions(line: LogicalLine, options: ParsedOption[]): string[] {
    const hashes: string[] = [];
    for (const option of options) {
      if (!option.perRequirement) {
        this.problem(line, option.start, option.end, `pip ignores '${option.spelling}' after a requirement: put it on a line of its own`, 'warning');
      } else if (option.name === 'install-option') {
        this.problem(line, option.start, option.end, "pip no longer supports '--install-option' (removed in pip 23.1)", 'warning');
      } else if (option.name === 'hash' && option.value) {
        const digest = this.readHash(line, option.value);
        if (digest && !hashes.includes(digest)) hashes.push(digest);
      }
    }
    return hashes;
  }

  private readHash(line: LogicalLine, value: Word): string | null {
    const colon = value.text.indexOf(':');
    if (colon < 0) {
      this.problem(line, value.start, value.end, 'Expected --hash=algorithm:digest, such as sha256:…', 'warning');
      return null;
    }
    const algorithm = value.text.slice(0, colon).toLowerCase();
    const digest = value.text.slice(colon + 1);
    if (algorithm === 'sha256') {
      if (SHA256.test(digest)) return digest.toLowerCase();
      this.problem(line, value.start, value.end, 'Not a sha256 digest: expected 64 hexadecimal characters', 'warning');
    } else if (algorithm !== 'sha384' && algorithm !== 'sha512') {
      this.problem(line, value.start, value.end, `pip accepts only sha256, sha384 and sha512 hashes, not '${algorithm}'`, 'warning');
    }
    // sha384/sha512 are valid for pip, but SIGMA certifies sha256 digests, so only those are kept.
    return null;
  }

  private pep508Dependency(line: LogicalLine, start: number, end: number): Dependency | null {
    const vars = line.variables.filter((v) => v.start >= start && v.end <= end).map((v) => ({ ...v, start: v.start - start, end: v.end - start }));
    const written = line.text.slice(start, end);
    // A `${VAR}` is parsed as a run of digits of the same length, so offsets stay those of the text as
    // written; every field a variable touches is then taken from the written text, never from a value.
    const maskedText = vars.length > 0 ? masked(written, vars) : written;
    const parsed = parsePep508(maskedText);
    const asWritten = (part: string): string => {
      const at = maskedText.lastIndexOf(part);
      return at < 0 ? part : written.slice(at, at + part.length);
    };
    if (!parsed.ok) {
      // A zero-width problem is hard to see in an editor: fall back to the whole requirement.
      const [from, to] = parsed.end > parsed.start ? [start + parsed.start, start + parsed.end] : [start, end];
      this.problem(line, from, to, `Invalid requirement: ${parsed.message}`, 'error');
      return null;
    }
    const r = parsed.requirement;
    const touching = (from: number, to: number): string[] => [...new Set(vars.filter((v) => v.start < to && v.end > from).map((v) => v.name))];
    const inName = touching(r.start, r.start + r.name.length);
    if (inName.length > 0) {
      this.problem(line, start + r.start, start + r.end, `Not checked: the package name needs ${namesAsWritten(inName)}, and environment values are never read into a check`, 'warning');
      return null;
    }
    const url = r.url === undefined ? undefined : asWritten(r.url);
    const dep: Dependency = {
      registry: 'pypi',
      name: r.name,
      normalizedName: r.normalizedName,
      specifier: url ?? written.slice(r.specifierStart, r.specifierEnd),
      kind: 'range',
      constraint: '',
      section: 'requirements',
      range: rangeOf(line, start + r.start, start + r.end),
    };
    const inVersion = r.url === undefined ? touching(r.start + r.name.length, r.specifierEnd) : [];
    if (inVersion.length > 0) {
      // The version would come from the environment: say which variable, check nothing (docs/security.md).
      dep.constraint = dep.specifier;
      dep.envVariables = inVersion;
      if (this.constraints) dep.constraintOnly = true;
      return dep;
    }
    if (url !== undefined) {
      const { kind, skipReason } = classifyRequirementUrl(url);
      dep.kind = kind;
      dep.skipReason = skipReason;
    } else {
      const spec = classifyPep440Specifier(r.specifier);
      dep.kind = spec.kind;
      dep.constraint = spec.constraint;
      if (spec.kind === 'invalid') {
        dep.skipReason = `invalid version specifier: ${spec.reason ?? r.specifier}`;
        this.problem(line, start + r.specifierStart, start + r.specifierEnd, `Invalid version specifier: ${spec.reason ?? r.specifier}`, 'error');
      }
    }
    if (r.extras.length > 0) {
      dep.extras = r.extras;
      if (this.constraints) this.problem(line, start + r.start, start + r.end, 'pip does not allow extras in a constraints file', 'warning');
    }
    if (r.markers !== undefined) dep.markers = asWritten(r.markers);
    if (this.constraints) dep.constraintOnly = true;
    return dep;
  }

  /** A bare URL or path (`https://…/x.whl`, `git+https://…#egg=x`, `./pkg`, `pkg.tar.gz`). */
  private locationDependency(line: LogicalLine, start: number, end: number, form: 'url' | 'path'): Dependency {
    // pip splits markers off a URL only at "; " (a URL may contain ';'), off a path at any ';'.
    const args = line.text.slice(start, end);
    const cut = args.indexOf(form === 'url' ? '; ' : ';');
    let locEnd = cut < 0 ? end : start + cut;
    while (locEnd > start && isWs(line.text[locEnd - 1])) locEnd--;
    const written = line.text.slice(start, locEnd);
    const markers = cut < 0 ? '' : args.slice(cut + 1).trim();
    const { location, extras } = form === 'path' ? splitPathExtras(written) : { location: written, extras: [] };
    const dep = this.unnamedDependency(location, form, rangeOf(line, start, locEnd), '');
    if (extras.length > 0) dep.extras = extras;
    if (markers) dep.markers = markers;
    return dep;
  }

  private readEditable(line: LogicalLine, value: Word): void {
    if (this.constraints) this.problem(line, value.start, value.end, 'pip does not allow editable requirements in a constraints file', 'warning');
    const form = URL_SCHEME.test(value.text) ? 'url' : 'path';
    const { location, extras } = form === 'path' ? splitPathExtras(value.text) : { location: value.text, extras: [] };
    const dep = this.unnamedDependency(location, form, rangeOf(line, value.start, value.end), 'editable install, ');
    if (extras.length > 0) dep.extras = extras;
    this.dependencies.push(dep);
  }

  private unnamedDependency(location: string, form: 'url' | 'path', range: Dependency['range'], reasonPrefix: string): Dependency {
    const named = projectNameOf(location);
    let kind: SpecifierKind = 'path';
    let skipReason = 'installed from a local path, not from a package index';
    if (form === 'url') ({ kind, skipReason } = classifyRequirementUrl(location));
    const dep: Dependency = {
      registry: 'pypi',
      name: named ?? location,
      normalizedName: named ? normalizePypiName(named) : location,
      specifier: location,
      kind,
      constraint: '',
      section: 'requirements',
      range,
      skipReason: reasonPrefix + skipReason,
    };
    if (this.constraints) dep.constraintOnly = true;
    return dep;
  }
}

function isWs(c: string): boolean {
  return c === ' ' || c === '\t';
}

/** `text` with each `${NAME}` (offsets relative to `text`) replaced by as many `0`s. */
function masked(text: string, vars: readonly VariableRef[]): string {
  let out = '';
  let cursor = 0;
  for (const v of vars) {
    out += text.slice(cursor, v.start) + '0'.repeat(v.end - v.start);
    cursor = v.end;
  }
  return out + text.slice(cursor);
}

/** pip's `_looks_like_path`: a path separator anywhere, or a leading dot. */
function looksLikePath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.startsWith('.');
}

/**
 * Whether pip would install `args` from the file system. pip asks the disk whether a path-like
 * word is a folder; a pure parser cannot, so anything path-like, or named like an archive, is a path.
 */
function isLocalPath(args: string): boolean {
  const beforeMarkers = args.split(';', 1)[0].trim();
  return looksLikePath(beforeMarkers) || ARCHIVE.test(splitPathExtras(beforeMarkers).location);
}

/**
 * `./pkg[dev,test]` → the path and its extras: the last `[` whose bracket closes at the very end.
 * By index, not with `/^(.*)\[([^\]]*)\]$/`, which took 7 s on 80,000 `[` (docs/security.md).
 */
function splitPathExtras(written: string): { location: string; extras: string[] } {
  const open = written.endsWith(']') ? written.lastIndexOf('[', written.length - 2) : -1;
  const inside = open > 0 ? written.slice(open + 1, -1) : '';
  if (open <= 0 || inside.includes(']')) return { location: written, extras: [] };
  return {
    location: written.slice(0, open),
    extras: inside
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== ''),
  };
}

/** The project a URL or path installs, when it says: `#egg=name`, or a wheel or sdist file name. */
function projectNameOf(location: string): string | null {
  const egg = EGG.exec(location)?.[1].replace(/\[.*$/, '');
  if (egg && PROJECT_NAME.test(egg)) return egg;
  const path = location.replace(/[?#].*$/, '');
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return WHEEL.exec(file)?.[1] ?? SDIST.exec(file)?.[1] ?? null;
}

export function parseRequirements(text: string, opts: RequirementsParseOptions = {}): ParsedManifest {
  const reader = new RequirementsReader(opts.constraints === true);
  forEachLogicalLine(text, (line) => reader.readLine(line));
  return reader.result();
}
