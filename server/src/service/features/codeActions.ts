/**
 * Quick fixes for a dependency with a problem: pin to the newest certified version that keeps the
 * manifest's intent (or the newest certified one overall), suppress with a reason and expiry, and
 * open the certificate. Candidate versions are probed lazily, newest first, with a bound (pinTargets.ts).
 */
import { CodeAction, CodeActionKind, Command, type CodeActionContext, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SigmaSettings } from '../settings';
import type { ManifestCheck } from '../checker';
import type { CheckedDependency, Dependency, Resolution } from '../model';
import { pinEdit } from './pinEdit';
import type { PinTargets } from '../stages/pinTargets';
import { rangesOverlap } from './ranges';
import { OPEN_URL_COMMAND, SUPPRESS_COMMAND, VERIFY_TARBALL_COMMAND } from './commandIds';

export { OPEN_URL_COMMAND, SUPPRESS_COMMAND, VERIFY_TARBALL_COMMAND };

/** What the code action request asks about (LSP `CodeActionParams` without the document id). */
export interface CodeActionAsk {
  range: Range;
  context: CodeActionContext;
}

/** The pin targets of one dependency (cached and bounded by the service). */
export type PinTargetLookup = (dep: Dependency, resolution: Resolution, settings: SigmaSettings, signal?: AbortSignal) => Promise<PinTargets>;

const SUPPRESS_DAYS = 90;

function needsAttention(d: CheckedDependency): boolean {
  return !d.pending && d.status !== 'skipped' && d.status !== 'unresolved' && (d.status !== 'approved' || d.findings.length > 0);
}

function isoDateInDays(now: number, days: number): string {
  return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}

export async function codeActionsFor(
  doc: TextDocument,
  check: ManifestCheck,
  params: CodeActionAsk,
  pinTargets: PinTargetLookup,
  settings: SigmaSettings,
  now: number,
  signal: AbortSignal,
): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  const entries = check.dependencies.filter((d) => rangesOverlap(d.dependency.range, params.range) && !d.pending && d.status !== 'skipped');
  for (const entry of entries.slice(0, 5)) {
    if (needsAttention(entry)) actions.push(...(await fixesFor(doc, entry, params, pinTargets, settings, now, signal)));
    actions.push(...inspectionsFor(doc, entry));
  }
  // A client that asks for some kinds only (VS Code's light bulb asks for quick fixes) gets only those.
  const only = params.context.only;
  return only && only.length > 0 ? actions.filter((a) => only.some((kind) => (a.kind ?? '') === kind || (a.kind ?? '').startsWith(`${kind}.`))) : actions;
}

/** Quick fixes for a dependency with a problem: pin to a certified version, or suppress. */
async function fixesFor(doc: TextDocument, entry: CheckedDependency, params: CodeActionAsk, pinTargets: PinTargetLookup, settings: SigmaSettings, now: number, signal: AbortSignal): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  const dep = entry.dependency;
  const diagnostics = params.context.diagnostics.filter((x) => x.source === 'sigma' && rangesOverlap(x.range, dep.range));
  const targets = await pinTargets(dep, entry.resolution, settings, signal);
  const addPin = (version: string, title: string, preferred: boolean): void => {
    const edit = pinEdit(doc, dep, version);
    if (!edit) return;
    const action = CodeAction.create(title, { changes: { [doc.uri]: [edit] } }, CodeActionKind.QuickFix);
    action.diagnostics = diagnostics;
    action.isPreferred = preferred;
    actions.push(action);
  };
  if (targets.withinIntent && targets.withinIntent !== entry.resolution.version) {
    addPin(targets.withinIntent, `Pin ${dep.normalizedName} to ${targets.withinIntent} (newest SIGMA-approved version matching ${dep.constraint || 'the manifest'})`, true);
  }
  if (targets.newest && targets.newest !== targets.withinIntent && targets.newest !== entry.resolution.version) {
    addPin(targets.newest, `Pin ${dep.normalizedName} to ${targets.newest} (newest SIGMA-approved version)`, !targets.withinIntent);
  }
  const pkg = `${dep.registry}:${dep.normalizedName}${entry.resolution.version ? `@${entry.resolution.version}` : ''}`;
  const until = isoDateInDays(now, SUPPRESS_DAYS);
  const suppress = CodeAction.create(
    `Suppress SIGMA findings for ${pkg} until ${until}…`,
    Command.create('Suppress', SUPPRESS_COMMAND, doc.uri, { package: pkg, reason: '', until }),
    CodeActionKind.QuickFix,
  );
  suppress.diagnostics = diagnostics;
  actions.push(suppress);
  return actions;
}

/** Actions that look closer at any checked dependency: the npm tarball check, the certificate. */
function inspectionsFor(doc: TextDocument, entry: CheckedDependency): CodeAction[] {
  const actions: CodeAction[] = [];
  const dep = entry.dependency;
  const url = entry.facts?.certificate?.verifyUrl;
  if (dep.registry === 'npm' && entry.resolution.version) {
    actions.push(
      CodeAction.create(
        `Verify the ${dep.normalizedName} ${entry.resolution.version} tarball against the lockfile and SIGMA`,
        Command.create('Verify tarball', VERIFY_TARBALL_COMMAND, doc.uri, dep.normalizedName, entry.resolution.version),
        CodeActionKind.Empty,
      ),
    );
  }
  if (url) actions.push(CodeAction.create(`Open SIGMA certificate for ${dep.normalizedName} ${entry.resolution.version ?? ''}`.trim(), Command.create('Open certificate', OPEN_URL_COMMAND, url), CodeActionKind.Empty));
  return actions;
}
