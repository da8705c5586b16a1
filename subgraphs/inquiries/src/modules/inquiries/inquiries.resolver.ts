import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Area, Level, checkedPageSize, forbidden, organizationIdOf, requireMember, toPayload, viewerCan } from '@gatehouse/shared';
import { InquiriesContext } from '../../context';
import { InquiriesResult } from '../../errors/inquiries-error-code';
import { InquiriesUserError } from '../../errors/inquiries-user-error';
import { Inquiry } from './inquiry.entity';
import { InquiryPage, ListInquiriesOptions } from './inquiries.service';
import { AssignInquiryInput, InquiryConnection, InquiryFilter, InquiryIdInput, InquiryOrder, InquiryPayload, InquiryType, MoveInquiryInput, SendInquiryInput, UserStub } from './inquiries.types';

function payload(result: InquiriesResult<Inquiry>): Promise<InquiryPayload> {
  return toPayload(result, (inquiry) => ({ inquiry }), { inquiry: null });
}

function listOptions(ctx: InquiriesContext, first: number | null | undefined, after: string | null | undefined, filter: InquiryFilter | null | undefined, orderBy: InquiryOrder | null | undefined): ListInquiriesOptions {
  return { ...(filter ?? {}), first: checkedPageSize(first, ctx.services.maxPageSize), after, sort: orderBy?.field ?? 'CREATED_AT', descending: orderBy ? orderBy.direction === 'DESC' : true };
}

const firstArg = { nullable: true, description: 'Page size (1 to the server\'s maximum).' } as const;
const afterArg = { nullable: true, description: 'Cursor of the inquiry to continue after. At most 200 characters.' } as const;
const filterArg = { nullable: true, description: 'Narrows the list.' } as const;
const orderArg = { nullable: true, description: 'The order; CREATED_AT DESC (newest first) when omitted.' } as const;

@InputType({ description: 'Whether you are told by mail of new inquiries.' })
export class SetInquiryMailPreferenceInput {
  @Field(() => Boolean, { description: 'True: a mail for every new inquiry of the organization (yours aside).' })
  newInquiries: boolean;
}

@ObjectType('InquiryMailPreference', { description: 'An admin\'s mail about inquiries.' })
export class InquiryMailPreferenceType {
  @Field(() => Boolean, { description: 'A mail for every new inquiry (off unless turned on).' })
  newInquiries: boolean;
}

@ObjectType('InquiryMailPreferencePayload', { description: 'The outcome of changing your inquiry mail.' })
export class InquiryMailPreferencePayload {
  @Field(() => InquiryMailPreferenceType, { nullable: true, description: 'The preference now.' })
  preference: InquiryMailPreferenceType | null;

  @Field(() => [InquiriesUserError], { description: 'Always empty: kept for the payload convention.' })
  userErrors: InquiriesUserError[];
}

@Resolver()
export class InquiriesResolver {
  @Query(() => InquiryConnection, { nullable: true, description: 'The organization\'s inquiries as a list (Inquiries READ), filtered and sorted.' })
  inquiries(@Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null, @Arg('filter', () => InquiryFilter, filterArg) filter?: InquiryFilter | null, @Arg('orderBy', () => InquiryOrder, orderArg) orderBy?: InquiryOrder | null): Promise<InquiryPage> | null {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? ctx.services.inquiries.list(organizationId, listOptions(ctx, first, after, filter, orderBy)) : null;
  }

  @Query(() => InquiryConnection, { description: 'Your own inquiries in the organization (a member awaiting approval too), filtered and sorted.' })
  myInquiries(@Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null, @Arg('filter', () => InquiryFilter, filterArg) filter?: InquiryFilter | null, @Arg('orderBy', () => InquiryOrder, orderArg) orderBy?: InquiryOrder | null): Promise<InquiryPage> {
    const member = requireMember(ctx.viewer);
    return ctx.services.inquiries.list(member.organizationId, { ...listOptions(ctx, first, after, filter, orderBy), authorId: member.accountId });
  }

  @Query(() => InquiryType, { nullable: true, description: 'One inquiry: your own, or any of the organization\'s with Inquiries READ; null otherwise.' })
  inquiry(@Ctx() ctx: InquiriesContext, @Arg('id', () => ID, { description: 'The inquiry. At most 64 characters.' }) id: string): Promise<Inquiry | null> {
    return ctx.services.inquiries.visible(ctx.viewer, id);
  }

  @Query(() => InquiryMailPreferenceType, { description: 'Whether you are told by mail of new inquiries (Inquiries WRITE).' })
  async inquiryMailPreference(@Ctx() ctx: InquiriesContext): Promise<InquiryMailPreferenceType> {
    return { newInquiries: await ctx.services.mailPreferences.of(requireMember(ctx.viewer)) };
  }

