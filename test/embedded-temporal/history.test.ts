import { temporal } from '@temporalio/proto';
import { useSuite } from './suite';

const ET = temporal.api.enums.v1.EventType;
// A low threshold so the suggestion comes after a few timers (the server's default is 4096 events).
const s = useSuite({ historyLimits: { suggestContinueAsNewEvents: 30 } });

test('workflows are told to continue as new once history passes the threshold, and the hint replays', async () => {
  const h = await s.t.client.workflow.start('growsUntilSuggested', { taskQueue: s.taskQueue, workflowId: `grows-${Date.now()}` });
  const seen = await h.result();
  expect(seen.length).toBeGreaterThanOrEqual(30);
  expect(seen.length).toBeLessThan(40);
  expect(seen.size).toBeGreaterThan(0);
  const started = (await h.fetchHistory()).events!.filter((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  expect(started.at(-1)!.workflowTaskStartedEventAttributes?.suggestContinueAsNew).toBe(true);
  expect(started[0].workflowTaskStartedEventAttributes?.suggestContinueAsNew).toBeFalsy();
});

test('the WorkflowTaskStarted time in history is the clock the workflow saw', async () => {
  const h = await s.t.client.workflow.start('clockSeen', { taskQueue: s.taskQueue, workflowId: `clock-${Date.now()}` });
  const seen = await h.result();
  const firstStarted = (await h.fetchHistory()).events!.find((e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED)!;
  const t = firstStarted.eventTime!;
  expect(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toBe(seen);
});
