import { OutgoingMail } from '@gatehouse/shared';
import { catalogueEntry } from '../catalogue/inquiry-catalogue';
import { Inquiry } from '../inquiries/inquiry.entity';
import { MemberContact } from '../inquiries/inquiry-directory';

/** What every inquiry mail names: the organization, and where the inquiries are read. */
export interface MailContext {
  organizationName: string | null;
  appUrl: string;
}

function kindOf(inquiry: Inquiry): string {
  const entry = catalogueEntry(inquiry.type, inquiry.subtype);
  return entry ? `${entry.type.name} / ${entry.subtype.name}` : `${inquiry.type} / ${inquiry.subtype}`;
}

const footer = (context: MailContext) => `\n\n— Gatehouse${context.organizationName ? `, ${context.organizationName}` : ''}\n${context.appUrl}\n`;

/** To an admin who asked to hear of new inquiries. */
export function newInquiryMail(admin: MemberContact, inquiry: Inquiry, authorName: string, context: MailContext): OutgoingMail {
  return {
    to: admin.email,
    subject: `New inquiry: ${inquiry.title}`,
    body: `${authorName} sent an inquiry (${kindOf(inquiry)}):\n\n${inquiry.title}\n\n${inquiry.message}\n\nIt is on the inquiries board, in Open.${footer(context)}`,
  };
}

/** To the author, when an admin replied (never for an internal note). */
export function replyMail(author: MemberContact, inquiry: Inquiry, adminName: string, body: string, context: MailContext): OutgoingMail {
  return {
    to: author.email,
    subject: `Reply to your inquiry: ${inquiry.title}`,
    body: `${adminName} replied to your inquiry "${inquiry.title}":\n\n${body}${footer(context)}`,
  };
}

/** To the author, when an admin set their inquiry RESOLVED: theirs to confirm and close, or reopen. */
export function resolvedMail(author: MemberContact, inquiry: Inquiry, context: MailContext): OutgoingMail {
  return {
    to: author.email,
    subject: `Your inquiry was resolved: ${inquiry.title}`,
    body: `Your inquiry "${inquiry.title}" was marked resolved. If that settles it, close it; if not, reopen it.${footer(context)}`,
  };
}
