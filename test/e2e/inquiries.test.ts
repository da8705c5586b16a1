import { ReceivedMail, SeededMember, SeededOrganization, SmtpListener, errorCodes, GraphQLResponse } from '@gatehouse/shared/testing';
import { SubscriptionClients, settle, until } from '../support/subscription-clients';
import { TestStack, startTestStack } from '../support/test-stack';
import { Inquiry } from '../../subgraphs/inquiries/src/modules/inquiries/inquiry.entity';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const card = 'id title status replyCount type { key } subtype { key } author { id } createdAt';
const send = `mutation($input: SendInquiryInput!) { sendInquiry(input: $input) { inquiry { ${card} requestedChange { dailyTokens role { id } space { id } group { id } } } userErrors { field code message } } }`;
const move = `mutation($input: MoveInquiryInput!) { moveInquiry(input: $input) { inquiry { id status } userErrors { field code } } }`;
const close = `mutation($input: InquiryIdInput!) { closeInquiry(input: $input) { inquiry { id status } userErrors { code } } }`;
const reopen = `mutation($input: InquiryIdInput!) { reopenInquiry(input: $input) { inquiry { id status } userErrors { code } } }`;
const reply = `mutation($input: ReplyToInquiryInput!) { replyToInquiry(input: $input) { reply { id body internal fromAdmin author { id } } inquiry { id replyCount } userErrors { field code } } }`;
const assign = `mutation($input: AssignInquiryInput!) { assignInquiry(input: $input) { inquiry { id assignee { id } } userErrors { field code } } }`;
const column = (name: string) => `${name}(first: 100) { totalCount edges { node { id title } } }`;
const board = `query($filter: InquiryFilter) { inquiryBoard(filter: $filter) { filtered ${column('open')} ${column('inProgress')} ${column('resolved')} ${column('closed')} } }`;

const mailText = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Contact Admin and the inquiries board through the gateway: who sends what, the seed's status flow
 * (admins move among Open, In Progress and Resolved; only the author closes), ranks under concurrent
 * drops, the thread with notes the author never sees, assignment, mail, live updates, deletion.
 */
