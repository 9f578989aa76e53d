// gov:dueIn + gov:remindBefore + gov:escalation become ordinary BPMN, so the interpreter has one
// mechanism for time: per reminder/escalation level a generated non-interrupting boundary timer on
// the activity → a generated service task calling gridflow.notify → a generated end event.
//
//   reminder fires at        dueIn − remindBefore
//   escalation level k at    dueIn + after(1) + … + after(k)
//
// Generated ids are derived from the activity id (`<id>__reminder`, `<id>__escalation_<k>`, with
// `_notify`, `_end`, `_flow_1`, `_flow_2` for the rest of each path), so recompiling gives the same graph.
import type { Deadline } from './build-graph';
import { NOTIFY_ACTIVITY } from './build-graph';
import { feelString, isFeel, isoDurationMonths, stripFeel, subtractIsoDurations, sumIsoDurations } from './feel';
import type { BoundaryEvent, EndEvent, Feel, GraphElement, IsoTime, SequenceFlow, ServiceTask, UserTask } from './graph';
import type { ProblemList } from './problems';

interface Path {
  suffix: string;
  timer: IsoTime;
  kind: 'reminder' | 'escalation';
  level?: string;
  recipients: Feel;
}

/** A time as a FEEL duration expression, to combine literal and FEEL parts. */
function asFeelDuration(value: IsoTime): string {
  return isFeel(value) ? `(${stripFeel(value)})` : `duration(${feelString(value)})`;
}

export function expandDeadlines(
  problems: ProblemList,
  elements: Record<string, GraphElement>,
  flows: Record<string, SequenceFlow>,
  deadlines: Record<string, Deadline>,
): string[] {
  const generatedIds: string[] = [];
  for (const [hostId, deadline] of Object.entries(deadlines)) {
    const host = elements[hostId];
    if (!host || deadline.dueIn === undefined) continue;
    const paths: Path[] = [];

    if (deadline.remindBefore !== undefined && host.kind === 'userTask') {
      const recipients = taskPeople(host);
      const timer = reminderTime(problems, hostId, deadline.dueIn, deadline.remindBefore);
      if (timer !== undefined && recipients !== undefined) paths.push({ suffix: 'reminder', timer, kind: 'reminder', recipients });
    }

    const afters: IsoTime[] = [];
    (deadline.escalation ?? []).forEach((level, i) => {
      afters.push(level.after);
      const parts = [deadline.dueIn as IsoTime, ...afters];
      const timer = parts.some(isFeel) ? `=${parts.map(asFeelDuration).join(' + ')}` : sumIsoDurations(parts);
      const recipients = level.recipients ?? `[${feelString(`level:${level.level}:secretary`)}]`;
      paths.push({ suffix: `escalation_${i + 1}`, timer, kind: 'escalation', level: level.level, recipients });
    });

    for (const path of paths) generatedIds.push(...addPath(problems, elements, flows, host, path));
  }
  return generatedIds;
}

/** Everyone the task is (or may be) assigned to, as a FEEL list of identity strings. */
function taskPeople(task: UserTask): Feel | undefined {
  if (task.assignee !== undefined && task.candidateGroups !== undefined) return `concatenate([(${task.assignee})], (${task.candidateGroups}))`;
  if (task.assignee !== undefined) return `[(${task.assignee})]`;
  return task.candidateGroups;
}

function reminderTime(problems: ProblemList, hostId: string, dueIn: IsoTime, remindBefore: IsoTime): IsoTime | undefined {
  if (isFeel(dueIn) || isFeel(remindBefore)) return `=${asFeelDuration(dueIn)} - ${asFeelDuration(remindBefore)}`;
  const at = subtractIsoDurations(dueIn, remindBefore);
  if (at !== null && at !== 'PT0S') return at;
  // P1M − P3D has no exact answer: a month has no fixed number of days
  if (at === null && isoDurationMonths(dueIn) > isoDurationMonths(remindBefore)) {
    problems.add(hostId, `gov:remindBefore "${remindBefore}" cannot be taken exactly from gov:dueIn "${dueIn}" (months have no fixed length): write gov:dueIn in days, e.g. P30D`);
  } else {
    problems.add(hostId, `gov:remindBefore "${remindBefore}" must be shorter than gov:dueIn "${dueIn}"`);
  }
  return undefined;
}

function addPath(
  problems: ProblemList,
  elements: Record<string, GraphElement>,
  flows: Record<string, SequenceFlow>,
  host: GraphElement,
  path: Path,
): string[] {
  const prefix = `${host.id}__${path.suffix}`;
  const ids = { boundary: prefix, notify: `${prefix}_notify`, end: `${prefix}_end`, flow1: `${prefix}_flow_1`, flow2: `${prefix}_flow_2` };
  const clash = Object.values(ids).find((id) => elements[id] !== undefined || flows[id] !== undefined);
  if (clash !== undefined) {
    problems.add(clash, `this id is reserved for the ${path.kind} generated for ${host.id}; rename the element`);
    return [];
  }
  const common = { generated: true as const, generatedFor: host.id, ...(host.parentId !== undefined ? { parentId: host.parentId } : {}) };
  const label = path.kind === 'reminder' ? 'reminder' : `escalation to ${path.level}`;

  const boundary: BoundaryEvent = {
    ...common, id: ids.boundary, kind: 'boundaryEvent', name: label, incoming: [], outgoing: [ids.flow1],
    attachedTo: host.id, cancelActivity: false, event: { type: 'timer', timer: { kind: 'duration', value: path.timer } },
    ...(host.multiInstance !== undefined ? { perInstance: true } : {}),
  };
  const input = [
    { target: 'kind', source: feelString(path.kind) },
    ...(path.level !== undefined ? [{ target: 'level', source: feelString(path.level) }] : []),
    { target: 'recipients', source: path.recipients },
    { target: 'taskElementId', source: feelString(host.id) },
    ...(host.name !== undefined ? [{ target: 'taskName', source: feelString(host.name) }] : []),
  ];
  const notify: ServiceTask = {
    ...common, id: ids.notify, kind: 'serviceTask', name: `send ${label}`, incoming: [ids.flow1], outgoing: [ids.flow2],
    activity: NOTIFY_ACTIVITY, input,
  };
  const end: EndEvent = { ...common, id: ids.end, kind: 'endEvent', incoming: [ids.flow2], outgoing: [], event: { type: 'none' } };
  elements[ids.boundary] = boundary;
  elements[ids.notify] = notify;
  elements[ids.end] = end;
  flows[ids.flow1] = { id: ids.flow1, source: ids.boundary, target: ids.notify, generated: true };
  flows[ids.flow2] = { id: ids.flow2, source: ids.notify, target: ids.end, generated: true };
  (host.boundaryIds ??= []).push(ids.boundary);
  return Object.values(ids);
}
