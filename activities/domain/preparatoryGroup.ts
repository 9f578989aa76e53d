// The preparatory group (筹备组) the street office forms for a compound's first owners' general
// meeting: 5–11 members, an odd number (so its own votes cannot tie), owners at least half
// (docs/processes.md C.2; the 2009 guidance rules for owners' meetings). The diagram loops back to the
// street office while any violation remains, so every violation is reported at once, in Chinese
// for the official and with a stable code for the diagram.
import { DomainInputError } from './errors';

export interface GroupMember {
  name: string;
  isOwner: boolean;
}

export interface GroupRules {
  minMembers: number;
  maxMembers: number;
}

export const DEFAULT_GROUP_RULES: GroupRules = { minMembers: 5, maxMembers: 11 };

export type GroupViolationCode = 'too-few-members' | 'too-many-members' | 'even-member-count' | 'too-few-owners' | 'duplicate-member' | 'committee-seats';

export interface GroupViolation {
  code: GroupViolationCode;
  message: string;
}

export interface GroupCheck {
  valid: boolean;
  memberCount: number;
  ownerCount: number;
  violations: GroupViolation[];
}

export function validatePreparatoryGroup(members: readonly GroupMember[], rules: GroupRules = DEFAULT_GROUP_RULES): GroupCheck {
  if (!Array.isArray(members)) throw new DomainInputError('members', 'must be a list of members');
  if (!Number.isSafeInteger(rules.minMembers) || !Number.isSafeInteger(rules.maxMembers) || rules.minMembers > rules.maxMembers) {
    throw new DomainInputError('rules', `minMembers ${rules.minMembers} / maxMembers ${rules.maxMembers} are not a range`);
  }
  const names = new Set<string>();
  const duplicates = new Set<string>();
  members.forEach((m, i) => {
    if (!m || typeof m.name !== 'string' || m.name.trim() === '') throw new DomainInputError(`members[${i}].name`, 'must be a non-empty string');
    if (typeof m.isOwner !== 'boolean') throw new DomainInputError(`members[${i}].isOwner`, 'must be true or false');
    const key = m.name.trim();
    if (names.has(key)) duplicates.add(key);
    names.add(key);
  });

  const memberCount = members.length;
  const ownerCount = members.filter((m) => m.isOwner).length;
  const violations: GroupViolation[] = [];
  for (const name of duplicates) {
    violations.push({ code: 'duplicate-member', message: `成员"${name}"重复 (member listed twice)` });
  }
  if (memberCount < rules.minMembers) {
    violations.push({ code: 'too-few-members', message: `成员${memberCount}人,少于${rules.minMembers}人 (fewer than ${rules.minMembers} members)` });
  }
  if (memberCount > rules.maxMembers) {
    violations.push({ code: 'too-many-members', message: `成员${memberCount}人,多于${rules.maxMembers}人 (more than ${rules.maxMembers} members)` });
  }
  if (memberCount % 2 === 0) {
    violations.push({ code: 'even-member-count', message: `成员人数${memberCount}应为单数 (member count must be odd)` });
  }
  if (2 * ownerCount < memberCount) {
    violations.push({ code: 'too-few-owners', message: `业主成员${ownerCount}人,不足半数 (owners must be at least half)` });
  }
  return { valid: violations.length === 0, memberCount, ownerCount, violations };
}
