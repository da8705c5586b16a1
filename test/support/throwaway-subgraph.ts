import { Column, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { SubgraphDefinition, SubgraphDescriptor, Viewer, activeMember, authenticated, buildFederatedSchema, consumeOnce, defineSubgraph, organizationIdOf } from '@gatehouse/shared';

/**
 * A subgraph that exists only in a test: declared here and added to the registry's list at run
 * time, with no edit anywhere else, to show the kit is all a new subgraph needs. It counts the
 * members who joined each organization (identity's `membership.created`), adds a field to
 * identity's `User`, and sends kudos by mail through the kit (`sendsMail`), as identity sends its own.
 */
@Entity('kudos_counter')
class KudosCounter {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column('int')
  members: number;
}

/** The kudos subgraph's part of identity's User. */
@Directive('@key(fields: "id")')
@ObjectType('User', { description: "A person in the viewer's organization." })
class KudosUser {
  @Field(() => ID, { description: 'Account id.' })
  id: string;
}

interface KudosContext {
  viewer: Viewer;
  requestId: string;
  counterOf(organizationId: string): Promise<number>;
  sendKudos(to: string, organizationId: string): Promise<void>;
}

@Resolver()
class KudosQueries {
  @Query(() => Int, { nullable: true, description: "Members who joined the viewer's organization while the kudos subgraph listened." })
  async kudosMembersJoined(@Ctx() ctx: KudosContext): Promise<number> {
    return ctx.counterOf(organizationIdOf(ctx.viewer)!);
  }

  @Mutation(() => Boolean, { description: 'Mails kudos from the viewer to an address (through the kit\'s mail outbox).' })
  async sendKudos(@Arg('to', { description: 'The address to send them to.' }) to: string, @Ctx() ctx: KudosContext): Promise<boolean> {
    await ctx.sendKudos(to, organizationIdOf(ctx.viewer)!);
    return true;
  }
}

@Resolver(() => KudosUser)
class KudosUserFields {
  @FieldResolver(() => String, { nullable: true, description: 'Kudos to this person.' })
  kudos(@Root() user: KudosUser): string {
    return `Kudos to ${user.id}`;
  }
}

/** The MySQL schema of the subgraph, written by hand here (real subgraphs commit generated migrations). */
class KudosInitial1800000000000 implements MigrationInterface {
  name = 'KudosInitial1800000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `kudos_counter` (`organizationId` varchar(36) NOT NULL, `members` int NOT NULL, PRIMARY KEY (`organizationId`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `outbox_event` (`sequence` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `type` varchar(100) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, `publishedAt` datetime(3) NULL, INDEX `idx_outbox_unpublished` (`publishedAt`, `sequence`), UNIQUE INDEX `IDX_93aefe4a55983fc282dee9da20` (`eventId`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB');
    await queryRunner.query("CREATE TABLE `mail_message` (`id` varchar(36) NOT NULL, `recipient` varchar(320) NOT NULL, `subject` varchar(200) NOT NULL, `body` text NOT NULL, `createdAt` datetime(3) NOT NULL, `nextAttemptAt` datetime(3) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `sentAt` datetime(3) NULL, `lastError` varchar(500) NULL, INDEX `idx_mail_pending` (`sentAt`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query('CREATE TABLE `processed_event` (`eventId` varchar(36) NOT NULL, `consumer` varchar(100) NOT NULL, `processedAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`, `consumer`)) ENGINE=InnoDB');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['processed_event', 'mail_message', 'outbox_event', 'kudos_counter']) await queryRunner.query(`DROP TABLE \`${table}\``);
  }
}

const kudosDefinition: SubgraphDefinition = {
  entities: [KudosCounter],
  mysqlMigrations: [KudosInitial1800000000000],
  schema: () =>
    buildFederatedSchema({
      resolvers: [KudosQueries, KudosUserFields],
      orphanedTypes: [KudosUser],
      // A real subgraph scopes references to the viewer's organization; this one adds a greeting only.
      referenceResolvers: { User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) } },
    }),
  policy: {
    Query: { kudosMembersJoined: activeMember },
    Mutation: { sendKudos: activeMember },
    User: { id: authenticated, kudos: activeMember },
  },
  consumes: ['membership.created'],
  sendsMail: true,
  build: async (kit) => {
    const counters = kit.dataSource.getRepository(KudosCounter);
    kit.bus.subscribe(kit.consumer, 'membership.created', (event) =>
      consumeOnce(kit.dataSource, kit.consumer, event, async (manager) => {
        const organizationId = String(event.payload.organizationId);
        const current = await manager.findOneBy(KudosCounter, { organizationId });
        await manager.save(KudosCounter, { organizationId, members: (current?.members ?? 0) + 1 });
      }).then(() => undefined),
    );
    return {
      createContext: (viewer, requestId) => ({
        viewer,
        requestId,
        counterOf: async (organizationId: string) => (await counters.findOneBy({ organizationId }))?.members ?? 0,
        // Queued in the transaction, sent by the kit's one afterCommit (and its poll, should that fail).
        sendKudos: async (to: string, organizationId: string) => {
          await kit.dataSource.transaction((manager) => kit.mail.queue(manager, { to, subject: 'Kudos from Gatehouse', body: `Kudos from organization ${organizationId}.\n` }));
          await kit.afterCommit();
        },
      }),
    };
  },
};

/** The throwaway's descriptor, as a subgraph package would export it. */
export const kudosSubgraph: SubgraphDescriptor = defineSubgraph({
  name: 'kudos',
  summary: 'a throwaway subgraph of the registry test',
  defaultPort: 4099,
  load: async () => kudosDefinition,
});
