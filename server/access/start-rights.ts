// Whether this caller may start this process with these start variables, as the diagram declares
// it (bpmn/start-rights.ts): only declared start variables, of their type; unit-picking variables
// naming existing units of the right kind, inside the starter's units; variables some roles alone
// may set (narrowing the vetting departments); and who may start at all (gov:startableBy).
// Admins may start anything and set any variable; the org checks (existence, kind) hold for them too.
import type { PrismaClient } from '@prisma/client';
import type { ProcessGraph, StartVariable } from '../../bpmn/graph';
import type { Caller } from '../auth/roles';
import { ForbiddenError, UnprocessableError } from '../errors';
import { unitScopeOf, unitsBelow } from './units';

export interface VariableProblem {
  variable: string;
  message: string;
}

const TYPE_CHECK: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  list: (v) => Array.isArray(v),
  context: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
};

/** null, undefined, '' and [] leave the process its default */
function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** Missing, mistyped and undeclared start variables (422). */
export function startVariableProblems(graph: ProcessGraph, variables: Record<string, unknown>): VariableProblem[] {
  const problems: VariableProblem[] = [];
  const declared = graph.startVariables ?? [];
  for (const name of Object.keys(variables)) {
    if (!declared.some((sv) => sv.name === name)) {
      const names = declared.map((sv) => sv.name).join(', ');
      problems.push({ variable: name, message: `not a start variable of ${graph.processKey}${names ? ` (it has ${names})` : ' (it takes none)'}` });
    }
  }
  for (const sv of declared) {
    const v = variables[sv.name];
    if (v === undefined || v === null) {
      if (sv.required) problems.push({ variable: sv.name, message: `required start variable${sv.description ? ` (${sv.description})` : ''}` });
    } else if (TYPE_CHECK[sv.type] && !TYPE_CHECK[sv.type](v)) {
      problems.push({ variable: sv.name, message: `must be of type ${sv.type}` });
    }
  }
  return problems;
}

/** The unit codes a unit-picking variable names (a code or a list of codes); null when not codes. */
function codesOf(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((c) => typeof c === 'string')) return v as string[];
  return null;
}

interface HeldRole {
  role: string | null;
  unitId: number;
  kind: string;
}

/** The roles the official holds (Membership), and their home unit with no role. */
async function heldRoles(prisma: PrismaClient, caller: Caller): Promise<HeldRole[]> {
  const memberships = await prisma.membership.findMany({ where: { userId: caller.userId }, select: { role: true, unit: { select: { id: true, kind: true } } } });
  const held: HeldRole[] = memberships.map((m) => ({ role: m.role, unitId: m.unit.id, kind: m.unit.kind }));
  if (caller.unitId !== null) {
    const home = await prisma.unit.findUnique({ where: { id: caller.unitId }, select: { kind: true } });
    if (home) held.push({ role: null, unitId: caller.unitId, kind: home.kind });
  }
  return held;
}

/** The held roles that satisfy one of `rights` ("<role>@<kind>", "*" = any; "admin" is no official's). */
function matching(held: HeldRole[], rights: string[]): HeldRole[] {
  return held.filter((h) =>
    rights.some((right) => {
      const [role, kind] = right.split('@');
      if (kind === undefined) return false;
      return (role === '*' || role === h.role) && (kind === '*' || kind === h.kind);
    }),
  );
}

const describeRights = (rights: string[]) => [...rights.filter((r) => r !== 'admin'), 'admin'].join(', ');

/**
 * Throws 422 (variables that do not fit the process or the org) or 403 (this caller may not start
 * it, or not with these values), naming the variable. `anchorUnit`: the unit the instance is about.
 */
export async function checkStart(prisma: PrismaClient, caller: Caller, graph: ProcessGraph, variables: Record<string, unknown>, anchorUnit: string | undefined): Promise<void> {
  const problems = startVariableProblems(graph, variables);
  if (problems.length) throw new UnprocessableError('start variables do not fit the process', problems);

  const picking = (graph.startVariables ?? []).filter((sv) => sv.unitKinds && isSet(variables[sv.name]));
  const picked = new Map<StartVariable, string[]>();
  for (const sv of picking) {
    const codes = codesOf(variables[sv.name]);
    if (!codes) problems.push({ variable: sv.name, message: 'must be an org unit code or a list of them' });
    else picked.set(sv, codes);
  }
  const allCodes = [...new Set([...picked.values()].flat())];
  const units = new Map((await prisma.unit.findMany({ where: { code: { in: allCodes } }, select: { code: true, kind: true } })).map((u) => [u.code, u.kind]));
  for (const [sv, codes] of picked) {
    for (const code of codes) {
      const kind = units.get(code);
      if (kind === undefined) problems.push({ variable: sv.name, message: `no org unit ${code}` });
      else if (!sv.unitKinds!.includes(kind)) problems.push({ variable: sv.name, message: `${code} is a ${kind}, not a ${sv.unitKinds!.join(' or ')}` });
    }
  }
  const anchorPicked = allCodes.includes(anchorUnit ?? '');
  if (anchorUnit && !anchorPicked && !(await prisma.unit.findUnique({ where: { code: anchorUnit }, select: { id: true } }))) {
    const variable = variables.compoundCode === anchorUnit ? 'compoundCode' : 'unitCode';
    problems.push({ variable, message: `no org unit ${anchorUnit}` });
  }
  if (problems.length) throw new UnprocessableError('start variables do not fit the org', problems);

  if (caller.role === 'admin') return;
  const held = await heldRoles(prisma, caller);
  let scope: Set<string>;
  if (graph.startableBy) {
    const starters = matching(held, graph.startableBy);
    if (starters.length === 0) throw new ForbiddenError(`you may not start ${graph.processKey}: it is started by ${describeRights(graph.startableBy)}`);
    // the units they start it for: those where they hold a starting role, and everything below
    scope = await unitsBelow(prisma, starters.map((s) => s.unitId));
  } else {
    scope = (await unitScopeOf(prisma, caller)).codes;
  }
  if (!anchorUnit) throw new ForbiddenError('officials start instances about a unit: set compoundCode or unitCode to one of your units');
  if (!scope.has(anchorUnit)) throw new ForbiddenError(`${anchorUnit} is not one of your units`, [{ variable: variables.compoundCode === anchorUnit ? 'compoundCode' : 'unitCode', message: `${anchorUnit} is outside the units you start ${graph.processKey} for` }]);
  const refused: VariableProblem[] = [];
  for (const [sv, codes] of picked) {
    if (sv.unitScope === 'org') continue;
    for (const code of codes) if (!scope.has(code)) refused.push({ variable: sv.name, message: `${code} is outside the units you start ${graph.processKey} for` });
  }
  for (const sv of graph.startVariables ?? []) {
    if (sv.setBy && isSet(variables[sv.name]) && matching(held, sv.setBy).length === 0) {
      refused.push({ variable: sv.name, message: `only ${describeRights(sv.setBy)} may set ${sv.name}; leave it out for the process's default` });
    }
  }
  if (refused.length) throw new ForbiddenError(`you may not start ${graph.processKey} with ${[...new Set(refused.map((r) => r.variable))].join(', ')}`, refused);
}
