// Shared setup for the embedded Temporal suites: one service, one bundle and one worker per suite,
// and a replay of every history the suite produced at the end.
import type { WorkflowBundle } from '@temporalio/worker';
import { startTestTemporal, bundleWorkflows, type TestTemporal, type RunningWorker, type TestTemporalOptions } from '../helpers/temporal';
import * as activities from './activities';

export interface Suite { t: TestTemporal; bundle: WorkflowBundle; worker: RunningWorker; taskQueue: string }

export function useSuite(opts: TestTemporalOptions & { replaySkip?: (workflowId: string) => boolean } = {}): Suite {
  const s = {} as Suite;
  beforeAll(async () => {
    s.t = await startTestTemporal({ ...opts, log: process.env.ET_LOG ? (l) => console.log(l) : opts.log });
    s.bundle = await bundleWorkflows(require.resolve('./workflows'));
    s.worker = await s.t.startWorker({ workflowBundle: s.bundle, activities });
    s.taskQueue = s.worker.taskQueue;
  });
  afterAll(async () => {
    if (!s.t) return;
    try {
      await s.worker.stop();
      // Every history this suite produced must replay against the same workflow code.
      const replayed = await s.t.replayAll(s.bundle, { skip: (h) => !!opts.replaySkip?.(h.workflowId) });
      expect(replayed).toBeGreaterThan(0);
    } finally {
      await s.t.close();
    }
  });
  return s;
}
