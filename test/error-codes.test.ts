import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GraphQLSchema, isEnumType } from 'graphql';
import { RuleViolation } from '@gatehouse/shared';
import { accessControlSchema } from '@gatehouse/access-control';
import { identitySchema } from '@gatehouse/identity';
import { inquiriesSchema } from '@gatehouse/inquiries';
import { invitationsSchema } from '@gatehouse/invitations';
import { meteringSchema } from '@gatehouse/metering';
import { invitationAcceptanceRefusals } from '@gatehouse/identity-contracts';
import { AccessControlViolation, accessControlErrorCodes } from '../subgraphs/access-control/src/errors/access-control-error-code';
import { IdentityViolation, identityErrorCodes } from '../subgraphs/identity/src/errors/identity-error-code';
import { InvitationsViolation, invitationsErrorCodes } from '../subgraphs/invitations/src/errors/invitations-error-code';
import { MeteringViolation, meteringErrorCodes } from '../subgraphs/metering/src/errors/metering-error-code';
import { InquiriesViolation, accessRequestRefusals, inquiriesErrorCodes, limitRequestRefusals } from '../subgraphs/inquiries/src/errors/inquiries-error-code';

// A code outside a subgraph's set must not compile (tsc checks this file): each line below fails
// the type check the day the sets stop being closed.
// @ts-expect-error NOT_A_CODE is no identity code
export const notAnIdentityCode: IdentityViolation = new RuleViolation('NOT_A_CODE', 'never');
// @ts-expect-error a code of identity's only is no access-control code
export const identityCodeInAccessControl: AccessControlViolation = new RuleViolation('INVALID_CREDENTIALS', 'never');
// @ts-expect-error a code of access control's only is no invitations code
export const accessControlCodeInInvitations: InvitationsViolation = new RuleViolation('GROUP_NOT_FOUND', 'never');
// @ts-expect-error an invitations code is no metering code
export const invitationsCodeInMetering: MeteringViolation = new RuleViolation('ALREADY_INVITED', 'never');
// @ts-expect-error a metering code is no inquiries code
export const meteringCodeInInquiries: InquiriesViolation = new RuleViolation('LIMIT_EXCEEDED', 'never');

interface Subgraph {
  name: string;
  enumName: string;
  codes: Readonly<Record<string, string>>;
  build: () => Promise<{ schema: GraphQLSchema }>;
  /** Codes the subgraph answers without producing them itself, and the subgraph whose sources produce them. */
  forwarded?: { codes: readonly string[]; from: string }[];
}

const subgraphs: Subgraph[] = [
  // Identity passes on access control's refusal of a unit change (subgraphs/identity/src/modules/directory/unit-events.ts).
  { name: 'identity', enumName: 'IdentityErrorCode', codes: identityErrorCodes, build: identitySchema, forwarded: [{ codes: ['GROUP_EXCEEDS_OWN_PERMISSIONS', 'SELF_PERMISSION_CHANGE'], from: 'access-control' }] },
  { name: 'access-control', enumName: 'AccessControlErrorCode', codes: accessControlErrorCodes, build: accessControlSchema },
  // Invitations passes on identity's refusal of an acceptance (the accept-invitation route's contract lists them).
  { name: 'invitations', enumName: 'InvitationsErrorCode', codes: invitationsErrorCodes, build: invitationsSchema, forwarded: [{ codes: invitationAcceptanceRefusals, from: 'identity' }] },
  { name: 'metering', enumName: 'MeteringErrorCode', codes: meteringErrorCodes, build: meteringSchema },
  // Inquiries passes on the refusals of the direct mutation an applied request runs (the owning subgraph's codes).
  {
    name: 'inquiries',
    enumName: 'InquiriesErrorCode',
    codes: inquiriesErrorCodes,
    build: inquiriesSchema,
    forwarded: [
      { codes: accessRequestRefusals, from: 'access-control' },
      { codes: limitRequestRefusals, from: 'metering' },
    ],
  },
];

/** Every source file of a subgraph but its spec files and the file listing its codes. */
function sourcesOf(subgraph: string): { file: string; text: string }[] {
  const root = join(__dirname, '..', 'subgraphs', subgraph, 'src');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('-error-code.ts')) files.push(path);
    }
  };
  walk(root);
  return files.map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
}

describe('closed error codes', () => {
  it.each(subgraphs)('$name\'s schema documents each of its codes, and only those, in its error-code enum', async ({ enumName, codes, build }) => {
    const { schema } = await build();
    const type = schema.getType(enumName);
    if (!isEnumType(type)) throw new Error(`${enumName} is not an enum of the schema`);
    expect(Object.fromEntries(type.getValues().map((v) => [v.name, v.description]))).toEqual(codes);
  });

  it.each(subgraphs)('every code $name\'s sources name in a violation is one of its codes', ({ name, codes }) => {
    const unknown = sourcesOf(name).flatMap(({ file, text }) =>
      [...text.matchAll(/RuleViolation\(\s*'([A-Z_]+)'/g)].map((m) => m[1]).filter((code) => !(code in codes)).map((code) => `${file}: ${code}`),
    );
    expect(unknown).toEqual([]);
  });

  it.each(subgraphs)('every code of $name is produced somewhere (no code stays listed once nothing answers it)', ({ name, codes, forwarded }) => {
    const own = sourcesOf(name).map((s) => s.text).join('\n');
    const producedElsewhere = (code: string) => (forwarded ?? []).some((f) => f.codes.includes(code) && sourcesOf(f.from).some((s) => s.text.includes(`'${code}'`)));
    const unused = Object.keys(codes).filter((code) => !own.includes(`'${code}'`) && !producedElsewhere(code));
    expect(unused).toEqual([]);
  });
});
