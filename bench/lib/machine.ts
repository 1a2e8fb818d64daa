/** What the numbers were measured on: they mean little without the machine and how busy it was. */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  date: string;
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (line) cpuModel = line[1].trim();
  } catch {
    // Not Linux: the os module's answer stands.
  }
  return { cores: os.cpus().length, cpuModel, ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10, node: process.version, date: new Date().toISOString() };
}

/** The 1-, 5- and 15-minute load averages as /proc/loadavg writes them. */
export function loadAverage(): string {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return os.loadavg().map((n) => n.toFixed(2)).join(' ');
  }
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS is in kB). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s*(\d+)\s*kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
