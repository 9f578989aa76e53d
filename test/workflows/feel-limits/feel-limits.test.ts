// FEEL at run time is bounded: a range built from a variable that would enumerate a hundred million
// values is an incident on the element, naming the limit, and the worker goes on; the admin retries
// with a sensible value and the task opens.
import { retryIncidentUpdate } from '../../../workflows/api';
import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

test('an expression beyond the FEEL limits is an incident on its element, and a retry with a smaller value opens the task', async () => {
  const version = await s.deploy('feel-limits.bpmn');
  const h = await s.start(version, { n: 100_000_000 });
  const st = await s.waitUntil(h, 'the incident', (x) => x.incidents.length > 0);
  expect(st.status).toBe('running');
  expect(st.incidents).toEqual([
    expect.objectContaining({ elementId: 'review', message: expect.stringMatching(/exceeds gridflow's FEEL limits: enumerates a range of 100000000 values, more than the limit of 10000/) }),
  ]);
  expect(st.openTasks).toEqual([]);

  await h.executeUpdate(retryIncidentUpdate, { args: [{ elementId: 'review', variables: { n: 2 } }] });
  const task = await s.openTask(h, 'review');
  expect(task.candidateGroups).toEqual(['unit:compound-1:reviewer', 'unit:compound-2:reviewer']);
  await s.complete(h, 'review');
  await h.result();
  await s.finish('feel-limits', h);
});
