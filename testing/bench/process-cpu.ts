import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// CPU time of this process (which hosts the API) and of its descendants (the worker process, and
// the services the standalone stack started: the Temporal dev server, PostgreSQL and its
// backends), read from /proc. A backend that exits between two readings takes its time with it;
// the pools keep theirs open, so little is lost.

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU ms by process kind: `bench` (this process), and each descendant's command name. */
export type CpuReading = Map<string, number>;

function stat(pid: string): { comm: string; ppid: number; cpuMs: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    // Fields after the command: state ppid … utime (14th field of the line) stime (15th).
    const fields = text.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { comm, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / ticksPerSecond };
  } catch {
    return null; // gone, or not Linux
  }
}

export function readCpu(): CpuReading {
  const own = process.cpuUsage();
  const reading: CpuReading = new Map([['bench', (own.user + own.system) / 1000]]);
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return reading;
  }
  const all = new Map(pids.map((pid) => [Number(pid), stat(pid)]));
  const descends = (pid: number): boolean => {
    for (let at = all.get(pid)?.ppid; at !== undefined && at > 1; at = all.get(at)?.ppid)
      if (at === process.pid) return true;
    return false;
  };
  for (const [pid, info] of all) {
    if (!info || pid === process.pid || !descends(pid)) continue;
    reading.set(info.comm, (reading.get(info.comm) ?? 0) + info.cpuMs);
  }
  return reading;
}

/** All CPU ms in `spent`, whatever the kind. */
export const totalCpu = (spent: Map<string, number>) => [...spent.values()].reduce((sum, v) => sum + v, 0);

/** CPU ms spent between two readings, by kind (kinds that used none are left out). */
export function cpuBetween(before: CpuReading, after: CpuReading): Map<string, number> {
  const spent = new Map<string, number>();
  for (const [kind, value] of after) {
    const used = value - (before.get(kind) ?? 0);
    if (used > 0) spent.set(kind, used);
  }
  return spent;
}
