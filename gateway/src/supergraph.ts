import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed supergraph (schema/supergraph.graphql), found from src/ or dist/ alike. */
export function committedSupergraph(): string {
  const file = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');
  if (!existsSync(file)) throw new Error(`Missing ${file}: run \`npm run schema\`.`);
  return readFileSync(file, 'utf8');
}
