/** Spawn → exit of a bare `node -e 0`: Node's own start on this machine, the floor of server_start. */
import { spawn } from 'node:child_process';

export function bareNodeStartMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - t0));
  });
}
