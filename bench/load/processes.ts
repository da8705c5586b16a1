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

/** Starts `node dist/main.js <runs>` with `env` and waits for its /ready (a gateway's /health). */
export async function startService(name: string, runs: string, port: number, env: Record<string, string>): Promise<RunningService> {
  const main = join(__dirname, '..', '..', '..', 'dist', 'main.js');
  const child = spawn(process.execPath, [main, runs], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const service: RunningService = { name, process: child, url: `http://127.0.0.1:${port}/graphql`, output: [] };
  child.stdout!.on('data', (d) => service.output.push(String(d)));
  child.stderr!.on('data', (d) => service.output.push(String(d)));
  const path = runs === 'gateway' ? '/health' : '/ready';
  for (const deadline = Date.now() + 30_000; ; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (await fetch(new URL(path, service.url)).then((r) => r.ok, () => false)) return service;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not start:\n${service.output.join('')}`);
  }
}
