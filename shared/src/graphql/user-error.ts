import 'reflect-metadata';
import { Directive, Field, ObjectType } from 'type-graphql';

/** A validation or business-rule failure of a mutation: the change was not made. */
@Directive('@shareable')
@ObjectType({ description: 'Why a mutation did not change anything: one entry per problem.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, when one is.' })
  field: string[] | null;

  @Field({ description: 'A stable, machine-readable code (e.g. SELF_ROLE_CHANGE).' })
  code: string;

  @Field({ description: 'A sentence for people.' })
  message: string;
}

/** A business-rule failure a service returns instead of throwing. */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string[] | null = null,
  ) {
    super(message);
  }

  toUserError(): UserError {
    return { field: this.field, code: this.code, message: this.message };
  }
}
