// The whole path with the real worker: a grid officer starts a secretary-led project (B), the
// street secretary finds the review in their inbox and returns it for changes, the proposer is
// notified at once over SSE; a second completion of the same task is 409; the auditor reads the
// history, the timeline names who decided what, and the history replays against today's code.
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../server/worker';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually, openEventStream } from './listeners';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ diagramsDir: DIAGRAMS });
}, 180_000);
afterAll(() => server?.close());

test('an official completes a task from their inbox and the next official is told at once', async () => {
  const api = server.api;
  expect(server.runtime.deployed.filter((d) => d.ok).map((d) => d.deploymentId)).toContain('secretary-project:v1');

  const grid = await api.login('grid1-1-1-officer');
  const stream = openEventStream(`${server.runtime.url}/api/notifications/stream`, { cookie: grid.cookie });
  await eventually(() => stream.events.find((e) => e.event === 'ready'), 10_000, 'the SSE stream');

  // the grid officer proposes a project for their own grid
  const started = await api.post('/api/instances', grid.token, {
    processKey: 'secretary-project',
    variables: {
      title: '加装电梯',
      description: '3幢加装电梯',
      proposer: 'official:grid1-1-1-officer',
      unitCode: 'grid-1-1-1',
      departments: ['dept-housing'],
      responseDue: 'P3D',
    },
  });
  expect(started.status).toBe(201);
  const instanceId: string = started.body.instance.id;

  // the street secretary sees the review in their inbox
  const sec = await api.login('street1-secretary');
  const inbox = await eventually(async () => {
    const r = await api.get('/api/tasks', sec.token);
    return r.body.tasks.find((t: { instanceId: string }) => t.instanceId === instanceId);
  }, 30_000, 'the review task');
  expect(inbox).toMatchObject({ elementId: 'Task_committee_review', state: 'open' });
  expect(inbox.formFields.map((f: { id: string }) => f.id)).toEqual(['reviewDecision', 'reviewOpinion']);

  // a value outside the form is refused, naming the field
  const bad = await api.post(`/api/tasks/${inbox.id}/complete`, sec.token, { variables: { reviewDecision: 'maybe', reviewOpinion: 'x' } });
  expect(bad.status).toBe(422);
  expect(JSON.stringify(bad.body.details)).toContain('reviewDecision');

  // two completions at once: the workflow accepts one, the other hears 409
  const answers = await Promise.all(
    [0, 1].map(() => api.post(`/api/tasks/${inbox.id}/complete`, sec.token, { variables: { reviewDecision: 'return', reviewOpinion: '请补充预算' } })),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  // and later ones too
  expect((await api.post(`/api/tasks/${inbox.id}/complete`, sec.token, { variables: { reviewDecision: 'return', reviewOpinion: '再次' } })).status).toBe(409);

  // the proposer is told over SSE, and finds the revision task in their inbox
  const told = await eventually(
    () => stream.events.find((e) => e.event === 'notification' && JSON.parse(e.data).workflowId === instanceId),
    30_000,
    'the proposer notification',
  );
  expect(JSON.parse(told.data)).toMatchObject({ kind: 'task-assigned' });
  await stream.close();
  const revise = await eventually(async () => {
    const r = await api.get('/api/tasks', grid.token);
    return r.body.tasks.find((t: { instanceId: string; elementId: string }) => t.instanceId === instanceId && t.elementId === 'Task_revise');
  }, 30_000, 'the revision task');
  expect(revise.state).toBe('open');

  // the instance page shows the live state
  const detail = await api.get(`/api/instances/${encodeURIComponent(instanceId)}`, sec.token);
  expect(detail.status).toBe(200);
  expect(detail.body.instance.status).toBe('running');
  expect(detail.body.state).not.toBeNull();
  expect(detail.body.tasks.find((t: { elementId: string }) => t.elementId === 'Task_committee_review')).toMatchObject({ state: 'completed', completedBy: 'street1-secretary' });

  // audit: history, timeline, replay
  const auditor = await api.login('auditor');
  const history = await api.get(`/api/instances/${encodeURIComponent(instanceId)}/history`, auditor.token);
  expect(history.status).toBe(200);
  expect(history.body.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  // the same JSON the Temporal CLI writes: the SDK reads it back and replays it offline
  const parsed = historyFromJSON(history.body);
  expect(parsed.events?.length).toBe(history.body.events.length);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, parsed, instanceId);
  const timeline = await api.get(`/api/instances/${encodeURIComponent(instanceId)}/timeline`, auditor.token);
  expect(timeline.body.timeline[0]).toMatchObject({ who: 'grid1-1-1-officer', what: 'started the process' });
  if (process.env.SHOW_TIMELINE) console.log(JSON.stringify(timeline.body.timeline, null, 1));
  const decision = timeline.body.timeline.find((e: { what: string }) => e.what.startsWith('completed task'));
  expect(decision).toMatchObject({ who: 'street1-secretary', elementId: 'Task_committee_review', decision: { reviewDecision: 'return', reviewOpinion: '请补充预算' } });
  const replay = await api.post(`/api/instances/${encodeURIComponent(instanceId)}/replay`, auditor.token);
  expect(replay.body).toMatchObject({ ok: true });
  // a history the current code would not have written is reported with the determinism error
  const tampered = historyFromJSON(history.body);
  const scheduled = tampered.events!.find((e) => e.activityTaskScheduledEventAttributes)!;
  scheduled.activityTaskScheduledEventAttributes!.activityType = { name: 'somethingElse' };
  const mismatch = await server.runtime.engine.replay(instanceId, tampered);
  expect(mismatch.ok).toBe(false);
  if (!mismatch.ok) expect(mismatch.error).toMatch(/nondetermin/i);

  // cancelling closes the instance and its open tasks
  const admin = await api.login('admin');
  expect((await api.post(`/api/instances/${encodeURIComponent(instanceId)}/cancel`, admin.token)).status).toBe(202);
  await eventually(async () => (await api.get(`/api/instances/${encodeURIComponent(instanceId)}`, admin.token)).body.instance.status === 'cancelled', 30_000, 'cancelled');
  expect((await api.post(`/api/tasks/${revise.id}/complete`, grid.token, { variables: { title: 'x', description: 'y' } })).status).toBe(409);
});
