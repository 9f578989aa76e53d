import { completeTaskUpdate } from '../../../workflows/api';
import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

test('one veto among parallel reviews cancels the others, their inbox rows closed with the reason; outputs keep item order; sequential signing one by one', async () => {
  const version = await s.deploy('multi-instance.bpmn');
  const h = await s.start(version, { departments: ['police', 'court', 'tax'], signers: ['wang', 'zhao'] });
  const st = await s.waitUntil(h, 'three reviews', (x) => x.openTasks.length === 3);
  expect(st.openTasks.map((t) => t.candidateGroups[0]).sort()).toEqual(['unit:court:reviewer', 'unit:police:reviewer', 'unit:tax:reviewer']);
  const byDept = (d: string) => st.openTasks.find((t) => t.candidateGroups[0] === `unit:${d}:reviewer`)!.taskKey;

  await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: byDept('tax'), completedBy: 'tax-officer', variables: { decision: 'pass' } }] });
  await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: byDept('court'), completedBy: 'judge', variables: { decision: 'veto' } }] });

  await s.openTask(h, 'sign');
  const after = await s.state(h);
  expect(after.variables.reviews).toEqual([null, { department: 'court', decision: 'veto' }, { department: 'tax', decision: 'pass' }]);
  await s.waitUntil(h, 'the police row closed', () => !!s.rec.tasks.get(`${h.workflowId}/${byDept('police')}`)?.closed);
  expect(s.rec.tasks.get(`${h.workflowId}/${byDept('police')}`)!.closed).toMatchObject({ outcome: 'cancelled', reason: 'completion condition of review met' });
  expect(after.visited.filter((v) => v.elementId === 'review' && v.outcome === 'cancelled')).toHaveLength(1);

  expect(after.openTasks).toHaveLength(1); // sequential: one signer at a time
  await s.complete(h, 'sign', {}, 'head');
  await s.waitUntil(h, 'the second signature task', (x) => x.openTasks.length === 1 && x.visited.filter((v) => v.elementId === 'sign' && v.outcome === 'completed').length === 1);
  await s.complete(h, 'sign', {}, 'head');
  const r = await h.result();
  expect(r.variables.signatures).toEqual(['wang:1', 'zhao:2']);
  await s.finish('multi-instance', h);
});

test('a completion condition reads the output collection as gathered so far: the second "no" ends the vote', async () => {
  const version = await s.deploy('votes.bpmn');
  const h = await s.start(version, { members: ['wang', 'zhao', 'li', 'sun'] });
  const st = await s.waitUntil(h, 'four votes open', (x) => x.openTasks.length === 4);
  const byMember = (m: string) => st.openTasks.find((t) => t.assignee === `official:${m}`)!.taskKey;
  await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: byMember('zhao'), completedBy: 'zhao', variables: { choice: 'no' } }] });
  await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: byMember('li'), completedBy: 'li', variables: { choice: 'yes' } }] });
  expect((await s.state(h)).openTasks).toHaveLength(2); // one "no" is not enough
  await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: byMember('sun'), completedBy: 'sun', variables: { choice: 'no' } }] });
  // an unreadable condition would leave an incident and the vote running: fail on it at once
  const after = await s.waitUntil(h, 'the vote to end', (x) => x.status !== 'running' || x.incidents.length > 0);
  expect(after.incidents).toEqual([]);
  const r = await h.result();
  expect(r.variables.votes).toEqual([null, 'no', 'yes', 'no']);
  expect(after.visited.filter((v) => v.elementId === 'vote' && v.outcome === 'cancelled')).toHaveLength(1);
  await s.finish('multi-instance-votes', h);
});
