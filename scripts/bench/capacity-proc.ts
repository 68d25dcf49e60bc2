// CPU time and memory of whole process trees, read from /proc (Linux only): the server process with
// its plugin hosts, the PostgreSQL postmaster with its backends. Backends come and go during a
// step; a process that exits is reaped by its parent, whose cutime/cstime then hold its time, so the
// sum over the live tree of utime+stime+cutime+cstime only ever grows and its difference over a
// step is the tree's CPU time in that step.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = systemValue('CLK_TCK', 100);
const PAGE_BYTES = systemValue('PAGESIZE', 4096);

interface ProcessStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
  /** stime + cstime: the part spent in the kernel (system calls: sockets, files). */
  systemTicks: number;
  /** cutime + cstime: children that exited and were reaped. */
  childTicks: number;
  rssPages: number;
}

export interface TreeSample {
  /** CPU seconds the tree has used, children that exited included. */
  cpuSeconds: number;
  /** Of which in the kernel. */
  systemSeconds: number;
  processes: number;
}

/** One /proc scan, sampling the tree below each root pid (a root that is gone samples as zero). */
export function sampleTrees(roots: readonly number[]): TreeSample[] {
  const stats = readAll();
  return roots.map((root) => {
    const tree = treeOf(root, stats);
    return {
      cpuSeconds: tree.reduce((sum, s) => sum + s.ticks, 0) / TICKS_PER_SECOND,
      systemSeconds: tree.reduce((sum, s) => sum + s.systemTicks, 0) / TICKS_PER_SECOND,
      processes: tree.length,
    };
  });
}

/**
 * Memory of each tree: the sum of proportional set sizes (shared pages, such as PostgreSQL's shared
 * buffers, counted once across the tree), or of resident sizes where smaps_rollup is unreadable.
 */
export function treeMemoryBytes(roots: readonly number[]): number[] {
  const stats = readAll();
  return roots.map((root) => treeOf(root, stats).reduce((sum, s) => sum + (proportionalBytes(s.pid) ?? s.rssPages * PAGE_BYTES), 0));
}

export interface ProcessMemory {
  pid: number;
  /** Its command line, as `ps` shows it (a plugin host sets its title). */
  command: string;
  residentBytes: number;
}

/** Resident size of every process in the tree below `root`, the root first. */
export function treeResidentBytes(root: number): ProcessMemory[] {
  return treeOf(root, readAll()).map((s) => ({ pid: s.pid, command: commandOf(s.pid), residentBytes: s.rssPages * PAGE_BYTES }));
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

function treeOf(root: number, stats: ProcessStat[]): ProcessStat[] {
  const byParent = new Map<number, ProcessStat[]>();
  let rootStat: ProcessStat | undefined;
  for (const s of stats) {
    if (s.pid === root) rootStat = s;
    const siblings = byParent.get(s.ppid);
    if (siblings) siblings.push(s);
    else byParent.set(s.ppid, [s]);
  }
  if (!rootStat) return [];
  const tree = [rootStat];
  for (let i = 0; i < tree.length; i++) tree.push(...(byParent.get(tree[i].pid) ?? []));
  return tree;
}

function readAll(): ProcessStat[] {
  const out: ProcessStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const stat = readStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

function readStat(pid: number): ProcessStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null; // exited between the listing and the read
  }
  // The command name may hold spaces and parentheses; the fields after its last ')' do not.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 of proc(5): ppid is 4, utime..cstime 14-17, rss 24.
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return { pid, ppid: Number(fields[1]), ticks, systemTicks: Number(fields[12]) + Number(fields[14]), childTicks: Number(fields[13]) + Number(fields[14]), rssPages: Number(fields[21]) };
}

function proportionalBytes(pid: number): number | null {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function systemValue(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/** CPU seconds of one process alone (its own threads, not its children); 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  const stat = readStat(pid);
  return stat ? (stat.ticks - stat.childTicks) / TICKS_PER_SECOND : 0;
}
