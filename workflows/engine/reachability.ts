// Which elements a token can still get to inside one scope: what an inclusive join needs to know
// before it may fire, and what tells a parallel join that it waits for a token that cannot come.
import type { ProcessGraph } from '../../bpmn/graph';

export function reachableFrom(graph: ProcessGraph, sources: string[], stopAt: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...sources];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (id === stopAt) continue;
    const el = graph.elements[id];
    if (!el) continue;
    for (const f of el.outgoing) {
      const flow = graph.flows[f];
      if (flow) todo.push(flow.target);
    }
    for (const b of el.boundaryIds ?? []) todo.push(b);
  }
  return seen;
}
