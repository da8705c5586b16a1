import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const config = join(__dirname, '..', '..', 'shared', 'dist', 'config', 'config.js');
/** A process that loads the embedded configuration on `dataDir` and prints the gateway's public key and the token secret. */
const script = `
const { createPublicKey } = require('node:crypto');
const { loadConfig } = require(${JSON.stringify(config)});
// Every process starts at the same instant (argv[2], epoch ms), so their reads and writes of secrets.json interleave.
while (Date.now() < Number(process.argv[2]));
const subgraphs = [{ name: 'identity', defaultPort: 4001, signsInternalCalls: true }, { name: 'metering', defaultPort: 4005, signsInternalCalls: true }];
const c = loadConfig({ GATEHOUSE_DATA_DIR: process.argv[1] }, subgraphs);
const keys = ['gateway', 'identity', 'metering'].map((s) => createPublicKey(c.requestSigning.signingKeys[s]).export({ type: 'spki', format: 'der' }).toString('base64'));
process.stdout.write(JSON.stringify([c.jwtSecret, ...keys]));
`;

function loadIn(dataDir: string, at: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, dataDir, String(at)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // 'close', not 'exit': a process may exit before its output has all been read (under load, a cut-off line looked like other secrets).
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

/**
 * Services of the distributed topology started at once on an empty data folder (the process tests do
 * it) must end up with one set of secrets: each signs with the key the others verify.
 */
describe('embedded secrets', () => {
  it('are the same for processes that create them at the same moment', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-secrets-'));
      try {
        const at = Date.now() + 1500;
        const seen = await Promise.all(Array.from({ length: 8 }, () => loadIn(dataDir, at)));
        expect(new Set(seen).size).toBe(1);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }, 60_000);
});
