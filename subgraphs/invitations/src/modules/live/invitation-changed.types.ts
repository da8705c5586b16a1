import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { InvitationType } from '../invitations/invitations.types';
import { InvitationChangeKind as Kind } from './invitation-changes';

export const InvitationChangeKind = { SENT: 'SENT', RESENT: 'RESENT', REVOKED: 'REVOKED', ACCEPTED: 'ACCEPTED', EXPIRED: 'EXPIRED', ROLE_CHANGED: 'ROLE_CHANGED' } as const satisfies Record<Kind, Kind>;
registerEnumType(InvitationChangeKind, {
  name: 'InvitationChangeKind',
  description: 'What happened to an invitation.',
  valuesConfig: {
    SENT: { description: 'It was sent (a new invitation).' },
    RESENT: { description: 'It was sent again with a new link and a new expiry.' },
    REVOKED: { description: 'It was revoked, by an admin or automatically (its space was archived, the invitee was added to the organization another way, or its role was deleted): its link no longer works.' },
    ACCEPTED: { description: 'The invitee joined.' },
    EXPIRED: { description: 'Its expiry passed before it was accepted (told once, shortly after).' },
    ROLE_CHANGED: { description: 'Its role was deleted and it now gives the role the members were moved to (or the default role).' },
  },
});

@ObjectType('InvitationChange', { description: 'A change to one of the organization\'s invitations, as the pending list needs it to update.' })
export class InvitationChangeType {
  @Field(() => InvitationChangeKind, { description: 'What happened.' })
  change: Kind;

  @Field(() => InvitationType, { description: 'The invitation after the change.' })
  invitation: InvitationType;

  @Field(() => DateTimeResolver, { description: 'When the change was announced.' })
  changedAt: Date;
}
