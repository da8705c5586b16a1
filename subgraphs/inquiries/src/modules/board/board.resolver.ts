import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkedPageSize, organizationIdOf } from '@gatehouse/shared';
import { InquiriesContext } from '../../context';
import { InquiryStatus } from '../inquiries/inquiry.entity';
import { InquiryConnection, InquiryFilter } from '../inquiries/inquiries.types';
import { InquiryPage } from '../inquiries/inquiries.service';
import { BoardRoot, InquiryBoardType } from './board.types';

/** One column in board order: the cards admins dragged to the top first. */
function column(root: BoardRoot, status: InquiryStatus, ctx: InquiriesContext, first?: number | null, after?: string | null): Promise<InquiryPage> {
  return ctx.services.inquiries.list(root.organizationId, { ...root.filter, statuses: [status], first: checkedPageSize(first, ctx.services.maxPageSize), after, sort: 'RANK', descending: false });
}

const firstArg = { nullable: true, description: 'Page size (1 to the server\'s maximum).' } as const;
const afterArg = { nullable: true, description: 'Cursor of the card to continue after. At most 200 characters.' } as const;

@Resolver(() => InquiryBoardType)
export class InquiryBoardResolver {
  @Query(() => InquiryBoardType, { nullable: true, description: 'The organization\'s inquiries as a kanban board (Inquiries READ), narrowed by the filter\'s type, subtype, author, assignee and search.' })
  inquiryBoard(@Ctx() ctx: InquiriesContext, @Arg('filter', () => InquiryFilter, { nullable: true, description: 'Narrows every column (its statuses are ignored).' }) filter?: InquiryFilter | null): (BoardRoot & InquiryBoardType) | null {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return null;
    const { statuses: _ignored, ...narrowing } = filter ?? {};
    return { organizationId, filter: narrowing, filtered: Object.values(narrowing).some((v) => v !== null && v !== undefined && v !== '') };
  }

  @FieldResolver(() => InquiryConnection, { description: 'Open: new or reopened, not yet taken up.' })
  open(@Root() root: BoardRoot, @Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null): Promise<InquiryPage> {
    return column(root, 'OPEN', ctx, first, after);
  }

  @FieldResolver(() => InquiryConnection, { description: 'In progress: an admin is working on it.' })
  inProgress(@Root() root: BoardRoot, @Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null): Promise<InquiryPage> {
    return column(root, 'IN_PROGRESS', ctx, first, after);
  }

  @FieldResolver(() => InquiryConnection, { description: 'Resolved: settled by an admin, waiting for the author to close (or reopen) it.' })
  resolved(@Root() root: BoardRoot, @Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null): Promise<InquiryPage> {
    return column(root, 'RESOLVED', ctx, first, after);
  }

  @FieldResolver(() => InquiryConnection, { description: 'Closed by their authors.' })
  closed(@Root() root: BoardRoot, @Ctx() ctx: InquiriesContext, @Arg('first', () => Int, firstArg) first?: number | null, @Arg('after', () => String, afterArg) after?: string | null): Promise<InquiryPage> {
    return column(root, 'CLOSED', ctx, first, after);
  }
}
