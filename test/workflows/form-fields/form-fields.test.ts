// A completion sets only what the task's form declares. The workflow refuses any other field by
// name (the server refuses it first, but the workflow is the last word: any client can send the
// Update). Histories recorded before the rule, where such a field was accepted, still replay.
/* eslint-disable @typescript-eslint/no-explicit-any -- the recorded history is read as plain JSON */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { completeTaskUpdate } from '../../../workflows/api';
import { GOLDEN_DIR, replayGolden, workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

test('a completion naming a variable the form does not declare is refused, naming it, and changes nothing', async () => {
  const version = await s.deploy('form-fields.bpmn');
  const h = await s.start(version, { department: 'dept-public-security' });
  const task = await s.openTask(h, 'review');
  const forged = await h
    .executeUpdate(completeTaskUpdate, { args: [{ taskKey: task.taskKey, completedBy: 'li-na', variables: { decision: 'veto', department: 'dept-tax', candidateName: 'HACKED' } }] })
    .then(() => undefined, (e: unknown) => e);
  expect(forged).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (forged as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('InvalidTaskInput');
  expect(cause.message).toMatch(/field "department" is not on the form/);
  expect(cause.message).toMatch(/field "candidateName" is not on the form/);
  expect((await s.state(h)).openTasks.map((t) => t.taskKey)).toEqual([task.taskKey]);

  await s.complete(h, 'review', { decision: 'veto' }, 'li-na');
  expect(await h.result()).toEqual({ status: 'completed', variables: { department: 'dept-public-security', decision: 'veto' } });
  await s.finish('form-declared-fields-only', h);
});

test('a history recorded before the rule, with an undeclared field accepted, still replays', async () => {
  // recorded by the workflow code before completions were held to the form (the department was overwritten)
  const file = path.join(GOLDEN_DIR, 'form-undeclared-fields-before-guard.json');
  const { history } = JSON.parse(fs.readFileSync(file, 'utf8')) as { history: { events: Record<string, any>[] } };
  const completions = history.events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0]?.data)
    .filter(Boolean)
    .map((data: string) => JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
  expect(completions).toEqual([expect.objectContaining({ variables: { decision: 'veto', department: 'dept-tax' } })]);
  await expect(replayGolden(s.bundle, file)).resolves.toBeUndefined();
});
