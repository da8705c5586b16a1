import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles } from './schema-artifacts';

/** Writes schema/ (each subgraph's SDL, the supergraph the gateway loads, the permissions table) and .env.example. */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  for (const [file, content] of Object.entries(await generatedFiles())) {
    writeFileSync(join(root, file), content);
    console.log(`wrote ${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
