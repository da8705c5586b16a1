import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestStack } from './test-stack';

export interface ReadmeOperation {
  name: string;
  document: string;
}

/** The GraphQL operations printed in one README section, in order, exactly as printed. */
export function readmeOperations(sectionTitle: string): ReadmeOperation[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split(`## ${sectionTitle}`)[1].split('\n## ')[0];
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => ({ name: /^(?:query|mutation|subscription) (\w+)/.exec(m[1])![1], document: m[1] }));
}

/** Runs a README operation by name and expects it to succeed: no errors, no userErrors. Returns its payload. */
export function readmeRunner(t: TestStack, operations: ReadmeOperation[], token: string) {
  return async (name: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const response = await t.gql(operations.find((o) => o.name === name)!.document, variables, token);
    expect({ name, errors: response.errors }).toEqual({ name, errors: undefined });
    const payload = Object.values(response.data!)[0] as { userErrors?: unknown[] };
    expect({ name, userErrors: payload.userErrors ?? [] }).toEqual({ name, userErrors: [] });
    return payload;
  };
}
