import { Query, Resolver } from 'type-graphql';
import { InquiryTypeType } from '../inquiries/inquiries.types';
import { inquiryCatalogue } from './inquiry-catalogue';

@Resolver()
export class InquiryTypesResolver {
  @Query(() => [InquiryTypeType], { description: 'The types and subtypes a member picks from in Contact Admin, in the order it lists them.' })
  inquiryTypes(): InquiryTypeType[] {
    return inquiryCatalogue.map((t) => ({ ...t, subtypes: [...t.subtypes] }));
  }
}
