/**
 * Golden histories: representative histories the embedded service produced, saved as the Temporal
 * CLI's JSON (`temporal workflow show -o json`), replayed against today's workflow code.
 * `RECORD_GOLDEN=1 npx jest test/embedded-temporal/golden.test.ts` re-records them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows, startTestTemporal } from '../helpers/temporal';
import * as activities from './activities';

const dir = path.resolve(__dirname, '../fixtures/histories/embedded-temporal');
const cases: Array<{ file: string; workflowType: string; args: unknown[]; drive?: (h: import('@temporalio/client').WorkflowHandle) => Promise<void> }> = [
  { file: 'activity-retry.json', workflowType: 'retryingActivity', args: ['golden-retry'] },
  { file: 'signals-and-timer.json', workflowType: 'durableSteps', args: ['golden'], drive: async (h) => h.signal('proceed', 'again') },
  { file: 'child-and-external-signal.json', workflowType: 'signalsChild', args: [] },
  { file: 'update-accepted-and-rejected.json', workflowType: 'register', args: [], drive: async (h) => {
    await h.executeUpdate('setValue', { args: [4] });
    await h.executeUpdate('setValue', { args: [-4] }).catch(() => undefined);
    await h.signal('finish');
  } },
  { file: 'cancelled-activity.json', workflowType: 'cancelsActivity', args: ['golden-cancel'] },
];

if (process.env.RECORD_GOLDEN) {
  test('record golden histories', async () => {
    const t = await startTestTemporal();
    try {
      const bundle = await bundleWorkflows(require.resolve('./workflows'));
      const worker = await t.startWorker({ workflowBundle: bundle, activities });
      fs.mkdirSync(dir, { recursive: true });
      for (const c of cases) {
        const h = await t.client.workflow.start(c.workflowType, { taskQueue: worker.taskQueue, workflowId: `golden-${c.workflowType}`, args: c.args });
        await c.drive?.(h);
        await h.result();
        fs.writeFileSync(path.join(dir, c.file), historyToJSON(await h.fetchHistory()) + '\n');
      }
    } finally {
      await t.close();
    }
  });
}

test.each(cases.map((c) => [c.file, c.workflowType]))('golden history %s replays against the current workflow code', async (file, workflowType) => {
  const bundle = await bundleWorkflows(require.resolve('./workflows'));
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  expect(history.events!.length).toBeGreaterThan(5);
  // The workflow id is not in the history; the recorded one matters to code that derives ids from it.
  await Worker.runReplayHistory({ workflowBundle: bundle }, history, `golden-${workflowType}`);
});
