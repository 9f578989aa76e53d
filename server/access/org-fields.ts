// Form fields typed `official` (a username) or `unit` (a unit code, optionally of given kinds) are
// checked against the org when the form is submitted, so a typo is refused with the field named
// instead of surfacing later as an incident when the named official's task cannot be opened.
import type { PrismaClient } from '@prisma/client';
import type { FormField } from '../../bpmn/graph';

/** One message per org-typed field whose value names no active official / no unit of an allowed kind. */
export async function orgFieldProblems(prisma: PrismaClient, fields: FormField[], variables: Record<string, unknown>): Promise<string[]> {
  const problems: string[] = [];
  for (const f of fields) {
    const v = variables[f.id];
    if (typeof v !== 'string' || v.trim() === '') continue; // missing / wrong type: formViolations says so
    const name = `field "${f.id}" (${f.label})`;
    if (f.type === 'official') {
      const user = await prisma.user.findUnique({ where: { username: v }, select: { role: true, active: true } });
      if (!user || user.role !== 'official') problems.push(`${name}: no official with the username "${v}"`);
      else if (!user.active) problems.push(`${name}: the official "${v}" is no longer active`);
    } else if (f.type === 'unit') {
      const unit = await prisma.unit.findUnique({ where: { code: v }, select: { kind: true } });
      if (!unit) problems.push(`${name}: no org unit with the code "${v}"`);
      else if (f.unitKinds?.length && !f.unitKinds.includes(unit.kind)) problems.push(`${name}: "${v}" is a ${unit.kind}, not a ${f.unitKinds.join(' or ')}`);
    }
  }
  return problems;
}
