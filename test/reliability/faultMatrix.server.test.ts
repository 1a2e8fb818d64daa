/**
 * Fault matrix through the real language server: for every fault of docs/registry-api.md §6 and every
 * endpoint the server calls, the server stays up, keeps what it knew (marked stale), shows nothing
 * as certified that was not, tells the user once, and recovers by itself when the fault clears.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SummaryDependency, WorkspaceSummary } from '../../shared/src/protocol';
import type { EndpointName } from '../registry';
import { ENDPOINTS, FAULTS, coldStatusWhenUnreachable, matrixData, rulesFor, type EndpointCase, type FaultCase } from './faultTable';
import { codesOf, hoverMarkdown, refresh, settle, startServerEnv, writeFile, type ServerEnv } from './harness';

function depOf(summary: WorkspaceSummary, uri: string): SummaryDependency {
  const found = summary.dependencies.filter((d) => d.uri === uri);
  assert.equal(found.length, 1, `one dependency checked in ${uri}, got ${JSON.stringify(summary.dependencies.map((d) => d.uri))}`);
  return found[0];
}

const HEALTHY_TIMEOUT_MS = 5000;

function count(codes: string[], code: string): number {
  return codes.filter((c) => c === code).length;
}

/** The position of the package name in its manifest (line 3 of the package.json builder, line 0 of requirements). */
function namePosition(c: EndpointCase): { line: number; character: number } {
  return c.file === 'package.json' ? { line: 3, character: 6 } : { line: 0, character: 1 };
}

