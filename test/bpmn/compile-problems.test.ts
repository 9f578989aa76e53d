// One invalid fixture per problem class: the modeler is told exactly which element is wrong and why,
// and every problem of a diagram is listed at once, not just the first.
import { compileBpmn } from '../../bpmn';
import { fixture, problemsOf } from './helpers';

const cases: [file: string, expected: string[], knownActivities?: string[]][] = [
  ['malformed.bpmn', ['document: malformed XML at line 5, column 3: closing tag mismatch']],
  ['not-bpmn.bpmn', ['document: not a BPMN 2.0 document: the root element must be bpmn:definitions, not <diagram>']],
  ['doctype.bpmn', ['document: DOCTYPE and ENTITY declarations are not allowed in a BPMN document']],
  ['no-process.bpmn', ['document: the document contains no bpmn:process']],
  ['two-processes.bpmn', ['element second: a second process in one file (first, second): deploy one process per file']],
  ['not-executable.bpmn', ['element draft: the process is not executable (set isExecutable="true")']],
  ['unsupported.bpmn', [
    'element Gateway_1: bpmn:ComplexGateway is not supported',
    'element Rules_1: bpmn:BusinessRuleTask is not supported',
    'element Signal_1: bpmn:SignalEventDefinition is not supported on an intermediate catch event',
    'element EventSub_1: an event sub-process is not supported',
    'element Loop_1: bpmn:StandardLoopCharacteristics is not supported (use a multi-instance marker with gov:loop)',
  ]],
  ['dangling-flow.bpmn', [
    'element f_to_nowhere: targetRef "Task_gone" refers to no element in this document',
    'element f_from_nothing: sequence flow has no sourceRef',
  ]],
  ['gateway-without-default.bpmn', ['element decide: the exclusiveGateway has 3 outgoing flows, f_b, f_c without a condition, and no default flow']],
  ['bad-feel.bpmn', [
    'element review: gov:assignee: FEEL "[reviewer" does not parse: syntax error at position 10 (unexpected end)',
    'element f_a: condition: FEEL "amount >" does not parse: syntax error at position 9 (unexpected end)',
  ]],
  ['costly-feel.bpmn', [
    'element review: gov:candidateGroups: FEEL "for i in 1..100000000 return "unit:" + string(i)" iterates over 1..100000000 (100000000 values), more than the limit of 10000',
    'element f_a: condition: FEEL "count(for i in 1..30 return if i = 1 then "x" else partial[-1] + partial[-1]) > 0" uses "partial" (a loop over its own earlier results), which gridflow does not allow',
  ]],
  ['bad-times.bpmn', [
    'element start: timeCycle "every monday" is not an ISO 8601 repeating interval such as R3/PT1H (or FEEL starting with =)',
    'element wait: timeDuration "5 days" is not an ISO 8601 duration such as P5D or PT2H (or FEEL starting with =)',
    'element until: timeDate "2026-03-01T09:00:00" is not an ISO 8601 date-time with a time zone such as 2026-03-01T09:00:00+08:00 (or FEEL starting with =)',
    'element review: gov:dueIn "5d" is not an ISO 8601 duration such as P5D or PT2H (or FEEL starting with =)',
  ]],
  ['unassigned-user-task.bpmn', ['element approve: a user task needs gov:assignee or gov:candidateGroups']],
  ['bad-table-form.bpmn', [
    'element lists: gov:field "empty" is a table without gov:column',
    'element lists: gov:field "rows" column "days" has type "duration"; use one of string, integer, number, boolean, date',
    'element lists: gov:field "rows" column "name" has min but is not a number',
    'element lists: gov:field "rows" minRows must be a whole number ≥ 1',
    'element lists: gov:field "note" has gov:column but is not a table',
    'element lists: gov:field "note" has minRows but is not a table',
    'element lists: gov:field "note" requiredWhen must read otherField=value, got "decision"',
    'element lists: gov:field "note" prefill must name a process variable, got "not a name"',
    'element lists: gov:field "scan" requiredWhen names "nowhere", which is not a field of this form',
  ]],
  ['unknown-activity.bpmn', [
    'element tally: gov:activity "talyBallots" is not a registered activity (known: tallyBallots)',
    'element nothing: a service task needs gov:activity (the name of a registered activity)',
  ], ['tallyBallots']],
  ['unattached-boundary.bpmn', [
    'element lost: attachedToRef "Task_deleted" refers to no element in this document',
    'element timeout: boundary event is not attached to an activity (attachedToRef missing)',
    'element on_gateway: boundary event is attached to end, which is not an activity',
  ]],
  ['bad-notify-recipients.bpmn', [
    'element tellHead: gridflow.notify recipient identity "police-head": expected official:<username>, unit:<unitCode>:<role> or level:<unitKind>:<role>',
    'element tellRole: gridflow.notify recipient identity "unit:dept-tax:boss": unknown role "boss" (roles: secretary, officer, head, coordinator, reviewer)',
  ]],
  ['no-start.bpmn', ['element nostart: the process has no start event']],
  ['call-without-called-element.bpmn', ['element vet: a call activity needs calledElement (the process key to call)']],
  ['multi-instance-without-collection.bpmn', ['element review: multi-instance needs gov:loop inputCollection (FEEL yielding a list)']],
  ['unreachable.bpmn', ['element orphan: the element is not reachable from a start event']],
  ['duplicate-ids.bpmn', ['element work: duplicate id: another element already has this id']],
  ['end-without-incoming.bpmn', ['element end_forgotten: the end event has no incoming sequence flow']],
  ['deep-nesting.bpmn', ['element sub_51: sub-processes are nested deeper than 50 levels']],
  ['bad-escalation.bpmn', [
    'element review: escalation level "department-head" is not an org unit kind (city, district, street, community, grid, compound, agency, department): give it recipients',
    'element review: escalation level "street" after "two days" is not an ISO 8601 duration such as P5D or PT2H (or FEEL starting with =)',
    'element sign: gov:remindBefore needs gov:dueIn',
    'element review: gov:remindBefore "P2D" must be shorter than gov:dueIn "P1D"',
    'element monthly: gov:remindBefore "P3D" cannot be taken exactly from gov:dueIn "P1M" (months have no fixed length): write gov:dueIn in days, e.g. P30D',
  ]],
  ['misspelt-gov.bpmn', ['element review: gov:asignee is not a gov: attribute of this element']],
  ['reserved-id.bpmn', ['element review__reminder_end: this id is reserved for the reminder generated for review; rename the element']],
  ['bad-event-gateway.bpmn', [
    'element race: flow f2 of an event-based gateway must lead to a timer or message intermediate catch event',
    'element f4: a condition is only evaluated on flows leaving an exclusive or inclusive gateway, not a task',
  ]],
  ['incomplete-events.bpmn', [
    'element wait_msg: a message event needs a messageRef to a bpmn:message',
    'element wait_nothing: an intermediate catch event needs an event definition (timer or message)',
    'element end_error: an error end event needs an errorRef to a bpmn:error with an errorCode',
    'element soft_error: an error boundary event always interrupts (cancelActivity cannot be false)',
    'element soft_error: boundary event is attached to wait_nothing, which is not an activity',
  ]],
  ['endless-loop.bpmn', ['element revise: a token reaching this element can never get to an end: it is caught in a loop without an exit']],
  ['prototype-id.bpmn', ['element __proto__: the id "__proto__" is reserved; rename the element']],
  ['misplaced.bpmn', [
    'element p: gov:loop does nothing in bpmn:process; it belongs in bpmn:multiInstanceLoopCharacteristics',
    'element Msg_1: gov:form does nothing in bpmn:message; it belongs in bpmn:userTask',
    'element review: gov:loop does nothing in bpmn:userTask; it belongs in bpmn:multiInstanceLoopCharacteristics',
    'element review: gov:startVariable does nothing in bpmn:userTask; it belongs in bpmn:process',
    'element tally: gov:form does nothing in bpmn:serviceTask; it belongs in bpmn:userTask',
    'element tally: gov:input target "ballots" appears twice',
    'element nag: a timeCycle on an interrupting boundary event would fire only once: make it non-interrupting or use timeDuration',
    'element tick: a timeCycle on an intermediate catch event would fire only once: use timeDuration or timeDate',
  ]],
];

