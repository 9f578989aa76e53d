// Walks the moddle tree of one bpmn:process and builds the ProcessGraph's elements and flows,
// reporting each unsupported or incomplete element. Structure across elements (reachability,
// gateways, scopes) is checked afterwards by check-graph.ts.
import type { ModdleElement } from 'bpmn-moddle';
import { readEventDefinition } from './build-events';
import { readFeel, readFeelOrLiteral, readTime, readVariableName } from './feel-fields';
import { checkLiteralRecipients } from './notify-recipients';
import { checkGovPlacement, readEscalation, readFormFields, readMappings, readMultiInstance } from './gov-extensions';
import { stripFeel } from './feel';
import { timerStartProblem } from './timer-start';
import { own, RESERVED_IDS } from './own';
import type { CallActivity, ElementKind, EscalationLevel, EventDefinition, Gateway, IsoTime, GraphElement, SequenceFlow, ServiceTask, SubProcess, UserTask } from './graph';
import type { ProblemList } from './problems';

export const MAX_SUBPROCESS_DEPTH = 50;
/** The activity every gridflow worker registers: reminders and escalations are sent through it. */
export const NOTIFY_ACTIVITY = 'gridflow.notify';

export interface BuildOptions {
  knownActivities: Set<string> | null;
  /** references moddle could not resolve, already reported ("<id> <property>") */
  unresolved: Set<string>;
}

export interface BuiltGraph {
  elements: Record<string, GraphElement>;
  flows: Record<string, SequenceFlow>;
  /** gov:dueIn / gov:remindBefore / gov:escalation of drawn activities, by id, for expand-deadlines.ts */
  deadlines: Record<string, Deadline>;
  /**
   * elements already reported as unsupported or incomplete: they stand in the graph as placeholders
   * so their flows still connect, and check-graph.ts does not report their consequences again
   * ("no start event", "not reachable"). A graph with broken elements never leaves the compiler.
   */
  broken: Set<string>;
}

export interface Deadline {
  dueIn?: IsoTime;
  remindBefore?: IsoTime;
  escalation?: EscalationLevel[];
}

/** Elements that may sit in a process but do not take part in execution. */
const IGNORED = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

const GATEWAYS: Record<string, Gateway['kind']> = {
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
};

