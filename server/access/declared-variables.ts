// Values an admin puts into a running instance are limited to what its diagram declares, like a
// start or a task's form: a message sets only the variables its message declares (gov:subscription
// variables), an incident retry only variables the process declares somewhere (start variables,
// form fields, input and output mappings, result variables, multi-instance variables, message
// variables). Anything else is refused with 422 naming it.
import type { GraphElement, ProcessGraph } from '../../bpmn/graph';
import type { VariableProblem } from './start-rights';

function messageVariablesOf(el: GraphElement, name?: string): string[] {
  if (!('event' in el) || el.event.type !== 'message') return [];
  if (name !== undefined && el.event.messageName !== name) return [];
  return el.event.variables ?? [];
}

/** Every variable the process declares anywhere. */
export function declaredVariables(graph: ProcessGraph): Set<string> {
  const names = new Set<string>((graph.startVariables ?? []).map((sv) => sv.name));
  for (const el of Object.values(graph.elements)) {
    for (const m of [...(el.inputs ?? []), ...(el.outputs ?? [])]) names.add(m.target);
    if (el.kind === 'userTask') for (const f of el.formFields ?? []) names.add(f.id);
    if (el.kind === 'serviceTask' && el.resultVariable) names.add(el.resultVariable);
    if (el.multiInstance) {
      names.add(el.multiInstance.inputElement);
      if (el.multiInstance.outputCollection) names.add(el.multiInstance.outputCollection);
    }
    for (const v of messageVariablesOf(el)) names.add(v);
  }
  return names;
}

export function retryVariableProblems(graph: ProcessGraph, variables: Record<string, unknown>): VariableProblem[] {
  const declared = declaredVariables(graph);
  return Object.keys(variables)
    .filter((name) => !declared.has(name))
    .map((name) => ({ variable: name, message: `${graph.processKey} declares no variable ${name}` }));
}

export function messageVariableProblems(graph: ProcessGraph, messageName: string, variables: Record<string, unknown>): VariableProblem[] {
  const declared = new Set(Object.values(graph.elements).flatMap((el) => messageVariablesOf(el, messageName)));
  const listed = declared.size ? ` (it sets ${[...declared].join(', ')})` : ' (it sets none)';
  return Object.keys(variables)
    .filter((name) => !declared.has(name))
    .map((name) => ({ variable: name, message: `message ${messageName} of ${graph.processKey} does not set ${name}${listed}` }));
}
