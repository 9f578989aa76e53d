// Separation of duties (four eyes): a user task with gov:notDoneBy may not be completed by anyone
// who completed one of the named tasks earlier in the same instance. The instance's visits record
// who completed what, so the rule needs no outside data and holds for any way a completion arrives.
import type { ProcessGraph } from '../../bpmn/graph';
import type { Visit } from './types';

/** The rule's refusal for `user` completing `elementId`, or undefined when the rule allows it. */
export function separationConflict(graph: ProcessGraph, visits: readonly Visit[], elementId: string, user: string): string | undefined {
  const el = graph.elements[elementId];
  if (el?.kind !== 'userTask' || !el.notDoneBy?.length) return undefined;
  const done = visits.find((v) => v.outcome === 'completed' && v.by === user && el.notDoneBy!.includes(v.elementId));
  if (!done) return undefined;
  const other = graph.elements[done.elementId];
  return `separation of duties: ${el.name ?? el.id} (${el.id}) may not be done by whoever did ${other?.name ?? done.elementId} (${done.elementId}), and ${user} did`;
}
