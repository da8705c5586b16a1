import 'reflect-metadata';
import { Directive, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Area, Capability, Level } from '../authz/catalogue';

// One registration for every subgraph: federation requires the enums to be identical wherever they appear.
registerEnumType(Area, { name: 'Area', description: 'An area of the platform a role grants a level in.' });
registerEnumType(Level, { name: 'Level', description: 'Access level, weakest first: NONE < ACCESS < READ < WRITE.' });
registerEnumType(Capability, { name: 'Capability', description: 'A boolean permission toggle (sharing, chat features, team management).' });

@Directive('@shareable')
@ObjectType({ description: 'A level held in one area.' })
export class PermissionGrant {
  @Field(() => Area, { description: 'The area.' })
  area: Area;

  @Field(() => Level, { description: 'The level held there.' })
  level: Level;
}

@InputType({ description: 'A level to grant in one area.' })
export class PermissionGrantInput {
  @Field(() => Area, { description: 'The area.' })
  area: Area;

  @Field(() => Level, { description: 'The level granted there.' })
  level: Level;
}

/** Levels as a list in catalogue order, areas at NONE left out (how every grant list is shown). */
export function grantsOf(levels: Partial<Record<Area, Level>>): PermissionGrant[] {
  return (Object.values(Area) as Area[]).filter((area) => levels[area] && levels[area] !== Level.NONE).map((area) => ({ area, level: levels[area]! }));
}
