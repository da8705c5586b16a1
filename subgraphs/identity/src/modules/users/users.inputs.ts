import { Field, InputType, registerEnumType } from 'type-graphql';
import { MembershipStatus } from './user.types';

export enum UserOrderField {
  NAME = 'NAME',
  JOINED = 'JOINED',
  LAST_ACTIVITY = 'LAST_ACTIVITY',
}
registerEnumType(UserOrderField, { name: 'UserOrderField', description: 'What to sort users by.' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Ascending or descending.' });

@InputType({ description: 'Narrows the user list.' })
export class UserFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name, last name or e-mail (prefix or anywhere), any case: for search as you type. At most 200 characters.' })
  search?: string | null;

  @Field(() => MembershipStatus, { nullable: true, description: 'Only users with this membership status.' })
  status?: MembershipStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Only users whose e-mail is (true) or is not (false) confirmed.' })
  emailConfirmed?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the job title, any case. At most 200 characters.' })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'Digits that appear in the phone number, whatever its formatting. At most 200 characters.' })
  phone?: string | null;
}

@InputType({ description: 'Sort order of the user list.' })
export class UserOrder {
  @Field(() => UserOrderField, { description: 'Sort key.' })
  field: UserOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction.' })
  direction: SortDirection;
}
