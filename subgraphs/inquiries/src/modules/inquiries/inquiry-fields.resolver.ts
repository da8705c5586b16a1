import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Area, Level, checkedPageSize, viewerCan } from '@gatehouse/shared';
import { InquiriesContext } from '../../context';
import { catalogueEntry } from '../catalogue/inquiry-catalogue';
import { InquiryReplyConnection } from '../replies/replies.types';
import { ReplyPage } from '../replies/replies.service';
import { Inquiry } from './inquiry.entity';
import { InquiryConnection, InquiryRequestedChangeType, InquirySubtypeType, InquiryType, InquiryTypeType, UserStub } from './inquiries.types';
import { InquiryPage } from './inquiries.service';

@Resolver(() => InquiryType)
export class InquiryFieldsResolver {
  @FieldResolver(() => InquiryTypeType, { description: 'Its type (of inquiryTypes).' })
  type(@Root() inquiry: Inquiry): InquiryTypeType {
    const entry = catalogueEntry(inquiry.type, inquiry.subtype);
    return entry ? { ...entry.type, subtypes: [...entry.type.subtypes] } : { key: inquiry.type, name: inquiry.type, description: '', subtypes: [] };
  }

  @FieldResolver(() => InquirySubtypeType, { description: 'Its subtype.' })
  subtype(@Root() inquiry: Inquiry): InquirySubtypeType {
    return catalogueEntry(inquiry.type, inquiry.subtype)?.subtype ?? { key: inquiry.subtype, name: inquiry.subtype };
  }

  @FieldResolver(() => UserStub, { description: 'The member who sent it.' })
  author(@Root() inquiry: Inquiry): UserStub {
    return { id: inquiry.authorId };
  }

  @FieldResolver(() => UserStub, { nullable: true, description: 'The admin handling it; null: nobody (Inquiries READ).' })
  assignee(@Root() inquiry: Inquiry): UserStub | null {
    return inquiry.assigneeId ? { id: inquiry.assigneeId } : null;
  }

  @FieldResolver(() => Int, { description: 'How many internal notes its thread holds (Inquiries READ).' })
  noteCount(@Root() inquiry: Inquiry): number {
    return inquiry.noteCount;
  }

  @FieldResolver(() => InquiryRequestedChangeType, { nullable: true, description: 'The change it asks for (a daily token limit, a role, a group), which an admin applies in one step; null: none.' })
  requestedChange(@Root() inquiry: Inquiry): InquiryRequestedChangeType | null {
    const { requestedDailyTokens: dailyTokens, requestedRoleId: roleId, requestedSpaceId: spaceId, requestedGroupId: groupId } = inquiry;
    if (dailyTokens === null && !roleId && !groupId && !spaceId) return null;
    return {
      dailyTokens,
      role: roleId ? { id: roleId } : null,
      space: spaceId ? { id: spaceId } : null,
      group: groupId ? { id: groupId } : null,
      appliedAt: inquiry.requestAppliedAt,
      appliedBy: inquiry.requestAppliedBy ? { id: inquiry.requestAppliedBy } : null,
    };
  }

  @FieldResolver(() => InquiryReplyConnection, { description: 'Its thread, oldest first; internal notes only for Inquiries READ (its author never sees them).' })
  replies(
    @Root() inquiry: Inquiry,
    @Ctx() ctx: InquiriesContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to the server\'s maximum).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the message to continue after. At most 200 characters.' }) after?: string | null,
  ): Promise<ReplyPage> {
    return ctx.services.replies.thread(inquiry, viewerCan(ctx.viewer, Area.INQUIRIES, Level.READ), checkedPageSize(first, ctx.services.maxPageSize), after);
  }
}

@Resolver(() => InquiryConnection)
export class InquiryConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many inquiries match, across all pages.' })
  totalCount(@Root() page: InquiryPage): Promise<number> {
    return page.countAll();
  }
}

@Resolver(() => InquiryReplyConnection)
export class InquiryReplyConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many messages the thread holds (as the viewer sees it), across all pages.' })
  totalCount(@Root() page: ReplyPage): Promise<number> {
    return page.countAll();
  }
}
