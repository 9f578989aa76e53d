import { WorkflowUpdateFailedError } from '@temporalio/client';
import { retryIncidentUpdate } from '../../../workflows/api';
import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

test('an unknown variable in a condition is an incident the admin sees and retries after setting it', async () => {
  const version = await s.deploy('incident.bpmn');
  const h = await s.start(version, {});
  const st = await s.waitUntil(h, 'the incident', (x) => x.incidents.length > 0);
  expect(st.status).toBe('running');
  expect(st.incidents[0]).toMatchObject({ elementId: 'route', message: expect.stringMatching(/score/) });
  expect(st.openTasks).toEqual([]); // not the default path: an unknown variable is never "false"
  await s.waitUntil(h, 'the incident row', () => s.rec.incidents.some((i) => i.workflowId === h.workflowId && i.elementId === 'route'));

  const wrong = await h.executeUpdate(retryIncidentUpdate, { args: [{ elementId: 'manual' }] }).catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((wrong as WorkflowUpdateFailedError).cause?.message).toMatch(/no open incident on element manual/);

  await h.executeUpdate(retryIncidentUpdate, { args: [{ elementId: 'route', variables: { score: 75 } }] });
  await s.openTask(h, 'fastTrack');
  expect((await s.state(h)).incidents).toEqual([]);
  await s.complete(h, 'fastTrack');
  expect((await h.result()).variables).toEqual({ score: 75 });
  await s.finish('incident', h);
});

test('a task for an official the org data does not know is an incident; retried with the right signer it opens', async () => {
  s.rec.unknownIdentities.add('official:nobody');
  const version = await s.deploy('unknown-assignee.bpmn');
  const h = await s.start(version, { signer: 'nobody' });
  const st = await s.waitUntil(h, 'the incident', (x) => x.incidents.length > 0);
  expect(st.incidents[0]).toMatchObject({ elementId: 'sign', message: expect.stringMatching(/no active official matches official:nobody/) });
  expect(st.openTasks).toEqual([]);
  await h.executeUpdate(retryIncidentUpdate, { args: [{ elementId: 'sign', variables: { signer: 'li-na' } }] });
  const task = await s.openTask(h, 'sign');
  expect(task.assignee).toBe('official:li-na');
  await s.complete(h, 'sign', {}, 'li-na');
  await h.result();
  await s.finish('incident-unknown-assignee', h);
});
