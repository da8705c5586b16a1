import { FederatedSchema, buildFederatedSchema } from '@gatehouse/shared';
import { InquiryBoardResolver } from './modules/board/board.resolver';
import { InquiryTypesResolver } from './modules/catalogue/inquiry-types.resolver';
import { InquiryConnectionResolver, InquiryFieldsResolver, InquiryReplyConnectionResolver } from './modules/inquiries/inquiry-fields.resolver';
import { InquiriesResolver, UserInquiriesResolver } from './modules/inquiries/inquiries.resolver';
import { GroupStub, RoleStub, SpaceStub, UserStub } from './modules/inquiries/inquiries.types';
import { InquiryChangedResolver } from './modules/live/inquiry-changed.resolver';
import { RepliesResolver } from './modules/replies/replies.resolver';

let built: Promise<FederatedSchema> | null = null;

/** The inquiries subgraph schema, built once per process. Inquiry is no entity: it is reached through the board, the lists, `inquiry` and User.inquiries. */
export function inquiriesSchema(): Promise<FederatedSchema> {
  built ??= buildFederatedSchema({
    resolvers: [InquiryTypesResolver, InquiriesResolver, InquiryBoardResolver, InquiryFieldsResolver, InquiryConnectionResolver, InquiryReplyConnectionResolver, RepliesResolver, UserInquiriesResolver, InquiryChangedResolver],
    orphanedTypes: [UserStub, RoleStub, SpaceStub, GroupStub],
    // Identity resolved the user in the viewer's organization; User.inquiries reads that organization only, so an id is all it takes.
    referenceResolvers: { User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) } },
  });
  return built;
}
