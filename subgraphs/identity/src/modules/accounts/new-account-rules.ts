import { RuleViolation } from '@gatehouse/shared';
import { IdentityViolation } from '../../errors/identity-error-code';
import { passwordProblem } from './password';

/** What a new account is made of, by sign-up or by accepting an invitation. */
export interface NewAccountFields {
  password: string;
  name: string;
  lastName?: string | null;
}

/** Every problem with a new account's password and names (sign-up's rules, one place for every way in). */
export function newAccountProblems(input: NewAccountFields): IdentityViolation[] {
  const problems: IdentityViolation[] = [];
  const weak = passwordProblem(input.password);
  if (weak) problems.push(new RuleViolation('PASSWORD_TOO_WEAK', weak, ['input', 'password']));
  if (!input.name.trim() || input.name.length > 100) problems.push(new RuleViolation('INVALID_NAME', 'Give a name of 1 to 100 characters.', ['input', 'name']));
  if ((input.lastName ?? '').length > 100) problems.push(new RuleViolation('INVALID_NAME', 'Use at most 100 characters.', ['input', 'lastName']));
  return problems;
}
