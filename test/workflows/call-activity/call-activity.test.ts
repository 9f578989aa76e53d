import { completeTaskUpdate, stateQuery } from '../../../workflows/api';
import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

async function childTask(parentId: string, elementId = 'check', callActivity = 'vet') {
  for (let i = 0; i < 200; i++) {
    let childId: string | undefined;
    for await (const w of s.t.client.workflow.list()) if (w.workflowId.startsWith(`${parentId}/${callActivity}#`)) childId = w.workflowId;
    if (!childId) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const child = s.t.client.workflow.getHandle(childId);
    const st = await child.query(stateQuery).catch(() => null);
    const task = st?.openTasks.find((t) => t.elementId === elementId);
    if (task) return { child, task };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('child task never opened');
}

test('the call activity runs the latest vetting version as a child workflow and takes its variables back', async () => {
  await s.deploy('child.bpmn');
  const version = await s.deploy('parent.bpmn');
  const h = await s.start(version, { candidateId: 'c-1', officer: 'zhou' });
  const { child, task } = await childTask(h.workflowId);
  expect(task.assignee).toBe('official:zhou');
  await child.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'zhou', variables: { clean: true } }] });
  const r = await h.result();
  expect(r.variables).toMatchObject({ candidateId: 'c-1', clean: true });
  expect((await s.state(h)).visited.map((v) => v.elementId)).toEqual(['start', 'vet', 'paired']);
  await s.finish('call-activity', h);
});

test('an error end in the child is caught by the error boundary of the call activity', async () => {
  const version = await s.deploy('parent.bpmn');
  const h = await s.start(version, { candidateId: 'c-2', officer: 'zhou' });
  const { child, task } = await childTask(h.workflowId);
  await child.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'zhou', variables: { clean: false } }] });
  await h.result();
  const st = await s.state(h);
  expect(st.visited.map((v) => v.elementId)).toEqual(['start', 'vet', 'vetoed', 'refused']);
  await expect(child.result()).rejects.toThrow();
  await s.finish('call-activity-error', h);
});

test('an escalation the child does not catch reaches the call activity: a non-interrupting boundary there involves the head while the child goes on', async () => {
  await s.deploy('escalating-child.bpmn');
  const version = await s.deploy('escalation-parent.bpmn');
  const h = await s.start(version, {});
  await s.openTask(h, 'headHelps');
  const { child, task } = await childTask(h.workflowId, 'work', 'delegate');
  await s.complete(h, 'headHelps', {}, 'head');
  await child.executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'zhou', variables: {} }] });
  await h.result();
  const st = await s.state(h);
  expect(st.visited.map((v) => v.elementId).sort()).toEqual(['delegate', 'end', 'headHelps', 'helpAsked', 'helped', 'start']);
  expect(st.visited.find((v) => v.elementId === 'delegate')).toMatchObject({ outcome: 'completed' });
  await s.finish('call-activity-escalation', h);
});
