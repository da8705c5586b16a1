import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One copy of graphql in the install. The shared kit turns off graphql-js's check for a second
 * copy (shared/src/graphql/graphql-speedups.ts: it is the slow part of every type check); this
 * test is that check, once, here.
 */
const root = join(__dirname, '..');

/** Every graphql package under a node_modules folder, looking inside packages' own node_modules too. */
function graphqlCopies(modules: string): string[] {
  if (!existsSync(modules)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const packages = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => join(entry, name)) : [entry];
    for (const name of packages) {
      if (name === 'graphql' && existsSync(join(modules, name, 'package.json'))) found.push(join(modules, name));
      found.push(...graphqlCopies(join(modules, name, 'node_modules')));
    }
  }
  return found;
}

it('installs graphql once, where every workspace package resolves it', () => {
  const workspaces = ['shared', 'gateway', ...readdirSync(join(root, 'subgraphs')).map((s) => join('subgraphs', s))];
  const copies = [root, ...workspaces.map((w) => join(root, w))].flatMap((dir) => graphqlCopies(join(dir, 'node_modules')));
  expect(copies).toEqual([join(root, 'node_modules', 'graphql')]);
  for (const w of workspaces) expect(require.resolve('graphql', { paths: [join(root, w)] })).toBe(require.resolve('graphql'));
});
