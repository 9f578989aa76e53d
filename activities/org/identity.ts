// Identity strings (activities/contract.ts) parsed into what they name. Pure: no database.
//   official:<username> | unit:<unitCode>:<role> | level:<unitKind>:<role>
// A bare unit kind ("street") is accepted where notify's recipients name org levels; it means that
// level's secretary, as the compiler's default escalation recipients do.

export const UNIT_KINDS = ['city', 'district', 'street', 'community', 'grid', 'compound', 'agency', 'department'] as const;
export const MEMBER_ROLES = ['secretary', 'officer', 'head', 'coordinator', 'reviewer'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export type Identity =
  | { type: 'official'; username: string }
  | { type: 'unit'; unitCode: string; role: MemberRole }
  | { type: 'level'; kind: UnitKind; role: MemberRole };

/** An identity that is malformed or names nothing that exists: a diagram or data problem, not transient. */
export class IdentityError extends Error {
  constructor(
    readonly identity: string,
    reason: string,
  ) {
    super(`identity "${identity}": ${reason}`);
    this.name = 'IdentityError';
  }
}

function role(identity: string, value: string): MemberRole {
  if (!(MEMBER_ROLES as readonly string[]).includes(value)) {
    throw new IdentityError(identity, `unknown role "${value}" (roles: ${MEMBER_ROLES.join(', ')})`);
  }
  return value as MemberRole;
}

function kind(identity: string, value: string): UnitKind {
  if (!(UNIT_KINDS as readonly string[]).includes(value)) {
    throw new IdentityError(identity, `unknown unit kind "${value}" (kinds: ${UNIT_KINDS.join(', ')})`);
  }
  return value as UnitKind;
}

export function parseIdentity(identity: string): Identity {
  if (typeof identity !== 'string' || identity.trim() === '') throw new IdentityError(String(identity), 'is empty');
  const s = identity.trim();
  if ((UNIT_KINDS as readonly string[]).includes(s)) return { type: 'level', kind: s as UnitKind, role: 'secretary' };
  const parts = s.split(':');
  switch (parts[0]) {
    case 'official':
      if (parts.length !== 2 || parts[1] === '') throw new IdentityError(s, 'expected official:<username>');
      return { type: 'official', username: parts[1] };
    case 'unit':
      if (parts.length !== 3 || parts[1] === '') throw new IdentityError(s, 'expected unit:<unitCode>:<role>');
      return { type: 'unit', unitCode: parts[1], role: role(s, parts[2]) };
    case 'level':
      if (parts.length !== 3) throw new IdentityError(s, 'expected level:<unitKind>:<role>');
      return { type: 'level', kind: kind(s, parts[1]), role: role(s, parts[2]) };
    default:
      throw new IdentityError(s, 'expected official:<username>, unit:<unitCode>:<role> or level:<unitKind>:<role>');
  }
}
