import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// js-yaml 3 ships no types; only its safe loader is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { safeLoad } = require('js-yaml') as { safeLoad: (text: string) => unknown };

export const repositoryRoot = join(__dirname, '..', '..');

export interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  networks?: Record<string, { aliases?: string[] } | null>;
  volumes?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/**
 * Compose's variable substitution, as `docker compose` does it before reading the file: `${NAME}`,
 * `${NAME:-default}` and `${NAME:?message}` (which fails when NAME is unset or empty, as compose does).
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (_match, name: string, operator: string | undefined, argument: string) => {
    const value = env[name];
    if (value) return value;
    if (operator === ':-') return argument;
    if (operator === ':?') throw new Error(`${name}: ${argument}`);
    return '';
  });
}

/** The variables docker-compose.yml reads from the environment (or .env). */
export function composeVariables(): string[] {
  const text = readFileSync(join(repositoryRoot, 'docker-compose.yml'), 'utf8');
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
}

/** docker-compose.yml as `docker compose` would read it with these variables set. */
export function loadCompose(env: Record<string, string | undefined>): ComposeFile {
  return safeLoad(interpolate(readFileSync(join(repositoryRoot, 'docker-compose.yml'), 'utf8'), env)) as ComposeFile;
}

/** True when the dependency waits for the other service's healthcheck, not merely its start. */
export function waitsForHealth(service: ComposeService, dependency: string): boolean {
  return service.depends_on?.[dependency]?.condition === 'service_healthy';
}

/** The services a host name reaches: the service of that name, or every service with it as an alias. */
export function servicesNamed(compose: ComposeFile, host: string): string[] {
  return Object.entries(compose.services)
    .filter(([name, s]) => name === host || Object.values(s.networks ?? {}).some((n) => n?.aliases?.includes(host)))
    .map(([name]) => name);
}

/**
 * The SQL the database container's init script runs on first start, for the environment compose
 * gives that container: the script prints it with `--print`.
 */
export function initDatabaseSql(compose: ComposeFile, databaseService: string): string {
  const mount = (compose.services[databaseService].volumes ?? []).find((v) => v.split(':')[1] === '/docker-entrypoint-initdb.d');
  if (!mount) throw new Error(`${databaseService} mounts nothing at /docker-entrypoint-initdb.d`);
  const folder = join(repositoryRoot, mount.split(':')[0]);
  const script = join(folder, 'subgraph-databases.sh');
  return execFileSync('bash', [script, '--print'], { env: { PATH: process.env.PATH, ...compose.services[databaseService].environment }, encoding: 'utf8' });
}

/** One stage of a Dockerfile: its FROM line's name and its instructions (continuation lines joined). */
export interface DockerStage {
  name: string | null;
  instructions: { keyword: string; args: string }[];
}

export function dockerfileStages(): DockerStage[] {
  const text = readFileSync(join(repositoryRoot, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages: DockerStage[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') stages.push({ name: /\sAS\s+(\S+)/i.exec(args)?.[1] ?? null, instructions: [] });
    stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}
