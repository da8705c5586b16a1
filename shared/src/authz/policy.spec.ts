import { buildSchema, execute, parse } from 'graphql';
import { Area, Level } from './catalogue';
import { applyPolicy, policyGaps } from './policy';
import { asParent, authenticated, can, or } from './requirements';
import { Viewer } from '../server/viewer';

const member = (levels: Partial<Record<Area, Level>>): Viewer => ({
  kind: 'member', accountId: 'me', organizationId: 'o', sessionId: null, membershipStatus: 'ACTIVE', permissions: { levels, capabilities: [] },
});

const schema = buildSchema(`
  type Query { secret: Grant, open: Grant, _service: _Service, _entities: [String] }
  type Grant { area: String, level: String, note: String }
  type _Service { sdl: String }
`);
const policy = {
  Query: { secret: can(Area.TEAM_ROLES, Level.READ), open: authenticated },
  Grant: { area: asParent, level: asParent, note: or(asParent, can(Area.SETTINGS, Level.WRITE)) },
};
const guarded = applyPolicy(schema, policy);
const run = (query: string, viewer: Viewer) =>
  execute({ schema: guarded, document: parse(query), rootValue: { secret: { area: 'A', level: 'L', note: 'n' }, open: { area: 'B', level: 'M', note: 'n' } }, contextValue: { viewer } }) as Promise<{ data?: Record<string, unknown> | null; errors?: readonly { extensions: Record<string, unknown> }[] }>;

describe('applyPolicy', () => {
  it('asParent fields keep their own resolvers (no shield wrapper); the others are wrapped', () => {
    const fields = (s: typeof schema) => (s.getType('Grant') as import('graphql').GraphQLObjectType).getFields();
    expect(fields(guarded).area.resolve).toBe(fields(schema).area.resolve);
    expect(fields(guarded).note.resolve).not.toBe(fields(schema).note.resolve);
  });

  it('an asParent field is exactly as guarded as the field that returned its object', async () => {
    const denied = await run('{ secret { area level } }', member({}));
    expect(denied.data).toEqual({ secret: null });
    expect(denied.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect((await run('{ secret { area level } }', member({ TEAM_ROLES: Level.READ }))).data).toEqual({ secret: { area: 'A', level: 'L' } });
    expect((await run('{ open { area } }', member({}))).data).toEqual({ open: { area: 'B' } });
  });

  it('inside or/and, asParent grants nothing by itself', async () => {
    const result = await run('{ open { note } }', member({}));
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect((await run('{ open { note } }', member({ SETTINGS: Level.WRITE }))).data).toEqual({ open: { note: 'n' } });
  });

  it('policyGaps names asParent where a request can start (a root type or an entity)', () => {
    const federated = buildSchema(`
      type Query { open: Grant, me: User, _entities: [_Entity] }
      type Grant { area: String }
      type User { id: ID }
      union _Entity = User
    `);
    const gaps = policyGaps(federated, { Query: { open: asParent, me: authenticated, _entities: authenticated }, Grant: { area: asParent }, User: { id: asParent } });
    expect(gaps.misplaced.sort()).toEqual(['Query.open', 'User.id']);
  });
});
