/**
 * Starts the local registry by hand (for the demo or manual testing):
 *   node --import tsx test/registry/cli.ts [--port N] [--latency MS] [--token T]
 * Serves the example data (test/registry/fixtures.ts: no hostile test strings). Prints one line with the
 * URL and the developer token, then the drafts it serves, its standing faults and commands to try
 * (./guide.ts), then one line per request. The standing faults (`example-faults.json`) make one lookup
 * fail so the demo shows every status.
 */
import { parseArgs } from 'node:util';
import { loadExampleData, startRegistry } from './index';
import { loadExampleFaults } from './fixtures';
import { registryGuide } from './guide';

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    process.stderr.write(`--${name} must be a whole number, got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, latency: { type: 'string' }, token: { type: 'string' } },
    strict: true,
  });
  const registry = await startRegistry({
    port: numberOption(values.port, 'port') ?? 0,
    latencyMs: numberOption(values.latency, 'latency') ?? 0,
    token: values.token,
    quiet: false,
    data: loadExampleData(),
  });
  const faults = loadExampleFaults();
  for (const { shows: _shows, ...rule } of faults) registry.addFault(rule);
  process.stdout.write(`SIGMA local registry listening on ${registry.url} (token: ${registry.token})\n`);
  process.stdout.write(`${registryGuide(registry.url, registry.token, registry.data, faults).join('\n')}\n`);
  const stop = (): void => {
    registry.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