function govAttr(el: ModdleElement, name: string): string | undefined {
  const v = typeof el.get === 'function' ? el.get(name) : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function buildGraph(problems: ProblemList, process: ModdleElement, opts: BuildOptions): BuiltGraph {
  const built: BuiltGraph = { elements: {}, flows: {}, deadlines: {}, broken: new Set() };
  const rawFlows: { fe: ModdleElement; parentId?: string }[] = [];
  const boundaries: ModdleElement[] = [];

  const walk = (container: ModdleElement, parentId: string | undefined, depth: number): void => {
    for (const fe of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      if (typeof fe.id !== 'string' || fe.id === '') {
        problems.add(parentId ?? process.id ?? null, `a ${fe.$type} has no id`);
        continue;
      }
      if (RESERVED_IDS.has(fe.id)) {
        problems.add(fe.id, `the id "${fe.id}" is reserved; rename the element`);
        continue;
      }
      if (fe.$type === 'bpmn:SequenceFlow') {
        rawFlows.push({ fe, parentId });
        continue;
      }
      if (IGNORED.has(fe.$type)) continue;
      checkGovPlacement(problems, fe.id, fe);
      if (fe.loopCharacteristics) checkGovPlacement(problems, fe.id, fe.loopCharacteristics as ModdleElement);
      const element = buildElement(problems, fe, parentId, opts, built);
      built.elements[element.id] = element;
      if (element.kind === 'boundaryEvent') boundaries.push(fe);
      if (element.kind === 'subProcess') {
        if (depth + 1 > MAX_SUBPROCESS_DEPTH) {
          problems.add(element.id, `sub-processes are nested deeper than ${MAX_SUBPROCESS_DEPTH} levels`);
          built.broken.add(element.id);
          continue;
        }
        walk(fe, element.id, depth + 1);
        element.startIds = ((fe.flowElements as ModdleElement[] | undefined) ?? [])
          .filter((c) => c.$type === 'bpmn:StartEvent' && typeof c.id === 'string' && own(built.elements, c.id) !== undefined)
          .map((c) => c.id as string);
      }
    }
  };
  walk(process, undefined, 0);

  for (const fe of boundaries) attachBoundary(problems, built, fe, opts);
  for (const { fe, parentId } of rawFlows) linkFlow(problems, built, fe, parentId, opts);
  return built;
}

function buildElement(
  problems: ProblemList,
  fe: ModdleElement,
  parentId: string | undefined,
  opts: BuildOptions,
  built: BuiltGraph,
): GraphElement {
  const id = fe.id as string;
  const deadlines = built.deadlines;
  /** an event whose definition was reported: a none event stands in for it */
  const eventOrBroken = (event: EventDefinition | undefined): EventDefinition => {
    if (event) return event;
    built.broken.add(id);
    return { type: 'none' };
  };
  const base = <K extends ElementKind>(kind: K) => {
    const b: { id: string; kind: K; incoming: string[]; outgoing: string[]; name?: string; parentId?: string; documentation?: string } = {
      id, kind, incoming: [], outgoing: [],
    };
    if (typeof fe.name === 'string' && fe.name !== '') b.name = fe.name;
    if (parentId !== undefined) b.parentId = parentId;
    const doc = (fe.documentation as ModdleElement[] | undefined)?.[0]?.text;
    if (typeof doc === 'string' && doc.trim() !== '') b.documentation = doc.trim();
    return b;
  };

  switch (fe.$type) {
    case 'bpmn:StartEvent': {
      const allowed = parentId === undefined ? (['none', 'timer'] as const) : (['none'] as const);
      const defs = (fe.eventDefinitions as ModdleElement[] | undefined) ?? [];
      if (parentId === undefined && defs.length === 1 && defs[0].$type === 'bpmn:MessageEventDefinition') {
        // accepted, it would start nothing: a message has no instance to go to before one runs
        problems.add(id, 'a message start event is not supported: use a none start (POST /api/instances starts it) followed by a message intermediate catch event');
        return { ...base('startEvent'), event: eventOrBroken(undefined) };
      }
      const event = eventOrBroken(readEventDefinition(problems, fe, 'start event', allowed));
      if (parentId === undefined && event.type === 'timer') {
        const problem = timerStartProblem(event.timer);
        if (problem) {
          problems.add(id, problem);
          built.broken.add(id);
        }
      }
      return { ...base('startEvent'), event };
    }
    case 'bpmn:EndEvent': {
      const event = eventOrBroken(readEventDefinition(problems, fe, 'end event', ['none', 'terminate', 'error', 'escalation']));
      return { ...base('endEvent'), event };
    }
    case 'bpmn:IntermediateCatchEvent': {
      const event = eventOrBroken(readEventDefinition(problems, fe, 'intermediate catch event', ['timer', 'message']));
      if (event.type === 'timer' && event.timer.kind === 'cycle') {
        problems.add(id, 'a timeCycle on an intermediate catch event would fire only once: use timeDuration or timeDate');
      }
      return { ...base('intermediateCatchEvent'), event };
    }
    case 'bpmn:IntermediateThrowEvent': {
      const event = eventOrBroken(readEventDefinition(problems, fe, 'intermediate throw event', ['none', 'escalation']));
      return { ...base('intermediateThrowEvent'), event };
    }
    case 'bpmn:BoundaryEvent': {
      const event = eventOrBroken(readEventDefinition(problems, fe, 'boundary event', ['timer', 'message', 'error', 'escalation']));
      const cancelActivity = fe.cancelActivity !== false;
      if (event.type === 'error' && !cancelActivity) problems.add(id, 'an error boundary event always interrupts (cancelActivity cannot be false)');
      if (event.type === 'timer' && event.timer.kind === 'cycle' && cancelActivity) {
        problems.add(id, 'a timeCycle on an interrupting boundary event would fire only once: make it non-interrupting or use timeDuration');
      }
      // attachedTo is filled in by attachBoundary once every element exists
      return { ...base('boundaryEvent'), attachedTo: '', cancelActivity, event };
    }
    case 'bpmn:Task':
    case 'bpmn:ManualTask':
      return withActivity(problems, fe, { ...base('task') }, 'mappings');
    case 'bpmn:UserTask': {
      const task: UserTask = { ...base('userTask'), formFields: readFormFields(problems, id, fe) };
      readAssignment(problems, fe, task);
      const deadline = readDeadline(problems, fe, true);
      if (deadline) {
        deadlines[id] = deadline;
        Object.assign(task, deadline);
      }
      return withActivity(problems, fe, task, 'mappings');
    }
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      return withActivity(problems, fe, buildServiceTask(problems, fe, base('serviceTask'), opts), 'outputs only');
    case 'bpmn:CallActivity': {
      const called = typeof fe.calledElement === 'string' ? fe.calledElement.trim() : '';
      if (called === '') problems.add(id, 'a call activity needs calledElement (the process key to call)');
      const ca: CallActivity = { ...base('callActivity'), calledProcessKey: called, propagateAllVariables: true };
      const deadline = readDeadline(problems, fe, false);
      if (deadline) deadlines[id] = deadline;
      const activity = withActivity(problems, fe, ca, 'mappings');
      // with explicit gov:input mappings the child sees only those, as in Zeebe
      ca.propagateAllVariables = (ca.inputs ?? []).length === 0;
      return activity;
    }
    case 'bpmn:SubProcess': {
      if (fe.triggeredByEvent === true) {
        problems.add(id, 'an event sub-process is not supported');
        built.broken.add(id);
        return { ...base('task') };
      }
      const sp: SubProcess = { ...base('subProcess'), startIds: [] };
      const deadline = readDeadline(problems, fe, false);
      if (deadline) deadlines[id] = deadline;
      return withActivity(problems, fe, sp, 'mappings');
    }
    default: {
      const gatewayKind = GATEWAYS[fe.$type];
      if (gatewayKind) {
        const gw: Gateway = { ...base(gatewayKind) };
        const dflt = fe.default as ModdleElement | undefined;
        if (dflt && typeof dflt.id === 'string') {
          if (gatewayKind === 'exclusiveGateway' || gatewayKind === 'inclusiveGateway') gw.defaultFlow = dflt.id;
          else problems.add(id, `a default flow is not allowed on a ${gatewayKind}`);
        }
        return gw;
      }
      problems.add(id, `${fe.$type} is not supported`);
      built.broken.add(id);
      // a placeholder keeps its flows connected, so its successors are not reported unreachable
      return { ...base('task') };
    }
  }
}

/** multi-instance and gov:input/gov:output, shared by every kind of activity. */
function withActivity<T extends GraphElement>(problems: ProblemList, fe: ModdleElement, element: T, mappings: 'mappings' | 'outputs only'): T {
  const id = element.id;
  const loop = fe.loopCharacteristics as ModdleElement | undefined;
  if (loop) {
    if (loop.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
      const mi = readMultiInstance(problems, id, loop);
      if (mi) element.multiInstance = mi;
    } else {
      problems.add(id, `${loop.$type} is not supported (use a multi-instance marker with gov:loop)`);
    }
  }
  if (mappings === 'mappings') {
    const inputs = readMappings(problems, id, fe, 'gov:Input');
    if (inputs.length > 0) element.inputs = inputs;
  }
  const outputs = readMappings(problems, id, fe, 'gov:Output');
  if (outputs.length > 0) element.outputs = outputs;
  return element;
}

/** gov:dueIn, gov:remindBefore and gov:escalation of an activity; undefined when it has none. */
function readDeadline(problems: ProblemList, fe: ModdleElement, remindAllowed: boolean): Deadline | undefined {
  const id = fe.id as string;
  const rawDue = govAttr(fe, 'gov:dueIn');
  const rawRemind = govAttr(fe, 'gov:remindBefore');
  const deadline: Deadline = {};
  const dueIn = readTime(problems, id, 'gov:dueIn', rawDue, 'duration');
  if (dueIn !== undefined) deadline.dueIn = dueIn;
  if (rawRemind !== undefined) {
    if (!remindAllowed) problems.add(id, 'gov:remindBefore is only supported on user tasks (who would be reminded?)');
    else if (rawDue === undefined) problems.add(id, 'gov:remindBefore needs gov:dueIn');
    const remindBefore = readTime(problems, id, 'gov:remindBefore', rawRemind, 'duration');
    if (remindBefore !== undefined && remindAllowed) deadline.remindBefore = remindBefore;
  }
  const escalation = readEscalation(problems, id, fe);
  if (escalation !== undefined) {
    if (rawDue === undefined) problems.add(id, 'gov:escalation needs gov:dueIn (escalation counts from the deadline)');
    deadline.escalation = escalation;
  }
  if (rawDue !== undefined && escalation === undefined && !remindAllowed) problems.warn(id, 'gov:dueIn has no effect here without gov:escalation');
  return Object.keys(deadline).length > 0 ? deadline : undefined;
}

function readAssignment(problems: ProblemList, fe: ModdleElement, task: UserTask): void {
  const id = task.id;
  const rawAssignee = govAttr(fe, 'gov:assignee');
  const rawGroups = govAttr(fe, 'gov:candidateGroups');
  if ((rawAssignee ?? '').trim() === '' && (rawGroups ?? '').trim() === '') {
    problems.add(id, 'a user task needs gov:assignee or gov:candidateGroups');
  }
  const assignee = readFeelOrLiteral(problems, id, 'gov:assignee', rawAssignee, 'string');
  if (assignee !== undefined) task.assignee = assignee;
  const groups = readFeelOrLiteral(problems, id, 'gov:candidateGroups', rawGroups, 'list');
  if (groups !== undefined) task.candidateGroups = groups;
  // gov:notDoneBy="Task_a, Task_b": checked against the graph's user tasks in check-graph.ts
  const notDoneBy = (govAttr(fe, 'gov:notDoneBy') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (notDoneBy.length > 0) task.notDoneBy = notDoneBy;
}

function buildServiceTask(problems: ProblemList, fe: ModdleElement, base: Omit<ServiceTask, 'activity' | 'input'>, opts: BuildOptions): ServiceTask {
  const id = base.id;
  const activity = (govAttr(fe, 'gov:activity') ?? '').trim();
  const kindName = fe.$type === 'bpmn:SendTask' ? 'send task' : 'service task';
  if (activity === '') {
    problems.add(id, `a ${kindName} needs gov:activity (the name of a registered activity)`);
  } else if (opts.knownActivities && activity !== NOTIFY_ACTIVITY && !opts.knownActivities.has(activity)) {
    const known = [...opts.knownActivities].sort().join(', ');
    problems.add(id, `gov:activity "${activity}" is not a registered activity (known: ${known || 'none'})`);
  }
  const task: ServiceTask = { ...base, activity, input: readMappings(problems, id, fe, 'gov:Input') };
  if (activity === NOTIFY_ACTIVITY) checkLiteralRecipients(problems, id, task.input);
  const resultVariable = readVariableName(problems, id, 'gov:resultVariable', govAttr(fe, 'gov:resultVariable'));
  if (resultVariable !== undefined) task.resultVariable = resultVariable;
  const retries = govAttr(fe, 'gov:retries');
  if (retries !== undefined) {
    if (/^\s*\d{1,3}\s*$/.test(retries)) task.retries = Number(retries);
    else problems.add(id, `gov:retries "${retries}" is not a whole number of retries (0-999)`);
  }
  return task;
}

function linkFlow(problems: ProblemList, built: BuiltGraph, fe: ModdleElement, parentId: string | undefined, opts: BuildOptions): void {
  const id = fe.id as string;
  const flow: SequenceFlow = { id, source: '', target: '' };
  if (typeof fe.name === 'string' && fe.name !== '') flow.name = fe.name;
  let ok = true;
  for (const end of ['source', 'target'] as const) {
    const ref = fe[`${end}Ref`] as ModdleElement | undefined;
    if (!ref) {
      ok = false;
      if (!opts.unresolved.has(`${id} ${end}Ref`)) problems.add(id, `sequence flow has no ${end}Ref`);
      continue;
    }
    const el = own(built.elements, ref.id);
    if (!el) {
      ok = false;
      // an element already reported (unsupported, broken) needs no second problem on its flows
      if (!isFlowNodeType(ref.$type)) problems.add(id, `sequence flow ${end} "${ref.id}" is not a flow node`);
      continue;
    }
    flow[end] = el.id;
  }
  const condition = fe.conditionExpression as ModdleElement | undefined;
  if (condition !== undefined) {
    if (typeof condition.body !== 'string' || condition.body.trim() === '') problems.add(id, 'condition is empty');
    else {
      // kept even when it does not parse (already reported), so the gateway is not also told it lacks one
      readFeel(problems, id, 'condition', condition.body);
      flow.condition = stripFeel(condition.body);
    }
  }
  built.flows[id] = flow;
  if (!ok) return;
  const source = built.elements[flow.source];
  const target = built.elements[flow.target];
  if (source.parentId !== parentId || target.parentId !== parentId) {
    problems.add(id, 'sequence flow crosses a sub-process border (connect elements of the same scope)');
  }
  source.outgoing.push(id);
  target.incoming.push(id);
}

function isFlowNodeType(type: string): boolean {
  return /Event$|Task$|Gateway$|^bpmn:Task$|SubProcess$|^bpmn:Transaction$|^bpmn:CallActivity$/.test(type);
}

function attachBoundary(problems: ProblemList, built: BuiltGraph, fe: ModdleElement, opts: BuildOptions): void {
  const id = fe.id as string;
  const boundary = built.elements[id];
  if (boundary?.kind !== 'boundaryEvent') return;
  const host = fe.attachedToRef as ModdleElement | undefined;
  if (!host) {
    if (!opts.unresolved.has(`${id} attachedToRef`)) problems.add(id, 'boundary event is not attached to an activity (attachedToRef missing)');
    delete built.elements[id];
    return;
  }
  const hostElement = own(built.elements, host.id);
  if (!hostElement) {
    delete built.elements[id];
    return;
  }
  if (!['task', 'userTask', 'serviceTask', 'subProcess', 'callActivity'].includes(hostElement.kind)) {
    problems.add(id, `boundary event is attached to ${hostElement.id}, which is not an activity`);
  }
  boundary.attachedTo = hostElement.id;
  if (hostElement.parentId !== undefined) boundary.parentId = hostElement.parentId;
  else delete boundary.parentId;
  (hostElement.boundaryIds ??= []).push(id);
}
