import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { InquiriesContext } from '../../context';
import { UserStub } from '../inquiries/inquiries.types';
import { InquiryReply } from './inquiry-reply.entity';
import { InquiryReplyType, ReplyToInquiryInput, ReplyToInquiryPayload } from './replies.types';

@Resolver(() => InquiryReplyType)
export class RepliesResolver {
  @Mutation(() => ReplyToInquiryPayload, { description: 'Adds a message to an inquiry\'s thread: its author on their own inquiry, an admin (Inquiries WRITE) on any, optionally as an internal note the author never sees. An admin\'s reply is mailed to the author. A closed inquiry takes no more replies.' })
  async replyToInquiry(@Arg('input', () => ReplyToInquiryInput, { description: 'The inquiry and the message.' }) input: ReplyToInquiryInput, @Ctx() ctx: InquiriesContext): Promise<ReplyToInquiryPayload> {
    return toPayload(await ctx.services.replies.reply(requireMember(ctx.viewer), input), (value) => value, { reply: null, inquiry: null });
  }

  @FieldResolver(() => UserStub, { nullable: true, description: 'Who wrote it; null once they are deleted (see authorPseudonym).' })
  author(@Root() reply: InquiryReply): UserStub | null {
    return reply.authorId ? { id: reply.authorId } : null;
  }
}
