// Checks across elements, once the graph is built: starts and ends, gateways, conditions, and
// that every element can be reached from a start event.
import type { GraphElement, ProcessGraph } from './graph';
import type { ProblemList } from './problems';

export function checkGraph(problems: ProblemList, graph: ProcessGraph, processId: string): void {
  const { elements, flows } = graph;
  if (graph.startIds.length === 0) problems.add(processId, 'the process has no start event');

  for (const el of Object.values(elements)) {
    switch (el.kind) {
      case 'startEvent':
        if (el.incoming.length > 0) problems.add(el.id, 'a start event cannot have incoming sequence flows');
        break;
      case 'boundaryEvent':
        if (el.incoming.length > 0) problems.add(el.id, 'a boundary event cannot have incoming sequence flows');
        break;
      case 'endEvent':
        if (el.incoming.length === 0) problems.add(el.id, 'the end event has no incoming sequence flow');
        if (el.outgoing.length > 0) problems.add(el.id, 'an end event cannot have outgoing sequence flows');
        break;
      case 'subProcess':
        if (el.startIds.length === 0) problems.add(el.id, 'the sub-process has no start event');
        if (el.startIds.length > 1) problems.add(el.id, 'the sub-process has more than one start event');
        break;
      case 'exclusiveGateway':
      case 'inclusiveGateway':
        checkBranchingGateway(problems, graph, el);
        break;
      case 'eventBasedGateway':
        checkEventGateway(problems, graph, el);
        break;
      case 'parallelGateway':
        if (el.outgoing.length === 0) problems.add(el.id, 'the gateway has no outgoing sequence flow');
        break;
    }
  }

  for (const flow of Object.values(flows)) {
    const source = elements[flow.source];
    if (flow.condition !== undefined && source && source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
      problems.add(flow.id, `a condition is only evaluated on flows leaving an exclusive or inclusive gateway, not a ${source.kind}`);
    }
  }
  checkReachable(problems, graph);
}

function checkBranchingGateway(problems: ProblemList, graph: ProcessGraph, gw: GraphElement & { defaultFlow?: string }): void {
  if (gw.outgoing.length === 0) {
    problems.add(gw.id, 'the gateway has no outgoing sequence flow');
    return;
  }
  if (gw.defaultFlow !== undefined) {
    if (!gw.outgoing.includes(gw.defaultFlow)) problems.add(gw.id, `the default flow ${gw.defaultFlow} does not leave this gateway`);
    else if (graph.flows[gw.defaultFlow]?.condition !== undefined) problems.warn(gw.defaultFlow, 'the default flow\'s condition is ignored');
  }
  if (gw.outgoing.length < 2) return;
  const unconditioned = gw.outgoing.filter((f) => f !== gw.defaultFlow && graph.flows[f]?.condition === undefined);
  if (unconditioned.length > 0 && gw.defaultFlow === undefined) {
    problems.add(gw.id, `the ${gw.kind} has ${gw.outgoing.length} outgoing flows, ${unconditioned.join(', ')} without a condition, and no default flow`);
  } else if (unconditioned.length > 0) {
    problems.add(gw.id, `outgoing flows ${unconditioned.join(', ')} need a condition (only the default flow may go without)`);
  }
}

function checkEventGateway(problems: ProblemList, graph: ProcessGraph, gw: GraphElement): void {
  if (gw.outgoing.length < 2) problems.add(gw.id, 'an event-based gateway needs at least two outgoing flows');
  for (const f of gw.outgoing) {
    const target = graph.elements[graph.flows[f].target];
    const ok = target?.kind === 'intermediateCatchEvent' && (target.event.type === 'timer' || target.event.type === 'message');
    if (!ok) problems.add(gw.id, `flow ${f} of an event-based gateway must lead to a timer or message intermediate catch event`);
  }
}

function checkReachable(problems: ProblemList, graph: ProcessGraph): void {
  const reached = new Set<string>();
  const queue = [...graph.startIds];
  // the starts of a sub-process are reached when the sub-process is; boundaries when their activity is
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const el = graph.elements[id];
    if (!el) continue;
    for (const f of el.outgoing) queue.push(graph.flows[f].target);
    for (const b of el.boundaryIds ?? []) queue.push(b);
    if (el.kind === 'subProcess') queue.push(...el.startIds);
  }
  for (const el of Object.values(graph.elements)) {
    if (reached.has(el.id)) continue;
    if (el.kind === 'endEvent' && el.incoming.length === 0) continue; // reported as an end without incoming
    // one problem per unreachable region: its sub-process or activity is reported, not everything in or on it
    if (el.parentId !== undefined && !reached.has(el.parentId)) continue;
    if (el.kind === 'boundaryEvent' && !reached.has(el.attachedTo)) continue;
    if (el.generated) continue;
    problems.add(el.id, 'the element is not reachable from a start event');
  }
}
