import { PermissionSet, SubgraphDefinition, SubgraphKit, SubgraphParts, chunksOf } from '@gatehouse/shared';
import { applyAccessRequestRoute, limitTargetsRoute, maxReachAccounts, memberReachRoute, organizationRolesRoute } from '@gatehouse/access-control-contracts';
import { maxContactedMembers, memberContactsRoute, organizationNamesRoute } from '@gatehouse/identity-contracts';
import { inquiriesEvents } from '@gatehouse/inquiries-contracts';
import { applyLimitRequestRoute } from '@gatehouse/metering-contracts';
import { createInquiriesContext, InquiriesServices } from './context';
import { inquiriesMigrations } from './migrations';
import { BoardMovesService } from './modules/board/board-moves.service';
import { InquiryBoardLock } from './modules/board/inquiry-board-lock.entity';
import { inquiryConsistencyEvents, keepInquiriesConsistent } from './modules/consistency/inquiry-consistency.handlers';
import { InquiriesService } from './modules/inquiries/inquiries.service';
import { InquiryAssignmentService } from './modules/inquiries/inquiry-assignment.service';
import { InquiryDirectory, MemberContact } from './modules/inquiries/inquiry-directory';
import { Inquiry } from './modules/inquiries/inquiry.entity';
import { InquiryMailPreference } from './modules/mail/inquiry-mail-preference.entity';
import { MailPreferencesService } from './modules/mail/mail-preferences.service';
import { InquiryReply } from './modules/replies/inquiry-reply.entity';
import { RepliesService } from './modules/replies/replies.service';
import { InquiryRequestsService } from './modules/requests/inquiry-requests.service';
import { inquiriesPolicy } from './policy';
import { inquiriesSchema } from './schema';

export { inquiriesPolicy } from './policy';
export { inquiriesSchema } from './schema';
export const inquiriesEntities = [Inquiry, InquiryReply, InquiryBoardLock, InquiryMailPreference];

/** The inquiries subgraph: what it is made of (its descriptor is ./subgraph.ts). */
export const inquiriesDefinition: SubgraphDefinition = {
  entities: inquiriesEntities,
  mysqlMigrations: inquiriesMigrations,
  schema: inquiriesSchema,
  policy: inquiriesPolicy,
  // Sent, moved, assigned, closed, applied: identity records them in its audit log.
  produces: inquiriesEvents,
  // A deleted member's inquiries go; their replies on others' stay under a pseudonym.
  consumes: [...inquiryConsistencyEvents],
  // Replies and resolutions to the author, new inquiries to the admins who opted in.
  sendsMail: true,
  build: buildInquiries,
};

/** What the inquiries services ask identity and access control, over their internal routes (in chunks of what a call may name). */
function directoryOverRoutes(kit: SubgraphKit): InquiryDirectory {
  return {
    contacts: async (organizationId, accountIds) => {
      const parts = await Promise.all(chunksOf([...new Set(accountIds)], maxContactedMembers).map((part) => kit.call(memberContactsRoute, { organizationId, accountIds: part })));
      const organizationName = parts[0]?.organizationName ?? (await kit.call(memberContactsRoute, { organizationId, accountIds: [] })).organizationName;
      return { organizationName, members: parts.flatMap((p) => p.members as MemberContact[]) };
    },
    reach: async (organizationId, accountIds) => {
      const parts = await Promise.all(chunksOf([...new Set(accountIds)], maxReachAccounts).map((part) => kit.call(memberReachRoute, { organizationId, accountIds: part })));
      return new Map<string, PermissionSet>(parts.flatMap((p) => p.reach.map((r) => [r.accountId, r.permissions] as const)));
    },
    requestTargetsExist: async (organizationId, { roleId, groupId, spaceId }) => {
      const checks: Promise<boolean>[] = [];
      if (roleId) checks.push(kit.call(organizationRolesRoute, { organizationId }).then((r) => r.roles.some((role) => role.id === roleId)));
      if (groupId) checks.push(kit.call(limitTargetsRoute, { organizationId, accountIds: [], groupIds: [groupId], unitIds: [] }).then((r) => r.groupIds.includes(groupId)));
      if (spaceId) checks.push(kit.call(organizationNamesRoute, { organizationId, accountIds: [], spaceIds: [spaceId] }).then((r) => r.spaces.some((s) => s.id === spaceId)));
      return (await Promise.all(checks)).every(Boolean);
    },
  };
}

async function buildInquiries(kit: SubgraphKit): Promise<SubgraphParts> {
  const { config, dataSource, pubsub } = kit;
  const now = () => kit.clock.now();
  const directory = directoryOverRoutes(kit);
  const appUrl = config.mail.appUrl;
  keepInquiriesConsistent({ bus: kit.bus, dataSource, consumer: kit.consumer, pubsub });
  const services: InquiriesServices = {
    inquiries: new InquiriesService(dataSource, directory, kit.mail, kit.afterCommit, pubsub, now, { perMemberPerDay: config.inquiries.perMemberPerDay, appUrl }),
    moves: new BoardMovesService(dataSource, directory, kit.mail, kit.afterCommit, pubsub, now, appUrl),
    replies: new RepliesService(dataSource, directory, kit.mail, kit.afterCommit, pubsub, now, appUrl),
    assignment: new InquiryAssignmentService(dataSource, directory, kit.afterCommit, pubsub, now),
    mailPreferences: new MailPreferencesService(dataSource),
    // The owning subgraphs apply a request as the admin: access control a role, space or group, metering a daily token limit.
    requests: new InquiryRequestsService(dataSource, directory, { access: (request) => kit.call(applyAccessRequestRoute, request), limit: (request) => kit.call(applyLimitRequestRoute, request) }, kit.mail, kit.afterCommit, pubsub, now, { appUrl, claimTtlMs: 2 * config.subgraphTimeoutMs }),
    maxPageSize: config.maxPageSize,
    pubsub,
  };
  return { createContext: (viewer, requestId, clientAddress) => createInquiriesContext(viewer, requestId, clientAddress, services) };
}
