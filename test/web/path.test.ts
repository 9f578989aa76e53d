// What the auditor's diagram shows: the path from the workflow's state, and the replay frames.
import { eventKind, ownerOf, pathAtStep, pathFromState, type DiagramIndex } from '../../server/web/src/audit/path';
import type { InstanceState, TimelineEntry } from '../../server/web/src/model';

// start → review (multi-instance) → gw → file → end; gw → reject
const index: DiagramIndex = {
  elementIds: new Set(['start', 'review', 'gw', 'file', 'end', 'reject']),
  flows: [
    { id: 'f1', source: 'start', target: 'review' },
    { id: 'f2', source: 'review', target: 'gw' },
    { id: 'f3', source: 'gw', target: 'file' },
    { id: 'f4', source: 'file', target: 'end' },
    { id: 'f5', source: 'gw', target: 'reject' },
  ],
};
const marks = (v: ReturnType<typeof pathFromState>, id: string) => [...(v.marks.get(id) ?? [])].sort();

test('visited and active elements become completed and active marks, with multi-instance counts', () => {
  const state: InstanceState = {
    activeElements: [{ elementId: 'review', count: 3 }],
    visited: [
      { elementId: 'start', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-01T00:00:00Z', outcome: 'completed' },
      { elementId: 'review', enteredAt: '2026-01-01T00:00:01Z', outcome: 'active' },
      { elementId: 'review', enteredAt: '2026-01-01T00:00:01Z', outcome: 'active' },
      { elementId: 'review', enteredAt: '2026-01-01T00:00:01Z', outcome: 'active' },
    ],
    incidents: [],
  };
  const view = pathFromState(state, index);
  expect(marks(view, 'start')).toEqual(['completed']);
  expect(marks(view, 'review')).toEqual(['active']);
  expect(view.counts.get('review')).toBe(3);
  expect([...view.flows]).toEqual(['f1']);
  expect(view.marks.has('file')).toBe(false);
});

test('cancelled instances, escalations on generated elements and incidents are marked on the drawn element', () => {
  const state: InstanceState = {
    activeElements: [{ elementId: 'file', count: 1 }],
    visited: [
      { elementId: 'start', enteredAt: 'a', leftAt: 'b', outcome: 'completed' },
      { elementId: 'review', enteredAt: 'a', leftAt: 'b', outcome: 'completed' },
      { elementId: 'review', enteredAt: 'a', leftAt: 'b', outcome: 'cancelled' },
      { elementId: 'review__escalation_1', enteredAt: 'a', leftAt: 'b', outcome: 'completed' },
      { elementId: 'gw', enteredAt: 'a', leftAt: 'b', outcome: 'completed' },
      { elementId: 'file', enteredAt: 'a', outcome: 'active' },
    ],
    incidents: [{ elementId: 'file', message: 'unknown variable x' }],
  };
  const view = pathFromState(state, index);
  // one instance completed, one cancelled by the completion condition: the activity completed
  expect(marks(view, 'review')).toEqual(['completed', 'escalated']);
  expect(marks(view, 'file')).toEqual(['active', 'incident']);
  expect([...view.flows].sort()).toEqual(['f1', 'f2', 'f3']);
  expect(view.marks.has('reject')).toBe(false);
});

test('an element whose every visit was cancelled shows as cancelled', () => {
  const state: InstanceState = {
    activeElements: [],
    visited: [{ elementId: 'review', enteredAt: 'a', leftAt: 'b', outcome: 'interrupted' }, { elementId: 'review', enteredAt: 'a', leftAt: 'b', outcome: 'cancelled' }],
  };
  expect(marks(pathFromState(state, index), 'review')).toEqual(['cancelled']);
});

test('generated ids belong to the longest drawn id they start with', () => {
  const idx: DiagramIndex = { elementIds: new Set(['review', 'review2']), flows: [] };
  expect(ownerOf('review2__reminder', idx)).toBe('review2');
  expect(ownerOf('review__escalation_2', idx)).toBe('review');
  expect(ownerOf('other', idx)).toBeNull();
});

test('timeline verbs are read before the colon, not from element names', () => {
  expect(eventKind('task opened: Send the end-of-year notice')).toBe('entered');
  expect(eventKind('completed task: Assign a reviewer')).toBe('completed');
  expect(eventKind('task cancelled: 部门审查')).toBe('cancelled');
  expect(eventKind('notified (escalation, level street)')).toBe('escalated');
  expect(eventKind('incident raised')).toBe('incident');
});

describe('replay frames', () => {
  const timeline: TimelineEntry[] = [
    { at: '2026-01-01T00:00:00Z', who: 'admin', what: 'started the process', elementId: null },
    { at: '2026-01-01T00:00:01Z', who: 'unit:x:reviewer', what: 'task opened: 审查', elementId: 'review' },
    { at: '2026-01-01T00:00:01Z', who: 'unit:x:reviewer', what: 'task opened: 审查', elementId: 'review' },
    { at: '2026-01-03T00:00:00Z', who: 'street', what: 'notified (escalation, level street)', elementId: 'review__escalation_1' },
    { at: '2026-01-04T00:00:00Z', who: 'zhang-wei', what: 'completed task: 审查', elementId: 'review', decision: { decision: 'pass' } },
    { at: '2026-01-04T00:00:01Z', who: 'li-na', what: 'completed task: 审查', elementId: 'review', decision: { decision: 'pass' } },
    { at: '2026-01-04T00:00:02Z', who: 'system', what: 'service task: fileRecord', elementId: 'file' },
  ];

  test('from the timeline alone, each step adds what that event did', () => {
    expect(pathAtStep(timeline, 0, index).marks.size).toBe(0);
    const two = pathAtStep(timeline, 3, index);
    expect(marks(two, 'review')).toEqual(['active']);
    expect(two.counts.get('review')).toBe(2);
    expect(marks(pathAtStep(timeline, 4, index), 'review')).toEqual(['active', 'escalated']);
    const five = pathAtStep(timeline, 5, index);
    expect(five.counts.has('review')).toBe(false);
    const all = pathAtStep(timeline, 7, index);
    expect(marks(all, 'review')).toEqual(['completed', 'escalated']);
    expect(marks(all, 'file')).toEqual(['completed']);
  });

  test('with the workflow visits, a frame shows every element entered by then (gateways too)', () => {
    const visited = [
      { elementId: 'start', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-01T00:00:00Z', outcome: 'completed' },
      { elementId: 'review', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-04T00:00:00Z', outcome: 'completed' },
      { elementId: 'review', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-04T00:00:01Z', outcome: 'completed' },
      { elementId: 'gw', enteredAt: '2026-01-04T00:00:01Z', leftAt: '2026-01-04T00:00:01Z', outcome: 'completed' },
      { elementId: 'file', enteredAt: '2026-01-04T00:00:01Z', leftAt: '2026-01-04T00:00:03Z', outcome: 'completed' },
    ];
    const early = pathAtStep(timeline, 2, index, visited);
    expect(marks(early, 'start')).toEqual(['completed']);
    expect(marks(early, 'review')).toEqual(['active']);
    expect(early.counts.get('review')).toBe(2);
    expect(early.marks.has('gw')).toBe(false);
    const late = pathAtStep(timeline, 6, index, visited);
    expect(marks(late, 'review')).toEqual(['completed', 'escalated']);
    expect(marks(late, 'gw')).toEqual(['completed']);
    expect(marks(late, 'file')).toEqual(['active']);
    expect([...late.flows].sort()).toEqual(['f1', 'f2', 'f3']);
  });
});
