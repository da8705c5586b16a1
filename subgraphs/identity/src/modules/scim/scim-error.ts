import { IdentityViolation } from '../../errors/identity-error-code';

export const scimSchemas = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
} as const;

/** An error answered in SCIM's format (RFC 7644 §3.12): status, optional scimType, detail. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive',
  ) {
    super(detail);
  }

  body(): Record<string, unknown> {
    return { schemas: [scimSchemas.error], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

/** Business-rule and validation failures of the services, in SCIM's terms. */
export function scimErrorOf(list: IdentityViolation[]): ScimError {
  const detail = list.map((v) => `${v.code}: ${v.message}`).join(' ');
  if (list.some((v) => ['EMAIL_TAKEN', 'EXTERNAL_ID_TAKEN', 'GROUP_NAME_TAKEN'].includes(v.code))) return new ScimError(409, detail, 'uniqueness');
  if (list.some((v) => v.code === 'USER_NOT_FOUND')) return new ScimError(404, detail);
  if (list.some((v) => v.code.endsWith('_LOCKED') || v.code.startsWith('SELF_'))) return new ScimError(400, detail, 'mutability');
  return new ScimError(400, detail, 'invalidValue');
}
