import { ProfileChanges } from '../users/profile.service';
import { UserRecord } from '../users/user.types';
import { ScimError, scimSchemas } from './scim-error';

/** A unit a user is in, as SCIM's read-only `groups` attribute shows it. */
export interface ScimGroupRef {
  id: string;
  name: string;
}

/** A member as a SCIM User resource (RFC 7643 §4.1). */
export function toScimUser(user: UserRecord, baseUrl: string, groups: ScimGroupRef[]): Record<string, unknown> {
  const displayName = `${user.name} ${user.lastName}`.trim();
  return {
    schemas: [scimSchemas.user],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.email,
    name: { givenName: user.name, familyName: user.lastName, formatted: displayName },
    displayName,
    ...(user.jobTitle ? { title: user.jobTitle } : {}),
    ...(user.language ? { preferredLanguage: user.language } : {}),
    active: user.membershipStatus === 'ACTIVE',
    emails: [{ value: user.email, type: 'work', primary: true }],
    ...(user.phone ? { phoneNumbers: [{ value: user.phone, type: 'work' }] } : {}),
    groups: groups.map((g) => ({ value: g.id, display: g.name, $ref: `${baseUrl}/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: user.joinedAt.toISOString(), lastModified: user.lastActivityAt.toISOString(), location: `${baseUrl}/Users/${user.id}` },
  };
}

/** What a SCIM User body asks for, in Gatehouse's terms. */
export interface ScimUserFields {
  email: string;
  changes: Required<Pick<ProfileChanges, 'name' | 'lastName' | 'jobTitle' | 'phone' | 'language' | 'externalId'>>;
  active: boolean;
  password: string | null;
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** Identity providers send booleans as strings ("False") more often than one would like. */
export function scimBoolean(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (value === undefined || value === null) return fallback;
  throw new ScimError(400, '"active" must be a boolean.', 'invalidValue');
}

/**
 * Reads a full User resource (POST, PUT, or the result of applying a PATCH). The sign-in e-mail
 * is the primary e-mail, else the first, else a userName that is an e-mail address.
 */
export function fromScimUser(body: Record<string, unknown>): ScimUserFields {
  if (!body || typeof body !== 'object') throw new ScimError(400, 'The body must be a SCIM User resource.', 'invalidSyntax');
  const emails = Array.isArray(body.emails) ? (body.emails as Record<string, unknown>[]) : [];
  const primary = emails.find((e) => e && scimBoolean(e.primary, false)) ?? emails[0];
  const email = text(primary?.value) ?? text(body.userName);
  if (!email || !emailShape.test(email)) throw new ScimError(400, 'userName (or a primary e-mail) must be an e-mail address: it is the account\'s sign-in.', 'invalidValue');
  const name = (body.name ?? {}) as Record<string, unknown>;
  const displayName = text(body.displayName);
  const given = text(name.givenName) ?? displayName?.split(' ')[0] ?? email.split('@')[0];
  const family = text(name.familyName) ?? (displayName && !text(name.givenName) ? displayName.split(' ').slice(1).join(' ') : '');
  const phones = Array.isArray(body.phoneNumbers) ? (body.phoneNumbers as Record<string, unknown>[]) : [];
  return {
    email,
    changes: {
      name: given,
      lastName: family,
      jobTitle: text(body.title),
      phone: text(phones.find((p) => p && scimBoolean(p.primary, false))?.value ?? phones[0]?.value),
      language: text(body.preferredLanguage),
      externalId: text(body.externalId),
    },
    active: scimBoolean(body.active, true),
    password: text(body.password),
  };
}