// rows as objects: with array rows of different lengths jest would take the missing argument for `done`
test.each(cases.map(([file, expected, knownActivities]) => ({ file, expected, knownActivities })))(
  '$file is refused with exactly its problems',
  async ({ file, expected, knownActivities }) => {
    expect(await problemsOf(fixture('invalid', file), { knownActivities })).toEqual(expected);
  },
);

test('a document above maxBytes is refused before parsing', async () => {
  const xml = fixture('valid', 'vetting.bpmn');
  const bytes = new TextEncoder().encode(xml).length;
  expect(await problemsOf(xml, { maxBytes: 1000 })).toEqual([`document: the document is ${bytes} bytes, larger than the limit of 1000 bytes`]);
  expect((await compileBpmn(xml, { maxBytes: bytes })).ok).toBe(true);
});

test('the default limit is 2 MB', async () => {
  const padding = `<!--${'x'.repeat(2 * 1024 * 1024)}-->`;
  const problems = await problemsOf(fixture('valid', 'tasks.bpmn').replace('<bpmn:process', `${padding}<bpmn:process`));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^document: the document is \d+ bytes, larger than the limit of 2097152 bytes$/);
});

test('an unknown service activity is only a problem when the registry is given', async () => {
  const xml = fixture('invalid', 'unknown-activity.bpmn');
  expect(await problemsOf(xml)).toEqual(['element nothing: a service task needs gov:activity (the name of a registered activity)']);
});

test('text that is not XML at all, and non-strings, are problems, not exceptions', async () => {
  expect(await problemsOf('')).toEqual(['document: malformed XML: the document is empty']);
  expect(await problemsOf('hello')).toEqual(['document: malformed XML at line 1, column 1: missing start tag']);
  expect(await problemsOf(42 as unknown as string)).toEqual(['document: the BPMN document must be XML text']);
});
