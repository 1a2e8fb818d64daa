/**
 * parseManifest for documents being edited: a package.json edit that cannot change what was read
 * (npm/packageJsonEdit.ts: typing in the description, the scripts, …) hands back the previous
 * result instead of parsing the whole file again. Other kinds are parsed every time (a
 * requirements file or pyproject.toml of the same size parses in a few milliseconds). The last few
 * documents are remembered, so a CLI run over many manifests keeps no texts.
 */
import type { ManifestKind, ParsedManifest } from '../model';
import { parseManifest, withoutNamelessEntries, type ManifestParseOptions } from './index';
import { readPackageJson } from './npm/packageJson';
import { editChangesNothing, type PackageJsonRead } from './npm/packageJsonEdit';

const REMEMBERED = 8;

export type ManifestReader = (uri: string, kind: ManifestKind, text: string, opts?: ManifestParseOptions) => ParsedManifest;

export function createManifestReader(): ManifestReader {
  const last = new Map<string, PackageJsonRead & { parsed: ParsedManifest }>();
  return (uri, kind, text, opts = {}) => {
    if (kind !== 'package.json') return parseManifest(kind, text, opts);
    const previous = last.get(uri);
    last.delete(uri);
    let read: PackageJsonRead & { parsed: ParsedManifest };
    if (previous && editChangesNothing(previous, text)) {
      read = { ...previous, text };
    } else {
      read = readFresh(text);
    }
    last.set(uri, read);
    if (last.size > REMEMBERED) last.delete(last.keys().next().value as string);
    return read.parsed;
  };
}

function readFresh(text: string): PackageJsonRead & { parsed: ParsedManifest } {
  try {
    const { parsed, readSpans } = readPackageJson(text);
    const final = withoutNamelessEntries(parsed);
    return { text, parsed: final, readSpans, hasProblems: final.errors.length > 0 };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Nested too deeply: parseManifest says so on the document; never reused.
    return { text, parsed: parseManifest('package.json', text), readSpans: [], hasProblems: true };
  }
}
