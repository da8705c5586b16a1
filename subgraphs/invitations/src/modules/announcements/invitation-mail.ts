import { OutgoingMail } from '@gatehouse/shared';
import { InvitationNames } from './invitation-names';

/** The path of the accepting page under APP_URL; the link carries the token as `?token=`. */
export const acceptInvitationPath = '/accept-invitation';

/** What the e-mail is about: one invitation and its link token (fresh: a resend's mail carries the new one only). */
export interface InvitationMailSubject {
  email: string;
  roleId: string;
  spaceId: string | null;
  invitedBy: string | null;
  expiresAt: Date;
}

/** Names are people's input: no line breaks in a header, and a subject within the mail table's 200 characters. */
const oneLine = (text: string) => text.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();

/** "2026-12-09 05:17 UTC": unambiguous whatever the reader's locale. */
function expiryText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The invitation e-mail: organization, inviter, role, space (if any), expiry and the link. */
export function invitationMail(invitation: InvitationMailSubject, token: string, names: InvitationNames, appUrl: string): OutgoingMail {
  const organization = oneLine(names.organization);
  const inviter = oneLine(names.inviterOf(invitation.invitedBy));
  const role = oneLine(names.roleOf(invitation.roleId));
  const spaceName = names.spaceOf(invitation.spaceId);
  const space = spaceName === null ? null : oneLine(spaceName);
  const link = `${appUrl.replace(/\/+$/, '')}${acceptInvitationPath}?token=${token}`;
  const lines = [
    `${inviter} invited you to join ${organization} on Gatehouse${space ? `, in the space ${space}` : ''}.`,
    '',
    `Organization: ${organization}`,
    `Invited by: ${inviter}`,
    `Role: ${role}`,
    ...(space ? [`Space: ${space}`] : []),
    `Valid until: ${expiryText(invitation.expiresAt)}`,
    '',
    `Accept the invitation: ${link}`,
    '',
    'The link works once. If you did not expect this invitation, ignore this message.',
    '',
  ];
  return { to: invitation.email, subject: `Join ${organization} on Gatehouse`.slice(0, 200), body: lines.join('\n') };
}
