/** Why a change was made, when it was not a member's direct mutation: the inquiry whose request an admin applied (its events, and so its audit entries, name it). */
export interface ChangeCause {
  inquiryId: string;
}
