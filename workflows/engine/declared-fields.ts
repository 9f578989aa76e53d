// A completion may set only the fields its task's form declares: a value the form does not ask
// for (another department, a forged candidate name, a result the process computes) would otherwise
// be merged into the process like any answer.
import type { FormField } from '../../bpmn/graph';
import type { Vars } from './types';

/** One problem per submitted variable the form does not declare, naming it; empty when none. */
export function undeclaredFieldProblems(fields: FormField[], variables: Vars): string[] {
  const declared = new Set(fields.map((f) => f.id));
  return Object.keys(variables)
    .filter((name) => !declared.has(name))
    .map((name) => `field "${name}" is not on the form${declared.size ? ` (it has ${[...declared].join(', ')})` : ' (it has no fields)'}`);
}
