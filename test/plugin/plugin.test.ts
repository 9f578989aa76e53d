// An existing worker adds gridflow with one line: plugins: [gridflowPlugin(...)]. No workflowsPath,
// no bundle, no activities of its own: the plugin brings the interpreter and the activities.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';
import { compileBpmn } from '../../bpmn';
import { gridflowPlugin } from '../../plugin';
import { completeTaskUpdate, stateQuery, type BpmnProcessInput, type BpmnProcessResult } from '../../workflows/api';
import { startTestTemporal, type TestTemporal } from '../helpers/temporal';
import { RecordingActivities } from '../workflows/support/recordingActivities';

let t: TestTemporal;
beforeAll(async () => {
  t = await startTestTemporal({ timeSkipping: true });
});
afterAll(async () => t?.close());

test('a plain worker with only the gridflow plugin runs a diagram: user task, then a registered service activity', async () => {
  const rec = new RecordingActivities();
  const xml = fs.readFileSync(path.join(__dirname, 'plugin.bpmn'), 'utf8');
  const compiled = await compileBpmn(xml, { knownActivities: ['greet'] });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const versionId = rec.deploy(compiled.graph);
  const taskQueue = t.taskQueue('plugin');
  const worker = await Worker.create({
    connection: t.connection,
    taskQueue: 'ignored-by-plugin',
    plugins: [gridflowPlugin({ activities: { ...rec.activities(), greet: async ({ name }: { name: string }) => `你好, ${name}` }, taskQueue })],
  });
  const running = worker.run();
  try {
    const h = await t.client.workflow.start<(i: BpmnProcessInput) => Promise<BpmnProcessResult>>('bpmnProcess', {
      taskQueue,
      workflowId: `plugin-${process.pid}`,
      args: [{ versionId, variables: { name: '李娜' } }],
    });
    let taskKey: string | undefined;
    for (let i = 0; i < 200 && !taskKey; i++) {
      taskKey = (await h.query(stateQuery)).openTasks[0]?.taskKey;
      if (!taskKey) await new Promise((r) => setTimeout(r, 50));
    }
    expect(taskKey).toBeDefined();
    await h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: taskKey!, completedBy: 'li-na', variables: {} }] });
    expect((await h.result()).variables.greeting).toBe('你好, 李娜');
  } finally {
    worker.shutdown();
    await running;
  }
});
