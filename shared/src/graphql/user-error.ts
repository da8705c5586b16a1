import 'reflect-metadata';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** A user error as the payloads carry it: `code` is one of its subgraph's closed set. */
export interface UserErrorOf<Code extends string> {
  field: string[] | null;
  code: Code;
  message: string;
}

export interface UserErrorTypeOptions<Code extends string> {
  /** The subgraph's name in type names: `Identity` gives `IdentityErrorCode` and `IdentityUserError`. */
  prefix: string;
  /** The subgraph as people name it in descriptions (`identity`, `access control`). */
  subgraph: string;
  /** Every code with its one-line description (shown in the playground). */
  codes: Readonly<Record<Code, string>>;
}

/**
 * Registers a subgraph's error codes as a GraphQL enum and returns its user-error object type.
 * Each subgraph owns its own pair (`<Prefix>ErrorCode`, `<Prefix>UserError`): a type shared across
 * subgraphs (`@shareable`) must be identical in each, so one `UserError` could not carry two enums.
 */
export function defineUserErrorType<Code extends string>(options: UserErrorTypeOptions<Code>) {
  const codes = Object.keys(options.codes) as Code[];
  const codeEnum = Object.fromEntries(codes.map((code) => [code, code])) as { [K in Code]: K };
  registerEnumType(codeEnum, {
    name: `${options.prefix}ErrorCode`,
    description: `Why a mutation of ${options.subgraph} did not change anything: a stable, machine-readable code (the closed set of ${options.subgraph}'s codes).`,
    valuesConfig: Object.fromEntries(codes.map((code) => [code, { description: options.codes[code] }])) as { [K in Code]: { description: string } },
  });

  @ObjectType(`${options.prefix}UserError`, { description: 'Why a mutation did not change anything: one entry per problem.' })
  class UserErrorType implements UserErrorOf<Code> {
    @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, when one is.' })
    field: string[] | null;

    @Field(() => codeEnum, { description: `A stable, machine-readable code: one of ${options.prefix}ErrorCode.` })
    code: Code;

    @Field({ description: 'A sentence for people.' })
    message: string;
  }

  return { codeEnum, UserErrorType };
}
