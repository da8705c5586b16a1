import { DataSource } from 'typeorm';
import { MemberViewer, RuleViolation, SubscriptionPubSub, ok, refused } from '@gatehouse/shared';
import { InquiriesResult } from '../../errors/inquiries-error-code';
import { recordInquiriesEvent } from '../../events';
import { publishInquiryChange } from '../live/inquiry-changes';
import { InquiryDirectory, inquiryAdmins } from './inquiry-directory';
import { Inquiry } from './inquiry.entity';

/** An admin gives an inquiry to an admin who handles inquiries (ACTIVE, Inquiries WRITE), or takes it back. */
export class InquiryAssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: InquiryDirectory,
    private readonly afterCommit: () => Promise<void>,
    private readonly pubsub: SubscriptionPubSub,
    private readonly now: () => number,
  ) {}

  async assign(admin: MemberViewer, inquiryId: string, assigneeId: string | null): Promise<InquiriesResult<Inquiry>> {
    const { organizationId } = admin;
    const before = await this.dataSource.getRepository(Inquiry).findOne({ where: { organizationId, id: inquiryId } });
    if (!before) return refused(new RuleViolation('INQUIRY_NOT_FOUND', 'No such inquiry in this organization.', ['input', 'inquiryId']));
    if (before.status === 'CLOSED') return refused(new RuleViolation('INQUIRY_CLOSED', 'The inquiry is closed.', ['input', 'inquiryId']));
    if (assigneeId) {
      // Another organization's member is answered like an unknown one.
      const [contacts, admins] = assigneeId.length > 64 ? [[], []] : await Promise.all([this.directory.contacts(organizationId, [assigneeId]).then((c) => c.members), inquiryAdmins(this.directory, organizationId, [assigneeId])]);
      if (!contacts.length) return refused(new RuleViolation('ASSIGNEE_NOT_FOUND', 'No such member of this organization.', ['input', 'assigneeId']));
      if (!admins.length) return refused(new RuleViolation('ASSIGNEE_NOT_ADMIN', 'The assignee must be an ACTIVE member holding Inquiries WRITE.', ['input', 'assigneeId']));
    }
    const updatedAt = new Date(this.now());
    const changed = await this.dataSource.transaction(async (manager) => {
      // Conditional on the assignee read: of two admins assigning at once, each change is audited with what it replaced.
      const query = manager.createQueryBuilder().update(Inquiry).set({ assigneeId, updatedAt }).where('id = :id', { id: before.id });
      if (before.assigneeId === null) query.andWhere('assigneeId IS NULL');
      else query.andWhere('assigneeId = :previous', { previous: before.assigneeId });
      const { affected } = await query.execute();
      if (!affected) return false;
      await recordInquiriesEvent(manager, 'inquiry.assigned', { organizationId, inquiryId: before.id, actorId: admin.accountId, authorId: before.authorId, assigneeId, previousAssigneeId: before.assigneeId });
      return true;
    });
    // Someone else assigned it meanwhile: this change is made on top of theirs.
    if (!changed) return this.assign(admin, inquiryId, assigneeId);
    await this.afterCommit();
    const after: Inquiry = { ...before, assigneeId, updatedAt };
    publishInquiryChange(this.pubsub, 'ASSIGNED', after);
    return ok(after);
  }
}
