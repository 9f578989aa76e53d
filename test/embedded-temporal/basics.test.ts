import { startTestTemporal, bundleWorkflows, type TestTemporal, type RunningWorker } from '../helpers/temporal';
import * as activities from './activities';
import type { WorkflowBundle } from '@temporalio/worker';

let t: TestTemporal;
let bundle: WorkflowBundle;
let worker: RunningWorker;

beforeAll(async () => {
  t = await startTestTemporal({ log: process.env.ET_LOG ? (l) => console.log(l) : undefined });
  bundle = await bundleWorkflows(require.resolve('./workflows'));
  worker = await t.startWorker({ workflowBundle: bundle, activities });
});

afterAll(async () => {
  await t?.close();
});

test('a workflow runs an activity and returns its result', async () => {
  const handle = await t.client.workflow.start('greeting', { taskQueue: worker.taskQueue, workflowId: 'greet-1', args: ['Ada'] });
  expect(await handle.result()).toBe('Hello, Ada!');
});

test('a timer fires', async () => {
  const handle = await t.client.workflow.start('sleeper', { taskQueue: worker.taskQueue, workflowId: 'sleep-1', args: [300] });
  const started = Date.now();
  expect(await handle.result()).toBe('woke');
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
});

test('signals and queries reach the workflow', async () => {
  const handle = await t.client.workflow.start('accumulator', { taskQueue: worker.taskQueue, workflowId: 'acc-1' });
  await handle.signal('add', 2);
  await handle.signal('add', 5);
  expect(await handle.query('total')).toBe(7);
  await handle.signal('done');
  expect(await handle.result()).toBe(7);
  expect(await handle.query('total')).toBe(7); // on the closed workflow
});

test('every history replays', async () => {
  expect(await t.replayAll(bundle)).toBeGreaterThanOrEqual(3);
});
