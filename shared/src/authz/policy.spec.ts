import { buildSchema, execute, parse } from 'graphql';
import { Area, Level } from './catalogue';
import { applyPolicy, policyGaps } from './policy';
import { asParent, authenticated, can, isSelf, or } from './requirements';
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

  describe('decisions the viewer alone makes are made once per request', () => {
    const listSchema = buildSchema(`
      type Query { people: [Person], _service: _Service, _entities: [String] }
      type Person { id: String, email: String, name: String }
      type _Service { sdl: String }
    `);
    const seeMembers = or(isSelf(), can(Area.TEAM_MEMBERS, Level.READ));
    const listGuarded = applyPolicy(listSchema, { Query: { people: can(Area.TEAM_MEMBERS, Level.READ) }, Person: { id: authenticated, email: seeMembers, name: seeMembers } });
    const people = Array.from({ length: 50 }, (_, i) => ({ id: i === 7 ? 'me' : `p${i}`, email: `p${i}@example.com`, name: `P ${i}` }));
    /** The viewer, counting how often a rule reads its permissions. */
    const counted = (levels: Partial<Record<Area, Level>>) => {
      const reads = { count: 0 };
      const viewer = member(levels) as Extract<Viewer, { kind: 'member' }>;
      const permissions = viewer.permissions;
      Object.defineProperty(viewer, 'permissions', { get: () => ((reads.count += 1), permissions) });
      return { viewer, reads };
    };
    const list = (viewer: Viewer) =>
      execute({ schema: listGuarded, document: parse('{ people { id email name } }'), rootValue: { people }, contextValue: { viewer } }) as Promise<{ data?: { people: Record<string, string>[] | null } | null; errors?: readonly { path?: readonly (string | number)[]; extensions: Record<string, unknown> }[] }>;

    it('a viewer holding the level: every field of 50 objects answered, each rule checked about once, not per object', async () => {
      const { viewer, reads } = counted({ TEAM_MEMBERS: Level.READ });
      const result = await list(viewer);
      expect(result.errors).toBeUndefined();
      expect(result.data?.people).toEqual(people);
      // Per field this would be 100 reads or more (two fields of 50 objects).
      expect(reads.count).toBeLessThan(10);
    });

    it('a rule that still depends on the parent is decided per object: a member without the level sees only oneself', async () => {
      const open = applyPolicy(listSchema, { Query: { people: authenticated }, Person: { id: authenticated, email: seeMembers, name: seeMembers } });
      const result = (await execute({ schema: open, document: parse('{ people { id email } }'), rootValue: { people }, contextValue: { viewer: member({}) } })) as unknown as { data: { people: { id: string; email: string | null }[] }; errors: readonly { extensions: Record<string, unknown> }[] };
      expect(result.data.people.filter((r) => r.email !== null).map((r) => r.id)).toEqual(['me']);
      expect(result.errors.map((e) => e.extensions.code)).toEqual(Array(49).fill('FORBIDDEN'));
    });

    it('a decision kept for one request is not another one\'s', async () => {
      const admin = counted({ TEAM_MEMBERS: Level.READ });
      expect((await list(admin.viewer)).data?.people).toHaveLength(50);
      const denied = await list(member({}));
      expect(denied.data).toEqual({ people: null });
      expect(denied.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    });
  });
});
