import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { organizationIdOf, requireMember, toPayload, unauthenticated } from '@gatehouse/shared';
import { MeteringContext } from '../../context';
import { MeteringUserError } from '../../errors/metering-user-error';

@ObjectType('UsageSettings', { description: 'The organization\'s analytics settings.' })
export class UsageSettingsType {
  @Field(() => String, { description: 'IANA time zone the organization\'s days are counted in (UTC until set): the dashboard\'s, its export\'s and usageUpdated\'s when a filter names none.' })
  timeZone: string;
}

@InputType({ description: 'New analytics settings for the organization.' })
export class UpdateUsageSettingsInput {
  @Field(() => String, { description: 'IANA time zone name, e.g. Europe/Berlin, Asia/Kathmandu, UTC (INVALID_TIME_ZONE otherwise). Up to 64 characters (longer is a userError).' })
  timeZone: string;
}

@ObjectType({ description: 'Result of updateUsageSettings.' })
export class UpdateUsageSettingsPayload {
  @Field(() => UsageSettingsType, { nullable: true, description: 'The settings as they now are; null when userErrors is not empty.' })
  settings: UsageSettingsType | null;

  @Field(() => [MeteringUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: MeteringUserError[];
}

@Resolver()
export class UsageSettingsResolver {
  @Query(() => UsageSettingsType, { description: 'The organization\'s analytics settings (any active member or API key of it).' })
  async usageSettings(@Ctx() ctx: MeteringContext): Promise<UsageSettingsType> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) throw unauthenticated();
    return ctx.services.settings.of(organizationId);
  }

  @Mutation(() => UpdateUsageSettingsPayload, { description: 'Changes the organization\'s analytics settings (Settings WRITE, a person): the time zone moves the day boundaries of every dashboard that names no zone.' })
  async updateUsageSettings(@Arg('input', () => UpdateUsageSettingsInput, { description: 'The settings.' }) input: UpdateUsageSettingsInput, @Ctx() ctx: MeteringContext): Promise<UpdateUsageSettingsPayload> {
    return toPayload(await ctx.services.settings.update(requireMember(ctx.viewer), input), (settings) => ({ settings }), { settings: null });
  }
}
