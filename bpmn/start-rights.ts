// Who may start a process and set its start variables, as the diagram declares it:
// gov:startableBy on the process and gov:startVariable setBy hold rights, each "admin" or
// "<member role>@<unit kind>" (an official holding that role in a unit of that kind; "*" = any).
// The API enforces them (server/access/start-rights.ts); here they are only read and checked.
import type { ModdleElement } from 'bpmn-moddle';
import { UNIT_KINDS } from './gov-extensions';
import type { ProblemList } from './problems';

/** Membership roles of the org data (prisma/schema.prisma, Membership.role). */
export const MEMBER_ROLES = ['secretary', 'officer', 'head', 'coordinator', 'reviewer'] as const;

function words(raw: string): string[] {
  return raw.split(/[\s,]+/).filter((w) => w !== '');
}

/** A space-separated list of rights; undefined when the attribute is absent. */
export function readRights(problems: ProblemList, elementId: string | null, what: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const rights: string[] = [];
  for (const right of words(raw)) {
    const [role, kind, extra] = right.split('@');
    const ok =
      right === 'admin' ||
      (extra === undefined &&
        kind !== undefined &&
        (role === '*' || (MEMBER_ROLES as readonly string[]).includes(role)) &&
        (kind === '*' || (UNIT_KINDS as readonly string[]).includes(kind)));
    if (!ok) {
      problems.add(elementId, `${what} "${right}" is not "admin" or "<role>@<unit kind>" (roles: ${MEMBER_ROLES.join(', ')}, *; kinds: ${UNIT_KINDS.join(', ')}, *)`);
      continue;
    }
    rights.push(right);
  }
  if (rights.length === 0 && words(raw).length === 0) problems.add(elementId, `${what} is empty: name who may (e.g. "coordinator@city" or "admin")`);
  return rights;
}

export function readStartableBy(problems: ProblemList, process: ModdleElement): string[] | undefined {
  const raw = process.startableBy;
  return readRights(problems, (process.id as string | undefined) ?? null, 'gov:startableBy', typeof raw === 'string' ? raw : undefined);
}

/** gov:startVariable unitKind: space-separated org unit kinds. */
export function readUnitKinds(problems: ProblemList, processId: string | null, name: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const kinds = words(raw);
  for (const k of kinds) {
    if (!(UNIT_KINDS as readonly string[]).includes(k)) problems.add(processId, `gov:startVariable "${name}" unitKind "${k}" is not an org unit kind (${UNIT_KINDS.join(', ')})`);
  }
  if (kinds.length === 0) problems.add(processId, `gov:startVariable "${name}" has an empty unitKind`);
  return kinds.filter((k) => (UNIT_KINDS as readonly string[]).includes(k));
}

/** gov:subscription variables: the names a message may set. */
export function readMessageVariables(problems: ProblemList, elementId: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = words(raw);
  for (const n of names) if (!/^[A-Za-z_][\w]*$/.test(n)) problems.add(elementId, `message variable "${n}" is not a variable name`);
  return names.filter((n) => /^[A-Za-z_][\w]*$/.test(n));
}
