import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time read from Linux's /proc, so a bench can say what each request cost the server and the
 * database, not only how many went through: on a small machine the two share the cores, and the
 * split shows which one a figure is bound by. Null where /proc is not there.
 */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system seconds of every process whose command name or pid matches, and of its reaped children. */
function cpuSeconds(match: (pid: string, command: string) => boolean): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!match(pid, command)) continue;
    // Fields after the command: state is the 1st, then utime, stime, cutime, cstime are the 12th to
    // 15th. cutime/cstime hold children that exited and were reaped, e.g. a PostgreSQL backend whose
    // connection closed between two readings: its time moves to the postmaster, not out of the sum.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks / clockTicks();
}

/** All local PostgreSQL server processes (backends, WAL writer, checkpointer…). */
export const postgresCpuSeconds = () => cpuSeconds((_, command) => command === 'postgres');

/** One process, e.g. a spawned server. */
export const processCpuSeconds = (pid: number) => cpuSeconds((p) => p === String(pid));

/** This process, from Node itself (finer than /proc's ticks). */
export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Microseconds of CPU per unit of work between two readings; null when either is unknown. */
export function microsPer(before: number | null, after: number | null, units: number): number | null {
  if (before === null || after === null || units <= 0) return null;
  return ((after - before) * 1e6) / units;
}

export const fmtMicros = (v: number | null) => (v === null ? '-' : v.toFixed(0));