describe('inquiries', () => {
  const smtp = new SmtpListener();
  let t: TestStack;
  let acme: SeededOrganization;
  let globex: SeededOrganization;
  let member: SeededMember;
  let otherMember: SeededMember;
  let admin: SeededMember;
  let counter = 0;
  const clients = new SubscriptionClients(() => t.stack.gatewayUrl);
  const as = (who: SeededMember | string) => (query: string, variables: Json = {}) => t.gql(query, variables, typeof who === 'string' ? who : who.token) as Promise<Json>;
  const codes = (response: Json) => errorCodes(response as GraphQLResponse);
  const sent = async (who: SeededMember, input: Json = {}) => {
    const response = await as(who)(send, { input: { type: 'FEATURE', subtype: 'CHAT', title: `Question ${(counter += 1)}`, message: 'How do I share a chat?', ...input } });
    expect(response.errors).toBeUndefined();
    expect(response.data.sendInquiry.userErrors).toEqual([]);
    return response.data.sendInquiry.inquiry as Json;
  };
  const moved = async (inquiryId: string, status: string, afterInquiryId?: string | null, who: SeededMember = acme.admin) => {
    const response = await as(who)(move, { input: { inquiryId, status, afterInquiryId } });
    expect(response.errors).toBeUndefined();
    return response.data.moveInquiry as Json;
  };
  const columns = async (filter: Json | null = null, who: SeededMember = acme.admin) => {
    const response = await as(who)(board, { filter });
    expect(response.errors).toBeUndefined();
    const b = response.data.inquiryBoard;
    const ids = (c: Json) => c.edges.map((e: Json) => e.node.id);
    return { open: ids(b.open), inProgress: ids(b.inProgress), resolved: ids(b.resolved), closed: ids(b.closed), counts: [b.open.totalCount, b.inProgress.totalCount, b.resolved.totalCount, b.closed.totalCount], filtered: b.filtered };
  };

  beforeAll(async () => {
    t = await startTestStack({ SMTP_URL: await smtp.start(), APP_URL: 'https://app.gatehouse.test', INQUIRIES_PER_MEMBER_PER_DAY: '40' });
    acme = await t.seed.organization('Acme');
    globex = await t.seed.organization('Globex');
    member = await acme.member('VIEWER', 'Mia');
    otherMember = await acme.member('VIEWER', 'Noah');
    admin = await acme.member('ADMIN', 'Ada');
  }, 60_000);

  afterAll(async () => {
    await clients.disposeAll();
    await t?.stop();
    await smtp.stop();
  });

  it('lists the seed\'s types and subtypes as data, to anyone signed in', async () => {
    const pending = await t.seed.signUp({ name: 'Pat' });
    const response = await as(pending.token)('{ inquiryTypes { key name subtypes { key name } } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.inquiryTypes.map((type: Json) => [type.key, type.subtypes.map((s: Json) => s.key)])).toEqual([
      ['USAGE_LIMIT', ['LIMIT_INCREASE', 'LIMIT_CHECK']],
      ['FEATURE', ['CHAT', 'AGENTS', 'KNOWLEDGE_BASES', 'DATABASES', 'TOOLS']],
      ['BUG', ['CHAT_ERROR', 'AGENT_ERROR', 'UPLOAD_ERROR', 'OTHER']],
      ['ACCOUNT', ['PERMISSION_REQUEST', 'ACCOUNT_ISSUE']],
      ['OTHER', ['IMPROVEMENT', 'OTHER']],
    ]);
    expect(codes(await t.gql('{ inquiryTypes { key } }'))).toEqual(['UNAUTHENTICATED']);
  });

  it('puts a new inquiry on top of Open; refuses a bad type, empty or long text, and changes nothing', async () => {
    const before = await columns();
    const first = await sent(member);
    const second = await sent(member);
    expect(first).toMatchObject({ status: 'OPEN', replyCount: 0, type: { key: 'FEATURE' }, subtype: { key: 'CHAT' }, author: { id: member.accountId }, requestedChange: null });
    const after = await columns();
    expect(after.open.slice(0, 2)).toEqual([second.id, first.id]);
    expect(after.counts[0]).toBe(before.counts[0] + 2);

    const refusal = async (input: Json) => (await as(member)(send, { input: { type: 'FEATURE', subtype: 'CHAT', title: 'T', message: 'M', ...input } })).data.sendInquiry;
    expect((await refusal({ subtype: 'LIMIT_INCREASE' })).userErrors.map((e: Json) => e.code)).toEqual(['INVALID_TYPE']);
    expect((await refusal({ type: 'NOPE' })).userErrors.map((e: Json) => e.code)).toEqual(['INVALID_TYPE']);
    expect((await refusal({ title: '   ' })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TEXT', field: ['input', 'title'] })]);
    expect((await refusal({ title: 'x'.repeat(201) })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TEXT', field: ['input', 'title'] })]);
    expect((await refusal({ message: ' \n ' })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TEXT', field: ['input', 'message'] })]);
    expect(codes(await as(member)(send, { input: { type: 'FEATURE', subtype: 'CHAT', title: 'T', message: 'y'.repeat(10_001) } }))).toEqual(['BAD_USER_INPUT']);
    expect((await refusal({ requestedDailyTokens: 5000 })).userErrors.map((e: Json) => e.code)).toEqual(['INVALID_REQUEST']);
    expect(codes(await as(member)(send, { input: { type: 'x'.repeat(33), subtype: 'CHAT', title: 'T', message: 'M' } }))).toEqual(['BAD_USER_INPUT']);
    expect((await columns()).counts).toEqual(after.counts);
  });

  it('lets a member awaiting approval send Account inquiries only, and read their own', async () => {
    const pending = await t.seed.signUp({ name: 'Penny' });
    expect(pending.membershipStatus).toBe('PENDING');
    const refused = await as(pending.token)(send, { input: { type: 'FEATURE', subtype: 'CHAT', title: 'Hi', message: 'Can I use chat?' } });
    expect(refused.data.sendInquiry.userErrors.map((e: Json) => e.code)).toEqual(['PENDING_MEMBER_TYPE']);
    const asked = await as(pending.token)(send, { input: { type: 'ACCOUNT', subtype: 'ACCOUNT_ISSUE', title: 'Please approve me', message: 'I joined for the Q3 project.' } });
    expect(asked.data.sendInquiry.userErrors).toEqual([]);
    const mine = await as(pending.token)('{ myInquiries { totalCount edges { node { id title status } } } }');
    expect(mine.data.myInquiries).toEqual({ totalCount: 1, edges: [{ node: { id: asked.data.sendInquiry.inquiry.id, title: 'Please approve me', status: 'OPEN' } }] });
    // The board is the admins': a pending member, like a viewer, may not read it.
    expect(codes(await as(pending.token)(board))).toEqual(['FORBIDDEN']);
    expect(codes(await as(member)(board))).toEqual(['FORBIDDEN']);
  });

  it('follows the seed\'s flow: admins move among Open, In Progress and Resolved, only the author closes, and may reopen a resolved one', async () => {
    const inquiry = await sent(member);
    expect((await moved(inquiry.id, 'IN_PROGRESS')).userErrors).toEqual([]);
    expect((await moved(inquiry.id, 'CLOSED')).userErrors.map((e: Json) => e.code)).toEqual(['CLOSE_IS_AUTHORS']);
    // The author has no Inquiries WRITE: dragging is not theirs.
    expect(codes(await as(member)(move, { input: { inquiryId: inquiry.id, status: 'RESOLVED' } }))).toEqual(['FORBIDDEN']);
    // Reopening is for a resolved inquiry only.
    expect((await as(member)(reopen, { input: { inquiryId: inquiry.id } })).data.reopenInquiry.userErrors.map((e: Json) => e.code)).toEqual(['INVALID_STATUS_CHANGE']);
    expect((await moved(inquiry.id, 'RESOLVED')).userErrors).toEqual([]);
    expect((await as(member)(reopen, { input: { inquiryId: inquiry.id } })).data.reopenInquiry.inquiry.status).toBe('OPEN');
    expect((await columns()).open[0]).toBe(inquiry.id);
    // Neither an admin nor another member closes someone else's inquiry.
    expect((await as(acme.admin)(close, { input: { inquiryId: inquiry.id } })).data.closeInquiry.userErrors.map((e: Json) => e.code)).toEqual(['NOT_AUTHOR']);
    expect((await as(otherMember)(close, { input: { inquiryId: inquiry.id } })).data.closeInquiry.userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);
    expect((await as(member)(close, { input: { inquiryId: inquiry.id } })).data.closeInquiry.inquiry.status).toBe('CLOSED');
    // Closed is final.
    expect((await moved(inquiry.id, 'OPEN')).userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_CLOSED']);
    expect((await as(member)(reopen, { input: { inquiryId: inquiry.id } })).data.reopenInquiry.userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_CLOSED']);
    expect((await columns()).closed[0]).toBe(inquiry.id);
  });

  it('reorders within a column and places cards after a given one; a card of another column is no anchor', async () => {
    const [a, b, c] = [await sent(member), await sent(member), await sent(member)];
    for (const x of [a, b, c]) await moved(x.id, 'IN_PROGRESS');
    // Each lands on top: c, b, a.
    expect((await columns()).inProgress.slice(0, 3)).toEqual([c.id, b.id, a.id]);
    await moved(c.id, 'IN_PROGRESS', a.id);
    expect((await columns()).inProgress.slice(0, 3)).toEqual([b.id, a.id, c.id]);
    await moved(a.id, 'IN_PROGRESS', null);
    expect((await columns()).inProgress.slice(0, 3)).toEqual([a.id, b.id, c.id]);
    const elsewhere = await sent(member);
    expect((await moved(a.id, 'IN_PROGRESS', elsewhere.id)).userErrors).toEqual([{ field: ['input', 'afterInquiryId'], code: 'AFTER_INQUIRY_NOT_FOUND' }]);
    expect((await moved(a.id, 'IN_PROGRESS', a.id)).userErrors.map((e: Json) => e.code)).toEqual(['AFTER_INQUIRY_NOT_FOUND']);
    expect((await moved(a.id, 'IN_PROGRESS', 'no-such-card')).userErrors.map((e: Json) => e.code)).toEqual(['AFTER_INQUIRY_NOT_FOUND']);
    expect((await columns()).inProgress.slice(0, 3)).toEqual([a.id, b.id, c.id]);
  });

  it('never loses or duplicates a card when admins drop many at once into one spot', async () => {
    const anchor = await sent(otherMember);
    await moved(anchor.id, 'RESOLVED');
    const cards = await Promise.all(Array.from({ length: 16 }, () => sent(otherMember)));
    // Every card dropped right after the anchor at once, through two admins, some twice.
    const drops = [...cards, ...cards.slice(0, 6)].map((x, i) => moved(x.id, 'RESOLVED', anchor.id, i % 2 ? admin : acme.admin));
    const answers = await Promise.all(drops);
    expect(answers.every((a) => a.userErrors.length === 0)).toBe(true);
    const after = await columns();
    const resolved = after.resolved;
    expect(new Set(resolved).size).toBe(resolved.length);
    expect(after.counts[2]).toBe(resolved.length);
    // The anchor stays on top with every dropped card right after it, each once.
    expect(resolved[0]).toBe(anchor.id);
    expect(new Set(resolved.slice(1, 17))).toEqual(new Set(cards.map((x) => x.id)));
    for (const x of cards) expect(after.open).not.toContain(x.id);
    // Each drop read its neighbours after the one before it committed: no two cards of a column share a rank.
    const ranks = await t.stack.apps.inquiries.dataSource.getRepository(Inquiry).find({ where: { organizationId: acme.id, status: 'RESOLVED' }, select: { rank: true } });
    expect(new Set(ranks.map((r) => r.rank)).size).toBe(ranks.length);
  });

  it('keeps internal notes from the author; tells the author of an admin\'s reply by mail and live', async () => {
    const inquiry = await sent(member, { title: 'Agent keeps failing', type: 'BUG', subtype: 'AGENT_ERROR' });
    const mine = clients.watch(clients.connect({ token: member.token }), 'subscription { myInquiryChanged { change inquiry { id status } reply { body internal } } }');
    const boardWatch = clients.watch(clients.connect({ token: admin.token }), 'subscription { inquiryBoardChanged { change inquiry { id status noteCount } reply { body internal } } }');
    await settle(500);
    const note = await as(admin)(reply, { input: { inquiryId: inquiry.id, body: 'Probably the tool timeout; checking logs.', internal: true } });
    expect(note.data.replyToInquiry.userErrors).toEqual([]);
    const answer = await as(admin)(reply, { input: { inquiryId: inquiry.id, body: 'We raised the tool timeout; try again?' } });
    expect(answer.data.replyToInquiry.reply).toMatchObject({ internal: false, fromAdmin: true, author: { id: admin.accountId } });
    const followUp = await as(member)(reply, { input: { inquiryId: inquiry.id, body: 'Works now, thanks!' } });
    expect(followUp.data.replyToInquiry.reply).toMatchObject({ internal: false, fromAdmin: false });
    // The author may not leave notes, nor reply to someone else's inquiry.
    expect((await as(member)(reply, { input: { inquiryId: inquiry.id, body: 'psst', internal: true } })).data.replyToInquiry.userErrors.map((e: Json) => e.code)).toEqual(['NOTES_ARE_ADMINS']);
    expect((await as(otherMember)(reply, { input: { inquiryId: inquiry.id, body: 'me too' } })).data.replyToInquiry.userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);

    const thread = 'query($id: ID!) { inquiry(id: $id) { replyCount replies { totalCount edges { node { body internal } } } } }';
    const seenByAuthor = (await as(member)(thread, { id: inquiry.id })).data.inquiry;
    expect(seenByAuthor).toEqual({ replyCount: 2, replies: { totalCount: 2, edges: [{ node: { body: 'We raised the tool timeout; try again?', internal: false } }, { node: { body: 'Works now, thanks!', internal: false } }] } });
    expect((await as(admin)(thread, { id: inquiry.id })).data.inquiry.replies.totalCount).toBe(3);
    // What admins keep among themselves is not the author's to read.
    expect(codes(await as(member)('query($id: ID!) { inquiry(id: $id) { noteCount } }', { id: inquiry.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await as(member)('query($id: ID!) { inquiry(id: $id) { assignee { id } } }', { id: inquiry.id }))).toEqual(['FORBIDDEN']);
    expect((await as(otherMember)(thread, { id: inquiry.id })).data.inquiry).toBeNull();

    await until(() => mine.events.length >= 2 && boardWatch.events.length >= 3, 5000);
    await settle(300);
    expect(mine.errors).toEqual([]);
    expect(mine.events.map((e) => [e.data.myInquiryChanged.change, e.data.myInquiryChanged.reply?.body])).toEqual([
      ['REPLIED', 'We raised the tool timeout; try again?'],
      ['REPLIED', 'Works now, thanks!'],
    ]);
    expect(boardWatch.events.map((e) => e.data.inquiryBoardChanged.change)).toEqual(['NOTE_ADDED', 'REPLIED', 'REPLIED']);
    expect(boardWatch.events[0].data.inquiryBoardChanged.reply).toEqual({ body: 'Probably the tool timeout; checking logs.', internal: true });

    // One mail to the author: the admin's reply (not the note, not their own).
    await until(() => smtp.to(member.email).some((m) => mailText(m).includes('We raised the tool timeout')));
    const mails = smtp.to(member.email).filter((m) => mailText(m).includes('Agent keeps failing'));
    expect(mails).toHaveLength(1);
    expect(mailText(mails[0])).not.toContain('checking logs');
  });

  it('tells the author by mail when an admin resolves, and admins who opted in of new inquiries', async () => {
    const inquiry = await sent(member, { title: 'Resolve me please' });
    await moved(inquiry.id, 'RESOLVED');
    await until(() => smtp.to(member.email).some((m) => mailText(m).includes('Resolve me please')));
    expect(mailText(smtp.to(member.email).find((m) => mailText(m).includes('Resolve me please'))!)).toContain('resolved');

    expect((await as(admin)('mutation { setInquiryMailPreference(input: { newInquiries: true }) { preference { newInquiries } } }')).data.setInquiryMailPreference.preference.newInquiries).toBe(true);
    expect((await as(admin)('{ inquiryMailPreference { newInquiries } }')).data.inquiryMailPreference.newInquiries).toBe(true);
    expect(codes(await as(member)('mutation { setInquiryMailPreference(input: { newInquiries: true }) { preference { newInquiries } } }'))).toEqual(['FORBIDDEN']);
    await sent(otherMember, { title: 'Brand new question' });
    await until(() => smtp.to(admin.email).some((m) => mailText(m).includes('Brand new question')));
    expect(mailText(smtp.to(admin.email).find((m) => mailText(m).includes('Brand new question'))!)).toContain('Noah');
    // Not for their own inquiry.
    await sent(admin, { title: 'My own question' });
    await settle(500);
    expect(smtp.to(admin.email).some((m) => mailText(m).includes('My own question'))).toBe(false);
  });

  it('assigns to admins of the organization only', async () => {
    const inquiry = await sent(member);
    expect((await as(acme.admin)(assign, { input: { inquiryId: inquiry.id, assigneeId: admin.accountId } })).data.assignInquiry).toEqual({ inquiry: { id: inquiry.id, assignee: { id: admin.accountId } }, userErrors: [] });
    expect((await as(acme.admin)(assign, { input: { inquiryId: inquiry.id, assigneeId: otherMember.accountId } })).data.assignInquiry.userErrors.map((e: Json) => e.code)).toEqual(['ASSIGNEE_NOT_ADMIN']);
    for (const assigneeId of [globex.admin.accountId, 'nobody', 'x'.repeat(100)]) {
      expect((await as(acme.admin)(assign, { input: { inquiryId: inquiry.id, assigneeId } })).data.assignInquiry.userErrors.map((e: Json) => e.code)).toEqual(['ASSIGNEE_NOT_FOUND']);
    }
    const filtered = await as(acme.admin)('query($id: ID) { inquiries(filter: { assigneeId: $id }) { totalCount } }', { id: admin.accountId });
    expect(filtered.data.inquiries.totalCount).toBe(1);
    expect((await as(acme.admin)(assign, { input: { inquiryId: inquiry.id, assigneeId: null } })).data.assignInquiry.inquiry.assignee).toBeNull();
  });

  it('filters by type, subtype, status, author and text, and sorts', async () => {
    const bug = await sent(otherMember, { type: 'BUG', subtype: 'UPLOAD_ERROR', title: 'Upload of zebra.pdf fails', message: 'Error 413' });
    const list = async (filter: Json, orderBy: Json | null = null) => (await as(acme.admin)('query($filter: InquiryFilter, $orderBy: InquiryOrder) { inquiries(first: 100, filter: $filter, orderBy: $orderBy) { totalCount edges { node { id } } } }', { filter, orderBy })).data.inquiries;
    expect((await list({ type: 'BUG', subtype: 'UPLOAD_ERROR' })).edges.map((e: Json) => e.node.id)).toEqual([bug.id]);
    expect((await list({ search: 'ZEBRA' })).edges.map((e: Json) => e.node.id)).toEqual([bug.id]);
    expect((await list({ search: 'error 413' })).totalCount).toBe(1);
    expect((await list({ search: '%' })).totalCount).toBe(0);
    const byAuthor = await list({ authorId: otherMember.accountId });
    expect(byAuthor.edges.map((e: Json) => e.node.id)[0]).toBe(bug.id);
    const oldestFirst = await list({ authorId: otherMember.accountId }, { field: 'CREATED_AT', direction: 'ASC' });
    expect(oldestFirst.edges.map((e: Json) => e.node.id)).toEqual([...byAuthor.edges.map((e: Json) => e.node.id)].reverse());
    expect((await list({ statuses: ['CLOSED'] })).totalCount).toBe((await columns()).counts[3]);
    // The board narrowed by type: every column counts what matches only.
    const bugs = await columns({ type: 'BUG' });
    expect(bugs.filtered).toBe(true);
    expect(bugs.open).toContain(bug.id);
    expect(bugs.counts.reduce((a, b) => a + b, 0)).toBe((await list({ type: 'BUG' })).totalCount);
    // Pages continue where the last ended.
    const first = (await as(acme.admin)('{ inquiries(first: 2) { edges { node { id } } pageInfo { endCursor hasNextPage } } }')).data.inquiries;
    const next = (await as(acme.admin)('query($after: String) { inquiries(first: 2, after: $after) { edges { node { id } } } }', { after: first.pageInfo.endCursor })).data.inquiries;
    const both = (await as(acme.admin)('{ inquiries(first: 4) { edges { node { id } } } }')).data.inquiries;
    expect([...first.edges, ...next.edges]).toEqual(both.edges);
    // A cursor of another order, or made up, is the client's mistake, not the server's.
    const rankCursor = (await as(acme.admin)('{ inquiries(first: 1, orderBy: { field: RANK, direction: ASC }) { pageInfo { endCursor } } }')).data.inquiries.pageInfo.endCursor;
    for (const after of [rankCursor, 'not-a-cursor', Buffer.from(JSON.stringify([1e300, 'x'])).toString('base64url')]) {
      expect(codes(await as(acme.admin)('query($after: String) { inquiries(first: 2, after: $after) { totalCount } }', { after }))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('shows User.inquiries to the member and to Inquiries READ, not to other members', async () => {
    const own = await as(member)('{ viewer { inquiries(first: 1) { totalCount } } }');
    expect(own.errors).toBeUndefined();
    expect(own.data.viewer.inquiries.totalCount).toBeGreaterThan(0);
    const byAdmin = await as(acme.admin)('query($id: ID!) { user(id: $id) { inquiries(first: 1) { totalCount } } }', { id: member.accountId });
    expect(byAdmin.data.user.inquiries.totalCount).toBe(own.data.viewer.inquiries.totalCount);
    expect(codes(await as(otherMember)('query($id: ID!) { user(id: $id) { inquiries(first: 1) { totalCount } } }', { id: member.accountId }))).toContain('FORBIDDEN');
  });

  it('keeps organizations apart: another organization\'s inquiry is answered as none', async () => {
    const inquiry = await sent(member);
    const outsider = globex.admin;
    expect((await as(outsider)('query($id: ID!) { inquiry(id: $id) { id } }', { id: inquiry.id })).data.inquiry).toBeNull();
    expect((await columns(null, outsider)).counts).toEqual([0, 0, 0, 0]);
    expect((await moved(inquiry.id, 'IN_PROGRESS', null, outsider)).userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);
    expect((await moved('no-such-inquiry', 'IN_PROGRESS', null, outsider)).userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);
    expect((await as(outsider)(reply, { input: { inquiryId: inquiry.id, body: 'hi' } })).data.replyToInquiry.userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);
    expect((await as(outsider)(assign, { input: { inquiryId: inquiry.id, assigneeId: outsider.accountId } })).data.assignInquiry.userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);
    const watch = clients.watch(clients.connect({ token: outsider.token }), 'subscription { inquiryBoardChanged { change } }');
    await settle(400);
    await sent(member);
    await settle(600);
    expect(watch.events).toEqual([]);
  });

  it('carries a requested change that fits its type and names the organization\'s own role, group or space', async () => {
    const limit = await sent(member, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'More tokens', requestedDailyTokens: 200_000 });
    expect(limit.requestedChange).toEqual({ dailyTokens: 200_000, role: null, space: null, group: null });
    const editor = await acme.roleId('EDITOR');
    const access = await sent(member, { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', title: 'Editor please', requestedRoleId: editor });
    expect(access.requestedChange).toEqual({ dailyTokens: null, role: { id: editor }, space: null, group: null });
    const invalid = async (input: Json) => (await as(member)(send, { input: { title: 'T', message: 'M', ...input } })).data.sendInquiry.userErrors.map((e: Json) => e.code);
    expect(await invalid({ type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', requestedDailyTokens: -1 })).toEqual(['INVALID_REQUEST']);
    expect(await invalid({ type: 'USAGE_LIMIT', subtype: 'LIMIT_CHECK', requestedDailyTokens: 10 })).toEqual(['INVALID_REQUEST']);
    expect(await invalid({ type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedRoleId: await globex.roleId('EDITOR') })).toEqual(['REQUEST_TARGET_NOT_FOUND']);
    expect(await invalid({ type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedRoleId: 'x'.repeat(200) })).toEqual(['REQUEST_TARGET_NOT_FOUND']);
    expect(await invalid({ type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedGroupId: 'no-such-group' })).toEqual(['REQUEST_TARGET_NOT_FOUND']);
    expect(await invalid({ type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', requestedGroupId: 'g', requestedRoleId: editor })).toEqual(['INVALID_REQUEST']);
    expect(await invalid({ type: 'ACCOUNT', subtype: 'ACCOUNT_ISSUE', requestedRoleId: editor })).toEqual(['INVALID_REQUEST']);
  });

  describe('applying a request in one step', () => {
    const apply = `mutation($input: InquiryIdInput!) { applyInquiryRequest(input: $input) { inquiry { id status replyCount requestedChange { appliedAt appliedBy { id } } } userErrors { field code message } } }`;
    const applied = async (inquiryId: string, who: SeededMember = acme.admin) => {
      const response = await as(who)(apply, { input: { inquiryId } });
      expect(response.errors).toBeUndefined();
      return response.data.applyInquiryRequest as Json;
    };
    const auditOf = async (action: string, targetId: string) => {
      for (const deadline = Date.now() + 5000; ; await settle(100)) {
        const entries = (await as(acme.admin)('query($id: ID, $actions: [AuditAction!]) { auditLog(first: 10, filter: { targetId: $id, actions: $actions }) { edges { node { action actorId details } } } }', { id: targetId, actions: [action] })).data.auditLog.edges.map((e: Json) => e.node);
        if (entries.length || Date.now() > deadline) return entries as Json[];
      }
    };
    const userLimit = async (userId: string) => (await as(acme.admin)('query($id: ID!) { user(id: $id) { dailyTokenLimit } }', { id: userId })).data.user.dailyTokenLimit;
    const rolesOf = async (userId: string) => (await as(acme.admin)('query($id: ID!) { user(id: $id) { roles { key } } }', { id: userId })).data.user.roles.map((r: Json) => r.key).sort();

    it('sets the requested daily token limit as the admin\'s own setTokenLimit would, replies, resolves and links the audit entry', async () => {
      const asker = await acme.member('VIEWER', 'Tia');
      const inquiry = await sent(asker, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'Need more tokens', requestedDailyTokens: 250_000 });
      const mine = clients.watch(clients.connect({ token: asker.token }), 'subscription { myInquiryChanged { change inquiry { status } reply { body } } }');
      await settle(400);
      const done = await applied(inquiry.id, admin);
      expect(done.userErrors).toEqual([]);
      expect(done.inquiry).toMatchObject({ status: 'RESOLVED', replyCount: 1, requestedChange: { appliedBy: { id: admin.accountId } } });
      expect(await userLimit(asker.accountId)).toBe(250_000);
      const thread = (await as(asker)('query($id: ID!) { inquiry(id: $id) { replies { edges { node { body fromAdmin } } } } }', { id: inquiry.id })).data.inquiry.replies.edges.map((e: Json) => e.node);
      expect(thread).toEqual([{ body: expect.stringContaining('Set your daily token limit to 250,000 tokens.'), fromAdmin: true }]);
      const limitEntries = await auditOf('LIMIT_CHANGED', asker.accountId);
      expect(limitEntries[0].details).toMatchObject({ level: 'USER', after: { dailyTokens: 250_000 }, inquiryId: inquiry.id });
      expect((await auditOf('INQUIRY_REQUEST_APPLIED', inquiry.id)).map((e) => e.details.change.kind)).toEqual(['DAILY_TOKEN_LIMIT']);
      await until(() => mine.events.length >= 1);
      expect(mine.events[0].data.myInquiryChanged).toMatchObject({ change: 'REQUEST_APPLIED', inquiry: { status: 'RESOLVED' } });
      await until(() => smtp.to(asker.email).some((m) => mailText(m).includes('250,000')));
      // Once is all: a second apply changes nothing.
      expect((await applied(inquiry.id)).userErrors.map((e: Json) => e.code)).toEqual(['ALREADY_APPLIED']);
    });

    it('gives the requested role, role in a space, or group; the role change is audited with the inquiry', async () => {
      const asker = await acme.member('VIEWER', 'Rio');
      const editor = await acme.roleId('EDITOR');
      const roleInquiry = await sent(asker, { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', title: 'Editor please', requestedRoleId: editor });
      expect((await applied(roleInquiry.id)).userErrors).toEqual([]);
      expect(await rolesOf(asker.accountId)).toEqual(['EDITOR', 'VIEWER']);
      expect((await auditOf('ROLE_CHANGE', asker.accountId)).find((e) => e.details.inquiryId === roleInquiry.id)?.details).toMatchObject({ roleId: editor, change: 'ASSIGNED' });

      const space = (await as(acme.admin)('mutation { createSpace(input: { name: "Research" }) { space { id } } }')).data.createSpace.space.id;
      const spaceInquiry = await sent(asker, { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', title: 'Into Research', requestedSpaceId: space });
      expect((await applied(spaceInquiry.id)).userErrors).toEqual([]);
      // The organization's default role (Viewer), in that space.
      const spaces = await as(acme.admin)('query($id: ID!) { user(id: $id) { spaces { id } } }', { id: asker.accountId });
      expect(spaces.data.user.spaces.map((x: Json) => x.id)).toContain(space);

      const group = (await as(acme.admin)('mutation { createGroup(input: { name: "Agents team", grants: [{ area: PROMPTS, level: READ }] }) { group { id } } }')).data.createGroup.group.id;
      const groupInquiry = await sent(asker, { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', title: 'Join agents team', requestedGroupId: group });
      expect((await applied(groupInquiry.id)).userErrors).toEqual([]);
      const groups = await as(acme.admin)('query($id: ID!) { user(id: $id) { groups { group { id } } } }', { id: asker.accountId });
      expect(groups.data.user.groups.map((g: Json) => g.group.id)).toContain(group);
      expect((await auditOf('GROUP_MEMBERS_CHANGED', asker.accountId)).find((e) => e.details.inquiryId === groupInquiry.id)).toBeDefined();
    });

    it('refuses exactly as the direct mutation would, under the admin\'s own permissions, and changes nothing', async () => {
      const asker = await acme.member('VIEWER', 'Ray');
      const superAdmin = await acme.roleId('SUPER_ADMIN');
      // An Admin may not hand out Super Admin: the same code assignRole answers.
      const tooMuch = await sent(asker, { type: 'ACCOUNT', subtype: 'PERMISSION_REQUEST', title: 'Make me SA', requestedRoleId: superAdmin });
      expect((await applied(tooMuch.id, admin)).userErrors.map((e: Json) => e.code)).toEqual(['ROLE_EXCEEDS_OWN_PERMISSIONS']);
      expect(await rolesOf(asker.accountId)).toEqual(['VIEWER']);
      const still = (await as(acme.admin)('query($id: ID!) { inquiry(id: $id) { status requestedChange { appliedAt } } }', { id: tooMuch.id })).data.inquiry;
      expect(still).toEqual({ status: 'OPEN', requestedChange: { appliedAt: null } });

      // Nobody raises their own limit through an inquiry.
      const own = await sent(admin, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'Mine', requestedDailyTokens: 1_000_000 });
      expect((await applied(own.id, admin)).userErrors.map((e: Json) => e.code)).toEqual(['OWN_LIMIT']);
      // An Admin does not set the limit of a Super Admin.
      const fromSuperAdmin = await sent(acme.admin, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'SA tokens', requestedDailyTokens: 5 });
      expect((await applied(fromSuperAdmin.id, admin)).userErrors.map((e: Json) => e.code)).toEqual(['TARGET_MORE_PRIVILEGED']);
      expect(await userLimit(acme.admin.accountId)).toBeNull();

      // An inquiry handler without Scoped Limits WRITE: FORBIDDEN, as setTokenLimit would answer.
      const handlerRole = (await as(acme.admin)('mutation { createRole(input: { name: "Inquiry handler", grants: [{ area: INQUIRIES, level: WRITE }] }) { role { id } } }')).data.createRole.role.id;
      const handler = await acme.member('VIEWER', 'Hank');
      expect((await as(acme.admin)('mutation($input: RoleChangeInput!) { assignRole(input: $input) { userErrors { code } } }', { input: { userId: handler.accountId, roleId: handlerRole } })).data.assignRole.userErrors).toEqual([]);
      const handlerToken = await t.seed.logIn(handler.email, handler.password);
      const limitAsk = await sent(asker, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'Tokens', requestedDailyTokens: 9000 });
      expect(codes(await as(handlerToken)(apply, { input: { inquiryId: limitAsk.id } }))).toEqual(['FORBIDDEN']);
      expect(await userLimit(asker.accountId)).toBeNull();
      // The admin can, afterwards: the refusal released it.
      expect((await applied(limitAsk.id, admin)).userErrors).toEqual([]);

      // Nothing to apply, a closed inquiry, another organization's.
      const plain = await sent(asker);
      expect((await applied(plain.id)).userErrors.map((e: Json) => e.code)).toEqual(['NO_REQUEST']);
      expect(codes(await as(asker)(apply, { input: { inquiryId: plain.id } }))).toEqual(['FORBIDDEN']);
      const closing = await sent(asker, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'Never mind', requestedDailyTokens: 1 });
      await as(asker)(close, { input: { inquiryId: closing.id } });
      expect((await applied(closing.id)).userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_CLOSED']);
      expect((await applied(tooMuch.id, globex.admin)).userErrors.map((e: Json) => e.code)).toEqual(['INQUIRY_NOT_FOUND']);
    });

    it('applies once when admins apply at the same moment', async () => {
      const asker = await acme.member('VIEWER', 'Cy');
      const inquiry = await sent(asker, { type: 'USAGE_LIMIT', subtype: 'LIMIT_INCREASE', title: 'Race', requestedDailyTokens: 777 });
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => applied(inquiry.id, i % 2 ? admin : acme.admin)));
      expect(answers.filter((a) => a.userErrors.length === 0)).toHaveLength(1);
      expect(answers.flatMap((a) => a.userErrors.map((e: Json) => e.code)).every((c: string) => c === 'REQUEST_BEING_APPLIED' || c === 'ALREADY_APPLIED')).toBe(true);
      expect((await as(acme.admin)('query($id: ID!) { inquiry(id: $id) { replyCount } }', { id: inquiry.id })).data.inquiry.replyCount).toBe(1);
      expect(await auditOf('INQUIRY_REQUEST_APPLIED', inquiry.id)).toHaveLength(1);
    });
  });

  it('audits every state change', async () => {
    const inquiry = await sent(member);
    await moved(inquiry.id, 'IN_PROGRESS');
    await as(acme.admin)(assign, { input: { inquiryId: inquiry.id, assigneeId: admin.accountId } });
    await as(member)(close, { input: { inquiryId: inquiry.id } });
    const log = async () => (await as(acme.admin)('query($id: ID) { auditLog(first: 20, filter: { targetId: $id }) { edges { node { action actorId targetType details } } } }', { id: inquiry.id })).data.auditLog.edges.map((e: Json) => e.node);
    let entries: Json[] = [];
    for (const deadline = Date.now() + 5000; Date.now() < deadline && entries.length < 4; ) {
      entries = await log();
      if (entries.length < 4) await settle(100);
    }
    expect(entries.map((e) => [e.action, e.details.from ?? null, e.details.to ?? null]).reverse()).toEqual([
      ['INQUIRY_CREATED', null, null],
      ['INQUIRY_STATUS_CHANGED', 'OPEN', 'IN_PROGRESS'],
      ['INQUIRY_ASSIGNED', null, null],
      ['INQUIRY_STATUS_CHANGED', 'IN_PROGRESS', 'CLOSED'],
    ]);
    expect(entries.every((e) => e.targetType === 'INQUIRY')).toBe(true);
  });

  it('limits how many inquiries a member sends in a day', async () => {
    const flooder = await acme.member('VIEWER', 'Flo');
    for (let i = 0; i < 40; i += 1) await sent(flooder);
    const refused = await as(flooder)(send, { input: { type: 'OTHER', subtype: 'OTHER', title: 'One more', message: 'M' } });
    expect(refused.data.sendInquiry.userErrors.map((e: Json) => e.code)).toEqual(['RATE_LIMITED']);
  });

  it('removes a deleted author\'s inquiries and replies; keeps a deleted admin\'s replies under a pseudonym', async () => {
    const leaving = await acme.member('VIEWER', 'Lea');
    const theirs = await sent(leaving);
    const helper = await acme.member('ADMIN', 'Hal');
    const kept = await sent(member, { title: 'Kept thread' });
    await as(helper)(reply, { input: { inquiryId: kept.id, body: 'Looking into it.' } });
    await as(helper)(reply, { input: { inquiryId: theirs.id, body: 'On it.' } });
    await as(acme.admin)(assign, { input: { inquiryId: kept.id, assigneeId: helper.accountId } });
    const boardWatch = clients.watch(clients.connect({ token: acme.admin.token }), 'subscription { inquiryBoardChanged { change inquiry { id } } }');
    await settle(400);
    const deleteUser = 'mutation($input: DeleteUserInput!) { deleteUser(input: $input) { userErrors { code } } }';
    expect((await as(acme.admin)(deleteUser, { input: { userId: leaving.accountId } })).data.deleteUser.userErrors).toEqual([]);
    expect((await as(acme.admin)(deleteUser, { input: { userId: helper.accountId } })).data.deleteUser.userErrors).toEqual([]);
    const thread = 'query($id: ID!) { inquiry(id: $id) { assignee { id } replies { edges { node { body author { id } authorPseudonym } } } } }';
    let seen: Json = {};
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await settle(100)) {
      seen = (await as(acme.admin)(thread, { id: kept.id })).data.inquiry;
      const gone = (await as(acme.admin)(thread, { id: theirs.id })).data.inquiry;
      if (!gone && seen.replies.edges[0].node.authorPseudonym) break;
    }
    expect((await as(acme.admin)(thread, { id: theirs.id })).data.inquiry).toBeNull();
    expect(seen.assignee).toBeNull();
    expect(seen.replies.edges).toEqual([{ node: { body: 'Looking into it.', author: null, authorPseudonym: expect.stringMatching(/^Former admin [0-9a-f]{6}$/) } }]);
    await until(() => boardWatch.events.some((e) => e.data.inquiryBoardChanged.change === 'DELETED'));
    expect(boardWatch.events.filter((e) => e.data.inquiryBoardChanged.change === 'DELETED').map((e) => e.data.inquiryBoardChanged.inquiry.id)).toEqual([theirs.id]);
  });
});
