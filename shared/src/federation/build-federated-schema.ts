import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';

const federationLink =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@inaccessible", "@requires", "@provides"])';

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  /** Types no query names but the subgraph still owns or extends (entity stubs). */
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity type name. */
  referenceResolvers?: Record<string, { __resolveReference: (...args: never[]) => unknown }>;
}

export interface FederatedSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as the gateway composes it (what `_service.sdl` returns). */
  sdl: string;
}

/** type-graphql classes → SDL with directives → Apollo subgraph schema with reference resolvers. */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<FederatedSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
    // type-graphql insists on one; our subscriptions bring their own `subscribe` (over the service's pub/sub).
    pubSub: createPubSub(),
  });
  const sdl = `${federationLink}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  return { schema, sdl };
}
