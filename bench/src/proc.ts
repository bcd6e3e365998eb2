import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * Server CPU and memory straight from /proc, so any child process (Obeya's node, the relay's
 * node) is measured the same way without a library or cooperation from the process.
 */

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (almost always 100). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** Resident set size in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export interface Usage {
  /** Average CPU over the window, in % of one core. */
  cpuPercent: number;
  cpuSeconds: number;
  wallSeconds: number;
  /** Highest RSS seen during the window, MiB. */
  peakRssMiB: number;
  /** RSS at the end of the window, MiB. */
  rssMiB: number;
}

/**
 * Samples a process during a measuring window: CPU by the difference of its counters, RSS once a
 * second (its peak inside the window, not since start-up, which VmHWM would give).
 */
export class UsageSampler {
  private readonly cpu0: number;
  private readonly t0 = performance.now();
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.cpu0 = cpuSeconds(pid);
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  private sample(): number {
    const rss = rssMiB(this.pid);
    this.peak = Math.max(this.peak, rss);
    return rss;
  }

  stop(): Usage {
    clearInterval(this.timer);
    const rss = this.sample();
    const wallSeconds = (performance.now() - this.t0) / 1000;
    const cpu = cpuSeconds(this.pid) - this.cpu0;
    return { cpuPercent: (cpu / wallSeconds) * 100, cpuSeconds: cpu, wallSeconds, peakRssMiB: this.peak, rssMiB: rss };
  }
}

/** Several windows of one process as one: CPU averaged over their time, the highest peak, the last RSS. */
export function combineUsage(windows: readonly Usage[]): Usage {
  const cpu = windows.reduce((n, w) => n + w.cpuSeconds, 0);
  const wall = windows.reduce((n, w) => n + w.wallSeconds, 0);
  return {
    cpuPercent: (cpu / wall) * 100,
    cpuSeconds: cpu,
    wallSeconds: wall,
    peakRssMiB: Math.max(...windows.map((w) => w.peakRssMiB)),
    rssMiB: windows.at(-1)?.rssMiB ?? NaN,
  };
}

/** Several processes (nodes) at once as one: CPU and memory added up. */
export function sumUsage(processes: readonly Usage[]): Usage {
  const wall = Math.max(...processes.map((p) => p.wallSeconds));
  const cpu = processes.reduce((n, p) => n + p.cpuSeconds, 0);
  return {
    cpuPercent: (cpu / wall) * 100,
    cpuSeconds: cpu,
    wallSeconds: wall,
    peakRssMiB: processes.reduce((n, p) => n + p.peakRssMiB, 0),
    rssMiB: processes.reduce((n, p) => n + p.rssMiB, 0),
  };
}

/** The same for this (the clients') process, through Node's own counters. */
export class SelfSampler {
  private readonly cpu0 = process.cpuUsage();
  private readonly t0 = performance.now();

  stop(): Usage {
    const used = process.cpuUsage(this.cpu0);
    const cpu = (used.user + used.system) / 1e6;
    const wallSeconds = (performance.now() - this.t0) / 1000;
    const rss = process.memoryUsage.rss() / 2 ** 20;
    return { cpuPercent: (cpu / wallSeconds) * 100, cpuSeconds: cpu, wallSeconds, peakRssMiB: rss, rssMiB: rss };
  }
}
