import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { MeteringContext } from '../../context';
import { UsageFilter } from '../dashboard/usage.types';
import { badUserInput } from '../dashboard/usage.resolver';
import { ExportKind } from './export-links';

export const UsageExportKind = { DAILY: 'DAILY', EVENTS: 'EVENTS' } as const satisfies Record<ExportKind, ExportKind>;
registerEnumType(UsageExportKind, {
  name: 'UsageExportKind',
  description: 'What a usage CSV holds.',
  valuesConfig: {
    DAILY: { description: 'One row per day × compute type × space × agent: the chart\'s numbers, for reports and billing.' },
    EVENTS: { description: 'One row per recorded event, oldest first.' },
  },
});

@ObjectType({ description: 'A short-lived link to download usage as CSV.' })
export class UsageExportLink {
  @Field(() => String, { description: 'Path on the gateway (e.g. /exports/usage.csv?token=…): GET it from the same origin as /graphql; no other credential is needed.' })
  url: string;

  @Field(() => DateTimeResolver, { description: 'When the link stops working (5 minutes after it was made).' })
  expiresAt: Date;
}

@Resolver()
export class ExportResolver {
  @Query(() => UsageExportLink, { description: 'A link to download the usage of a filter as CSV, streamed (a million rows need no more memory than a thousand); the same scope as usage, fixed when the link is made. Cells that a spreadsheet would run as a formula are prefixed with a quote.' })
  async usageExport(
    @Arg('filter', () => UsageFilter, { description: 'Range and narrowing, as for usage.' }) filter: UsageFilter,
    @Arg('kind', () => UsageExportKind, { defaultValue: 'DAILY', description: 'Daily rows (the chart\'s numbers) or raw events.' }) kind: ExportKind,
    @Ctx() ctx: MeteringContext,
  ): Promise<UsageExportLink> {
    const scope = await ctx.usageScope();
    const checked = await ctx.services.usage.checkQuery(scope, filter);
    if (!checked.ok) throw badUserInput(checked.errors[0]);
    const { token, expiresAt } = ctx.services.exports.issue({ scope, query: { ...filter, timeZone: checked.value }, kind });
    return { url: `/exports/usage.csv?token=${token}`, expiresAt };
  }
}
