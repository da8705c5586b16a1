import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc's CPU times (100 on Linux, asked once). */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in milliseconds, read from /proc. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) are space-separated: utime is the 14th field, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Resident memory of a process, in MB, read from /proc. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

export interface RunningService {
  name: string;
  process: ChildProcess;
  url: string;
  output: string[];
}

/** Starts `node <script> <args>` with `env` and waits until `ready` says so. */
async function startProcess(name: string, script: string, args: string[], url: string, env: Record<string, string>, ready: (service: RunningService) => Promise<boolean>): Promise<RunningService> {
  // BENCH_CPU_PROF=<folder>: each process writes a V8 CPU profile there when it exits (stopped with SIGTERM).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${name.replace(/\W+/g, '-')}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const service: RunningService = { name, process: child, url, output: [] };
  child.stdout!.on('data', (d) => service.output.push(String(d)));
  child.stderr!.on('data', (d) => service.output.push(String(d)));
  for (const deadline = Date.now() + 90_000; ; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (await ready(service)) return service;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not start:\n${service.output.join('')}`);
  }
}

/** Starts `node dist/main.js <runs>` with `env` and waits for its /ready (a gateway's /health). */
export function startService(name: string, runs: string, url: string, env: Record<string, string>): Promise<RunningService> {
  const path = runs === 'gateway' ? '/health' : '/ready';
  return startProcess(name, join(__dirname, '..', '..', '..', 'dist', 'main.js'), [runs], url, env, () => fetch(new URL(path, url)).then((r) => r.ok, () => false));
}

/**
 * Starts one of the bench's own programs in this folder (a peer gateway, a subgraph without
 * shield) and waits for `readyPath` to answer, or (null) for it to say it listens.
 */
export function startPeer(name: string, script: string, args: string[], url: string, env: Record<string, string>, readyPath: string | null): Promise<RunningService> {
  const ready = readyPath ? () => fetch(new URL(readyPath, url)).then((r) => r.ok, () => false) : async (s: RunningService) => s.output.join('').includes('listening');
  return startProcess(name, join(__dirname, script), args, url, env, ready);
}
/** Stops a process the way a deployment does (SIGTERM, so a CPU profile gets written), SIGKILL after 10 s. */
export async function stopProcess(service: RunningService): Promise<void> {
  if (service.process.exitCode !== null) return;
  const exited = new Promise((resolve) => service.process.once('exit', resolve));
  service.process.kill('SIGTERM');
  const timer = setTimeout(() => service.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