describe('reliability: fault matrix through the language server', function () {
  this.timeout(90_000);
  let env: ServerEnv;
  const warmUri = new Map<EndpointName, string>();
  const open = new Set<string>();
  const openUris = (): string[] => [...open];
  const coldUri = (c: EndpointCase, index: number): string => pathToFileURL(path.join(env.dir, `cold-${index}`, c.endpoint, c.file)).href;

  before(async () => {
    env = await startServerEnv({ data: matrixData(FAULTS.length), settings: { cacheTtlMinutes: 60 } });
    await settle(
      env.client,
      async () => {
        for (const c of ENDPOINTS) {
          const text = c.manifest(c.warm);
          const { uri } = writeFile(env.dir, path.join('warm', c.endpoint, c.file), text);
          warmUri.set(c.endpoint, uri);
          open.add(uri);
          await env.client.open(uri, c.languageId, text);
        }
      },
      'the warm documents to be checked',
      [...warmUri.values()],
    );
  });

  after(async () => {
    await env?.stop();
  });

  /** Every warm document shows its healthy result, live. */
  function assertHealthy(summary: WorkspaceSummary, phase: string): void {
    for (const c of ENDPOINTS) {
      const uri = warmUri.get(c.endpoint)!;
      const dep = depOf(summary, uri);
      assert.equal(dep.status, c.status, `${phase}: ${c.endpoint} warm status`);
      assert.equal(dep.stale, false, `${phase}: ${c.endpoint} warm not stale`);
      assert.deepEqual(codesOf(env.client, uri).sort(), [...c.codes].sort(), `${phase}: ${c.endpoint} warm diagnostics`);
    }
  }

  FAULTS.forEach((fc: FaultCase, index) => {
    it(`${fc.name}: warm results kept and marked stale, cold ones never approved, told once, recovers`, async () => {
      const { client, registry } = env;
      registry.clearFaults();
      // Settings are pulled again by every refresh (it drops the settings cache) and applied to the shared
      // HTTP client: the fault's own time limit only while it is on, a generous one around it.
      client.settings = { ...client.settings, requestTimeoutMs: HEALTHY_TIMEOUT_MS };
      assertHealthy(await refresh(client, openUris()), 'before the fault');

      // The fault, on the warm and the cold package of every endpoint at once.
      if (fc.fault) {
        for (const c of ENDPOINTS) for (const rule of rulesFor(c, fc.fault(c.endpoint), [c.warm, c.cold(index)])) registry.addFault(rule);
      } else {
        await registry.pause();
      }
      client.settings = { ...client.settings, requestTimeoutMs: fc.timeoutMs };
      const during = await refresh(client, openUris());
      for (const c of ENDPOINTS) {
        const uri = warmUri.get(c.endpoint)!;
        const dep = depOf(during, uri);
        const codes = codesOf(client, uri);
        const immune = c.immuneTo === fc.name;
        assert.equal(dep.status, c.status, `${c.endpoint}: the warm result is kept (${JSON.stringify(client.diagnostics.get(uri))})`);
        assert.equal(dep.stale, !immune, `${c.endpoint}: the warm result is marked stale`);
        assert.equal(count(codes, 'lookup-failed'), 0, `${c.endpoint}: no per-dependency failure for a stale result: ${codes}`);
        assert.equal(count(codes, 'registry-unavailable'), immune ? 0 : 1, `${c.endpoint}: told once: ${codes}`);
        for (const code of c.codes) assert.equal(count(codes, code), 1, `${c.endpoint}: the known ${code} finding is kept: ${codes}`);
        if (!immune) assert.match((await hoverMarkdown(client, uri, namePosition(c))) ?? '', /Data: stale/, `${c.endpoint}: the hover says stale`);
      }

      // Packages first asked while the fault is on.
      const coldUris: Array<{ c: EndpointCase; uri: string }> = [];
      const cold = await settle(
        client,
        async () => {
          for (const c of ENDPOINTS) {
            const text = c.manifest(c.cold(index));
            const { uri } = writeFile(env.dir, path.join(`cold-${index}`, c.endpoint, c.file), text);
            assert.equal(uri, coldUri(c, index));
            coldUris.push({ c, uri });
            open.add(uri);
            await client.open(uri, c.languageId, text);
          }
        },
        'the cold documents to be checked',
        ENDPOINTS.map((c) => coldUri(c, index)),
      );
      for (const { c, uri } of coldUris) {
        const dep = depOf(cold, uri);
        const codes = codesOf(client, uri);
        if (c.immuneTo === fc.name || c.coldImmuneTo?.includes(fc.name)) {
          assert.equal(dep.status, c.coldHealthy?.status ?? c.status, `${c.endpoint}: immune cold status`);
          continue;
        }
        // A refused connection also takes the certificate of the packages whose own endpoint is not the certificate.
        const expected = fc.fault ? c.coldStatus : coldStatusWhenUnreachable(c);
        assert.equal(dep.status, expected, `${c.endpoint}: cold status (${codes})`);
        if (expected !== 'approved') assert.notEqual(dep.status, 'approved');
        assert.equal(dep.stale, false, `${c.endpoint}: nothing known, nothing stale`);
        if (fc.effect === 'network' || !fc.fault) {
          assert.equal(count(codes, 'registry-unavailable'), 1, `${c.endpoint}: one registry-unavailable: ${codes}`);
          // Registry advisories are still read when SIGMA failed (docs/registry-api.md §3): those are findings, not failures.
          assert.deepEqual(codes.filter((x) => !['registry-unavailable', 'uncertified', 'advisory'].includes(x)), [], `${c.endpoint}: nothing per dependency for a network failure: ${codes}`);
        } else {
          const perDependency = expected === 'unresolved' ? 'unresolved' : 'lookup-failed';
          assert.equal(count(codes, perDependency), 1, `${c.endpoint}: one ${perDependency}: ${codes}`);
          assert.equal(count(codes, 'registry-unavailable'), 0, `${c.endpoint}: not a network failure: ${codes}`);
        }
      }

      // The fault clears: one refresh brings everything back, live.
      if (fc.fault) registry.clearFaults();
      else await registry.resume();
      client.settings = { ...client.settings, requestTimeoutMs: HEALTHY_TIMEOUT_MS };
      const after = await refresh(client, openUris());
      assertHealthy(after, 'after the fault');
      for (const { c, uri } of coldUris) {
        const healthy = c.coldHealthy ?? { status: c.status, codes: c.codes };
        assert.equal(depOf(after, uri).status, healthy.status, `${c.endpoint}: cold recovered`);
        assert.deepEqual(codesOf(client, uri).sort(), [...healthy.codes].sort(), `${c.endpoint}: cold diagnostics recovered`);
        await client.close(uri);
        open.delete(uri);
      }
      assert.equal(client.child.exitCode, null, 'the server is still running');
      assert.doesNotMatch(client.logMessages.join('\n'), /unhandled rejection|uncaught exception/);
    });
  });

  it('stats: a failing stats endpoint answers a plain failure, then recovers', async () => {
    const { client, registry } = env;
    // A short limit, so the held and trickled answers fail; the refresh applies it to the HTTP client.
    client.settings = { ...client.settings, requestTimeoutMs: 600 };
    await refresh(client, openUris());
    for (const fc of FAULTS) {
      // Stats carry no identity, so a mismatch cannot be told from an answer.
      if (fc.name === 'identity mismatch') continue;
      if (fc.fault) registry.addFault({ endpoint: 'stats', fault: fc.fault('stats') });
      else await registry.pause();
      const failed = await client.connection.sendRequest<{ ok: boolean; message?: string }>('sigma/stats', {});
      assert.equal(failed.ok, false, `${fc.name}: stats fail`);
      assert.match(failed.message ?? '', /registry statistics unavailable/, fc.name);
      if (fc.fault) registry.clearFaults();
      else await registry.resume();
    }
    const ok = await client.connection.sendRequest<{ ok: boolean; stale?: boolean }>('sigma/stats', {});
    assert.deepEqual([ok.ok, ok.stale], [true, false]);
  });
});
