import { MemberViewer, PermissionSet, RuleViolation, permissionsCover, refused } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { AccountsService } from '../accounts/accounts.service';

/** What a role grants, or null when the organization has no such role (asked of access control). */
export type RolePermissions = (organizationId: string, roleId: string) => Promise<PermissionSet | null>;

export interface NewUser {
  email: string;
  name: string;
  lastName?: string | null;
  password: string;
  roleId?: string | null;
}

/**
 * An admin adds a member directly (Cloosphere's "Add user"), ACTIVE at once. The role they choose
 * must be one of the organization's and grant no more than they hold: nobody hands out more power
 * than their own by creating someone.
 */
export class UserCreationService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly rolePermissions: RolePermissions,
  ) {}

  /** Answers the new account's id. */
  async create(actor: MemberViewer, input: NewUser): Promise<IdentityResult<string>> {
    if (input.roleId) {
      const granted = await this.rolePermissions(actor.organizationId, input.roleId);
      if (!granted) return refused(new RuleViolation('ROLE_NOT_FOUND', 'No such role in this organization.', ['input', 'roleId']));
      if (!permissionsCover(actor.permissions, granted)) {
        return refused(new RuleViolation('ROLE_EXCEEDS_OWN_PERMISSIONS', 'This role grants more than you hold, so you cannot give it.', ['input', 'roleId']));
      }
    }
    return this.accounts.createUser(actor, input);
  }
}
