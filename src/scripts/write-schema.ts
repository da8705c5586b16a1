import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaArtifacts } from './schema-artifacts';

/** Writes schema/: each subgraph's SDL, the supergraph the gateway loads, the permissions table. */
async function main(): Promise<void> {
  const folder = join(__dirname, '..', '..', 'schema');
  for (const [file, content] of Object.entries(await schemaArtifacts())) {
    writeFileSync(join(folder, file), content);
    console.log(`wrote schema/${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
