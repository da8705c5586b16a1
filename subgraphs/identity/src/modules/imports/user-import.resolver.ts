import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { requireMember, toPayload } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { IdentityContext } from '../../context';
import { ImportProgress, ImportRowProblem, importLimits } from './user-import.service';

enum UserImportStatus {
  VALIDATING = 'VALIDATING',
  IMPORTING = 'IMPORTING',
  DONE = 'DONE',
  REJECTED = 'REJECTED',
}
registerEnumType(UserImportStatus, { name: 'UserImportStatus', description: 'Where an import is: checking rows, writing them, finished, or refused (nothing imported).' });

@InputType({ description: 'Users to import as CSV.' })
export class ImportUsersInput {
  @Field({
    description: `CSV text with a header row: email and name are required; lastName, password, role (name or key), jobTitle, phone and language are optional. At most ${importLimits.maxRows} rows. Users without a password set theirs with requestPasswordReset. Each cell up to 2,000 characters (longer is a row problem CELL_TOO_LONG). At most 5,000,000 characters.`,
  })
  csv: string;

  @Field({ defaultValue: false, description: 'Only validate: report every problem, import nothing.' })
  dryRun: boolean;

  @Field(() => ID, { nullable: true, description: 'An id you choose, to follow the import with userImport(id) while it runs.' })
  importId?: string | null;
}

@ObjectType({ description: 'A problem with one row of an import file.' })
export class ImportRowError {
  @Field(() => Int, { description: 'Line number in the file (1 is the header).' })
  line: number;

  @Field(() => String, { nullable: true, description: 'The column at fault, when one is.' })
  field: string | null;

  @Field({ description: 'A stable code (INVALID_EMAIL, DUPLICATE_IN_FILE, EMAIL_TAKEN, ROLE_NOT_FOUND, ...).' })
  code: string;

  @Field({ description: 'A sentence for people.' })
  message: string;
}

@ObjectType('UserImport', { description: 'Progress of a user import.' })
export class UserImportType {
  @Field(() => ID, { description: 'Import id.' })
  id: string;

  @Field(() => UserImportStatus, { description: 'Where the import is.' })
  status: string;

  @Field(() => Int, { description: 'Rows read so far (all of them once validation ends).' })
  total: number;

  @Field(() => Int, { description: 'Users written so far.' })
  processed: number;
}

@ObjectType({ description: 'Result of importUsers.' })
export class ImportUsersPayload {
  @Field(() => UserImportType, { nullable: true, description: 'The import, finished or refused.' })
  import: ImportProgress | null;

  @Field(() => [ImportRowError], { description: 'Every bad row (up to 1,000); when any is listed nothing was imported.' })
  rowErrors: ImportRowProblem[];

  @Field(() => [ID], { description: 'Ids of the users created (empty for a dry run or a refused file).' })
  importedUserIds: string[];

  @Field(() => [IdentityUserError], { description: 'Problems with the request itself; empty on success.' })
  userErrors: IdentityUserError[];
}

@Resolver()
export class UserImportResolver {
  @Mutation(() => ImportUsersPayload, { description: 'Imports users from CSV: all rows are checked first and any bad row refuses the whole file. Imported users are ACTIVE with the role given (else the default role).' })
  async importUsers(@Arg('input', () => ImportUsersInput, { description: 'The file and options.' }) input: ImportUsersInput, @Ctx() ctx: IdentityContext): Promise<ImportUsersPayload> {
    const result = await ctx.services.imports.importUsers(requireMember(ctx.viewer), input.csv, { dryRun: input.dryRun, importId: input.importId });
    return toPayload(result, (done) => ({ import: done.progress, rowErrors: done.problems, importedUserIds: done.importedUserIds }), { import: null, rowErrors: [], importedUserIds: [] });
  }

  @Query(() => UserImportType, { nullable: true, description: 'Progress of an import of your organization, while it runs and for an hour after.' })
  userImport(@Arg('id', () => ID, { description: 'Import id.' }) id: string, @Ctx() ctx: IdentityContext): ImportProgress | null {
    return ctx.services.imports.progressOf(requireMember(ctx.viewer).organizationId, id);
  }
}