  @Mutation(() => InquiryPayload, { description: 'Contact Admin: sends an inquiry of a type and subtype (inquiryTypes) with a title and a message, optionally asking for a change an admin can apply in one step. It lands on top of Open. A member awaiting approval (PENDING) may send ACCOUNT inquiries only.' })
  async sendInquiry(@Arg('input', () => SendInquiryInput, { description: 'The inquiry.' }) input: SendInquiryInput, @Ctx() ctx: InquiriesContext): Promise<InquiryPayload> {
    return payload(await ctx.services.inquiries.send(requireMember(ctx.viewer), input));
  }

  @Mutation(() => InquiryPayload, { description: 'Drags a card (Inquiries WRITE): to OPEN, IN_PROGRESS or RESOLVED, on top or right after another card of that column; within its own column to reorder. Closed is the author\'s (CLOSE_IS_AUTHORS); a closed inquiry stays closed. Resolving tells the author by mail.' })
  async moveInquiry(@Arg('input', () => MoveInquiryInput, { description: 'The card and where it goes.' }) input: MoveInquiryInput, @Ctx() ctx: InquiriesContext): Promise<InquiryPayload> {
    return payload(await ctx.services.moves.move(requireMember(ctx.viewer), input));
  }

  @Mutation(() => InquiryPayload, { description: 'Closes your own inquiry, from any column (only its author can).' })
  async closeInquiry(@Arg('input', () => InquiryIdInput, { description: 'Your inquiry.' }) input: InquiryIdInput, @Ctx() ctx: InquiriesContext): Promise<InquiryPayload> {
    return payload(await ctx.services.moves.close(requireMember(ctx.viewer), input.inquiryId));
  }

  @Mutation(() => InquiryPayload, { description: 'Reopens your own RESOLVED inquiry: back on top of Open.' })
  async reopenInquiry(@Arg('input', () => InquiryIdInput, { description: 'Your inquiry.' }) input: InquiryIdInput, @Ctx() ctx: InquiriesContext): Promise<InquiryPayload> {
    return payload(await ctx.services.moves.reopen(requireMember(ctx.viewer), input.inquiryId));
  }

  @Mutation(() => InquiryPayload, { description: 'Gives an inquiry to an admin (an ACTIVE member with Inquiries WRITE), or to nobody (Inquiries WRITE).' })
  async assignInquiry(@Arg('input', () => AssignInquiryInput, { description: 'The inquiry and its assignee.' }) input: AssignInquiryInput, @Ctx() ctx: InquiriesContext): Promise<InquiryPayload> {
    return payload(await ctx.services.assignment.assign(requireMember(ctx.viewer), input.inquiryId, input.assigneeId ?? null));
  }

  @Mutation(() => InquiryPayload, { description: 'Applies what the inquiry asks for in one step (Inquiries WRITE): its requested daily token limit (as your own setTokenLimit on its author), or role, space or group (as your own assignRole or addGroupMembers), under your own permissions with the same rules and codes; the change\'s audit entry names the inquiry, a reply says what was done, and the card moves to Resolved.' })
  async applyInquiryRequest(@Arg('input', () => InquiryIdInput, { description: 'The inquiry.' }) input: InquiryIdInput, @Ctx() ctx: InquiriesContext): Promise<InquiryPayload> {
    return payload(await ctx.services.requests.apply(requireMember(ctx.viewer), input.inquiryId));
  }

  @Mutation(() => InquiryMailPreferencePayload, { description: 'Turns your mail about new inquiries on or off (Inquiries WRITE).' })
  async setInquiryMailPreference(@Arg('input', () => SetInquiryMailPreferenceInput, { description: 'Your choice.' }) input: SetInquiryMailPreferenceInput, @Ctx() ctx: InquiriesContext): Promise<InquiryMailPreferencePayload> {
    return { preference: { newInquiries: await ctx.services.mailPreferences.set(requireMember(ctx.viewer), input.newInquiries) }, userErrors: [] };
  }
}

@Resolver(() => UserStub)
export class UserInquiriesResolver {
  @FieldResolver(() => InquiryConnection, { description: 'The inquiries this member sent: your own, or anyone\'s with Inquiries READ.' })
  inquiries(@Root() user: UserStub, @Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null, @Arg('filter', () => InquiryFilter, filterArg) filter?: InquiryFilter | null, @Arg('orderBy', () => InquiryOrder, orderArg) orderBy?: InquiryOrder | null): Promise<InquiryPage> {
    const organizationId = organizationIdOf(ctx.viewer);
    const own = ctx.viewer.kind === 'member' && ctx.viewer.accountId === user.id;
    if (!organizationId || (!own && !viewerCan(ctx.viewer, Area.INQUIRIES, Level.READ))) throw forbidden('Another member\'s inquiries take Inquiries READ.');
    // The reference resolver passed only an id: the organization is the viewer's, so another's member has none here.
    return ctx.services.inquiries.list(organizationId, { ...listOptions(ctx, first, after, filter, orderBy), authorId: user.id });
  }
}
