import { Field, ObjectType } from 'type-graphql';
import { InquiryFilterOptions } from '../inquiries/inquiries.service';

/** The board's root: whose board, narrowed how; each column is read when asked for. */
export interface BoardRoot {
  organizationId: string;
  filter: InquiryFilterOptions;
}

@ObjectType('InquiryBoard', { description: 'The inquiries board (Admin > Users > Inquiries): four columns in board order, each a page with its count.' })
export class InquiryBoardType {
  @Field(() => Boolean, { description: 'True when the board was narrowed by a filter (the counts are of what matches).' })
  filtered: boolean;
}
