// Checks across elements, once the graph is built: starts and ends, gateways, conditions, and
// that every element can be reached from a start event.
import type { GraphElement, ProcessGraph } from './graph';
import { own } from './own';
import type { ProblemList } from './problems';

/** `broken`: elements already reported (see build-graph.ts); their consequences are not reported again. */
export function checkGraph(problems: ProblemList, graph: ProcessGraph, processId: string, broken: ReadonlySet<string>): void {
  const { elements, flows } = graph;
  if (graph.startIds.length === 0) problems.add(processId, 'the process has no start event');

  for (const el of Object.values(elements)) {
    if (broken.has(el.id)) continue;
    switch (el.kind) {
      case 'startEvent':
        if (el.incoming.length > 0) problems.add(el.id, 'a start event cannot have incoming sequence flows');
        if (el.event.type === 'timer' && el.parentId === undefined) {
          // a scheduled start has nobody to ask for values
          const required = (graph.startVariables ?? []).filter((v) => v.required).map((v) => v.name);
          if (required.length) problems.add(el.id, `a timer start cannot supply the required start variables ${required.join(', ')}: make them optional`);
        }
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
      case 'userTask':
        checkSeparationOfDuties(problems, graph, el.id, el.notDoneBy ?? []);
        break;
    }
  }

  for (const flow of Object.values(flows)) {
    const source = own(elements, flow.source);
    if (flow.condition !== undefined && source && source.kind !== 'exclusiveGateway' && source.kind !== 'inclusiveGateway') {
      problems.add(flow.id, `a condition is only evaluated on flows leaving an exclusive or inclusive gateway, not a ${source.kind}`);
    }
  }
  // without any start everything would be unreachable: the missing start is the one problem
  if (graph.startIds.length > 0) {
    const reached = checkReachable(problems, graph, broken);
    checkCanFinish(problems, graph, broken, reached);
  }
}

/** gov:notDoneBy names other user tasks of the process (their completers may not do this one). */
function checkSeparationOfDuties(problems: ProblemList, graph: ProcessGraph, taskId: string, notDoneBy: string[]): void {
  for (const other of notDoneBy) {
    const el = own(graph.elements, other);
    if (other === taskId) problems.add(taskId, `gov:notDoneBy names the task itself (${other}): name the other tasks whose completers may not do this one`);
    else if (!el) problems.add(taskId, `gov:notDoneBy names ${other}, which is not an element of the process`);
    else if (el.kind !== 'userTask') problems.add(taskId, `gov:notDoneBy names ${other}, a ${el.kind}: only user tasks have someone who did them`);
  }
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
    const target = own(graph.elements, graph.flows[f].target);
    const ok = target?.kind === 'intermediateCatchEvent' && (target.event.type === 'timer' || target.event.type === 'message');
    if (!ok) problems.add(gw.id, `flow ${f} of an event-based gateway must lead to a timer or message intermediate catch event`);
  }
}

function successors(graph: ProcessGraph, el: GraphElement): string[] {
  const next = el.outgoing.map((f) => graph.flows[f].target);
  next.push(...(el.boundaryIds ?? []));
  if (el.kind === 'subProcess') next.push(...el.startIds);
  return next;
}

function closure(graph: ProcessGraph, from: string[], into: Set<string>): void {
  const queue = [...from];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (into.has(id)) continue;
    into.add(id);
    const el = graph.elements[id];
    if (el) queue.push(...successors(graph, el));
  }
}

/**
 * Everything must be reachable from a process start (sub-process starts are reached with their
 * sub-process, boundaries with their activity). An unreachable island is reported once, at its first
 * element in document order, not once per element.
 */
function checkReachable(problems: ProblemList, graph: ProcessGraph, broken: ReadonlySet<string>): Set<string> {
  const reached = new Set<string>();
  closure(graph, graph.startIds, reached);
  const covered = new Set<string>();
  for (const el of Object.values(graph.elements)) {
    if (reached.has(el.id) || covered.has(el.id)) continue;
    if (broken.has(el.id) || el.generated) continue;
    if (el.kind === 'endEvent' && el.incoming.length === 0) continue; // reported as an end without incoming
    // a sub-process that is not reached is reported, not everything inside or on it
    if (el.parentId !== undefined && !reached.has(el.parentId)) continue;
    if (el.kind === 'boundaryEvent' && !reached.has(el.attachedTo)) continue;
    problems.add(el.id, 'the element is not reachable from a start event');
    closure(graph, [el.id], covered);
  }
  return reached;
}

/**
 * Every reachable element must have a way to an end: a token ends where there is no outgoing flow
 * (an end event, or implicitly), and leaves an activity through its flows or its boundary events.
 * A loop without an exit would run (or wait) for ever; it is reported once, at its first element.
 */
function checkCanFinish(problems: ProblemList, graph: ProcessGraph, broken: ReadonlySet<string>, reached: ReadonlySet<string>): void {
  const predecessors = new Map<string, string[]>();
  const addPredecessor = (of: string, p: string) => predecessors.set(of, [...(predecessors.get(of) ?? []), p]);
  for (const flow of Object.values(graph.flows)) addPredecessor(flow.target, flow.source);
  for (const el of Object.values(graph.elements)) {
    if (el.kind === 'boundaryEvent') addPredecessor(el.id, el.attachedTo);
  }
  const canFinish = new Set<string>();
  const queue = Object.values(graph.elements).filter((el) => el.outgoing.length === 0 || broken.has(el.id)).map((el) => el.id);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (canFinish.has(id)) continue;
    canFinish.add(id);
    queue.push(...(predecessors.get(id) ?? []));
  }
  const trapped = Object.values(graph.elements).filter((el) => reached.has(el.id) && !canFinish.has(el.id)).map((el) => el.id);
  if (trapped.length === 0) return;
  const inTrap = new Set(trapped);
  const next = (id: string): string[] => successors(graph, graph.elements[id]).filter((n) => inTrap.has(n));
  // Every trapped path ends in a loop that nothing leaves: a strongly connected component with no
  // edge out. The elements leading into it are not the fault, so only the loop is reported.
  const order = new Map(Object.keys(graph.elements).map((id, i) => [id, i]));
  for (const component of stronglyConnected(trapped, next)) {
    const members = new Set(component);
    const leaves = component.some((id) => next(id).some((n) => !members.has(n)));
    if (leaves) continue;
    const first = [...component].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0];
    problems.add(first, 'a token reaching this element can never get to an end: it is caught in a loop without an exit');
  }
}

/** Tarjan's strongly connected components, iterative (hostile graphs may be tens of thousands deep). */
function stronglyConnected(nodes: string[], next: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { id: string; children: string[]; i: number }[] = [];
    const enter = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, children: next(id), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++];
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(child) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop() as string;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}
