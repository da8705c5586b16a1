#!/usr/bin/env node
// npm 11 writes lockfile entries only for this machine's platform binaries, and `npm ci` then refuses the
// lockfile on a clean clone ("Missing: @swc/core-darwin-arm64@ from lock file"; npm/cli#4828, #8320).
// This adds the missing optional platform packages, read from the registry with `npm view`, so `npm ci`
// works everywhere. Run it after any `npm install` that changes package-lock.json: `npm run lockfile`.
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');

const lockPath = 'package-lock.json';
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[key] || packages[nested]) continue;
    const view = JSON.parse(execFileSync('npm', ['view', `${name}@${range}`, 'version', 'dist.integrity', 'os', 'cpu', 'libc', 'license', 'engines', '--json'], { encoding: 'utf8' }));
    const info = Array.isArray(view) ? view.at(-1) : view;
    packages[key] = {
      version: info.version,
      integrity: info['dist.integrity'],
      ...(info.cpu ? { cpu: [].concat(info.cpu) } : {}),
      ...(entry.dev ? { dev: true } : {}),
      ...(info.engines ? { engines: info.engines } : {}),
      ...(info.libc ? { libc: [].concat(info.libc) } : {}),
      ...(info.license ? { license: info.license } : {}),
      optional: true,
      ...(info.os ? { os: [].concat(info.os) } : {}),
    };
    added += 1;
    console.log(`added ${name}@${info.version}`);
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} platform package(s) added to ${lockPath}`);
