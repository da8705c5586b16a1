import { Area, Level, Policy, asParent, authenticated, can, fields, isSelf, or } from '@gatehouse/shared';

const readsInquiries = can(Area.INQUIRIES, Level.READ);
const handlesInquiries = can(Area.INQUIRIES, Level.WRITE);

/** Every field of the inquiries subgraph and what it requires. */
export const inquiriesPolicy: Policy = {
  Query: {
    // Contact Admin lists them: anyone signed in, a member awaiting approval too.
    inquiryTypes: authenticated,
    inquiryBoard: readsInquiries,
    inquiries: readsInquiries,
    // Your own (PENDING included); the service shows another's only with Inquiries READ.
    myInquiries: authenticated,
    inquiry: authenticated,
    inquiryMailPreference: handlesInquiries,
  },
  // Checked again by the resolver when it starts and whenever the viewer changes (whileAllowed).
  Subscription: {
    inquiryBoardChanged: readsInquiries,
    myInquiryChanged: authenticated,
  },
  Mutation: {
    // A member awaiting approval may send Account inquiries: the service checks the type.
    sendInquiry: authenticated,
    moveInquiry: handlesInquiries,
    // The author's (the service checks it is theirs), PENDING included.
    closeInquiry: authenticated,
    reopenInquiry: authenticated,
    // The author on their own inquiry, an admin on any (internal notes: admins only): the service decides.
    replyToInquiry: authenticated,
    assignInquiry: handlesInquiries,
    // The change itself is checked again against the admin's own permissions by the subgraph that makes it.
    applyInquiryRequest: handlesInquiries,
    setInquiryMailPreference: handlesInquiries,
  },
  // Not an entity: reached only through the board and lists (Inquiries READ), `inquiry`, myInquiries and
  // User.inquiries (its author or Inquiries READ) and payloads (whoever the service allowed).
  Inquiry: {
    ...fields(asParent, 'id', 'title', 'message', 'status', 'type', 'subtype', 'author', 'replyCount', 'requestedChange', 'replies', 'createdAt', 'updatedAt'),
    // What the admins keep among themselves: who handles it, how many notes it holds.
    assignee: readsInquiries,
    noteCount: readsInquiries,
  },
  InquiryConnection: fields(asParent, 'edges', 'pageInfo', 'totalCount'),
  InquiryEdge: fields(asParent, 'cursor', 'node'),
  InquiryBoard: fields(asParent, 'filtered', 'open', 'inProgress', 'resolved', 'closed'),
  InquiryType: fields(asParent, 'key', 'name', 'description', 'subtypes'),
  InquirySubtype: fields(asParent, 'key', 'name'),
  InquiryRequestedChange: fields(asParent, 'dailyTokens', 'role', 'space', 'group', 'appliedAt', 'appliedBy'),
  InquiryReply: fields(asParent, 'id', 'body', 'internal', 'fromAdmin', 'author', 'authorPseudonym', 'createdAt'),
  InquiryReplyConnection: fields(asParent, 'edges', 'pageInfo', 'totalCount'),
  InquiryReplyEdge: fields(asParent, 'cursor', 'node'),
  InquiryChange: fields(asParent, 'change', 'inquiry', 'reply', 'changedAt'),
  InquiryPayload: fields(authenticated, 'inquiry', 'userErrors'),
  ReplyToInquiryPayload: fields(authenticated, 'reply', 'inquiry', 'userErrors'),
  InquiryMailPreference: fields(asParent, 'newInquiries'),
  InquiryMailPreferencePayload: fields(handlesInquiries, 'preference', 'userErrors'),
  InquiriesUserError: fields(asParent, 'field', 'code', 'message'),
  PageInfo: fields(asParent, 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'),
  // Your own inquiries, or anyone's with Inquiries READ (the resolver scopes to the viewer's organization).
  User: { id: authenticated, inquiries: or(isSelf(), readsInquiries) },
  Role: { id: authenticated },
  Space: { id: authenticated },
  Group: { id: authenticated },
};
