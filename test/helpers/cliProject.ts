/**
 * A local registry, a temp folder of small projects and a `check` runner pointed at both: the
 * set-up of the CLI tests that write their own manifests (test/cli/).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry } from '../registry';
import { registryFlags, runCli, type CliResult } from './cliRunner';

export interface CliWorkspace {
  registry: LocalRegistry;
  tmp: string;
  /** A new folder under the temp folder holding these files. */
  project(files: Record<string, string>): string;
  /** Rewrites files of an existing project. */
  write(dir: string, files: Record<string, string>): void;
  /** `sigma-trust check ARGS` in `cwd` against the local registry, with a cache folder of its own unless one is given. */
  check(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean; cache?: string }): Promise<CliResult>;
  close(): Promise<void>;
}

export async function cliWorkspace(): Promise<CliWorkspace> {
  const registry = await startRegistry({ quiet: true, token: 'sigma_dev_test_token' });
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-cli-')));
  let n = 0;
  const write = (dir: string, files: Record<string, string>): void => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  };
  return {
    registry,
    tmp,
    project(files) {
      const dir = path.join(tmp, `project-${++n}`);
      fs.mkdirSync(dir, { recursive: true });
      write(dir, files);
      return dir;
    },
    write,
    check(args, opts = {}) {
      const cache = opts.cache ?? path.join(tmp, `cache-${++n}`);
      return runCli(['check', ...args, ...registryFlags(registry.url), '--cache-dir', cache], { cwd: opts.cwd, env: opts.env, tty: opts.tty });
    },
    async close() {
      await registry.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
