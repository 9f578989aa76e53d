/**
 * Schedules through the real SDK client (`client.schedule.*`) against the embedded service, with
 * time skipping so hourly, half-hourly and yearly schedules fire in seconds. Every expected fire
 * time is computed from the service clock, never hard-coded.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { msToTs, optionalTsToMs } from '@temporalio/common/lib/time';
import { useSuite } from './suite';

const HOUR = 3600_000;
const s = useSuite({ timeSkipping: true });

/** Go's RFC 3339 form, as the server names scheduled runs. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Every multiple of `every` in (from, to]. */
function boundaries(from: number, to: number, every: number): number[] {
  const out: number[] = [];
  for (let t = (Math.floor(from / every) + 1) * every; t <= to; t += every) out.push(t);
  return out;
}

async function runsOf(prefix: string) {
  const runs = [];
  for await (const info of s.t.client.workflow.list()) if (info.workflowId.startsWith(`${prefix}-`)) runs.push(info);
  return runs.sort((a, b) => (a.workflowId < b.workflowId ? -1 : 1));
}

const greetingAction = (workflowId: string) => ({ type: 'startWorkflow' as const, workflowType: 'greeting', args: ['street office'], taskQueue: s.taskQueue, workflowId });
const blockingAction = (workflowId: string) => ({ type: 'startWorkflow' as const, workflowType: 'waitsForRelease', taskQueue: s.taskQueue, workflowId });

async function terminateOpen(prefix: string) {
  for (const r of await runsOf(prefix)) if (r.status.name === 'RUNNING') await s.t.client.workflow.getHandle(r.workflowId).terminate('test cleanup');
}

test('create, describe, list, update and delete a schedule', async () => {
  const handle = await s.t.client.schedule.create({
    scheduleId: 'crud', spec: { intervals: [{ every: '1h' }] }, action: greetingAction('crud'), memo: { owner: 'street office' },
  });
  const now = await s.t.now();
  const d = await handle.describe();
  expect(d.spec.intervals).toEqual([expect.objectContaining({ every: HOUR })]);
  expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'greeting', workflowId: 'crud', taskQueue: s.taskQueue, args: ['street office'] });
  expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(d.memo).toEqual({ owner: 'street office' });
  expect(d.state.paused).toBe(false);
  expect(d.info.numActionsTaken).toBe(0);
  expect(d.info.createdAt.getTime()).toBeLessThanOrEqual(now);
  expect(d.info.nextActionTimes.map((t) => t.getTime())).toEqual(boundaries(now, now + 10 * HOUR, HOUR));

  await expect(s.t.client.schedule.create({ scheduleId: 'crud', spec: { intervals: [{ every: '1h' }] }, action: greetingAction('crud') }))
    .rejects.toBeInstanceOf(ScheduleAlreadyRunning);

  const listed = [];
  for await (const summary of s.t.client.schedule.list()) listed.push(summary);
  expect(listed.find((x) => x.scheduleId === 'crud')).toMatchObject({ action: { workflowType: 'greeting' }, memo: { owner: 'street office' }, state: { paused: false } });

  const raw = s.t.client.connection.workflowService;
  await expect(raw.updateSchedule({
    namespace: 'default', scheduleId: 'crud', conflictToken: Buffer.from('stale'), requestId: 'stale-update', schedule: (await handle.describe()).raw.schedule,
  })).rejects.toMatchObject({ code: 9 });
  await handle.update((prev) => ({ ...prev, spec: { cronExpressions: ['0 8 * * *'] } }));
  const updated = await handle.describe();
  expect(updated.spec.calendars).toEqual([expect.objectContaining({ hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] })]);
  expect(updated.spec.intervals).toEqual([]);
  expect(updated.info.lastUpdatedAt).toBeDefined();
  const next = new Date(updated.info.nextActionTimes[0]);
  expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([8, 0, 0]);

  await handle.delete();
  await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  const after = [];
  for await (const summary of s.t.client.schedule.list()) after.push(summary.scheduleId);
  expect(after).not.toContain('crud');
});

test('an interval schedule starts a workflow at every interval, named <workflowId>-<time>, as virtual time passes', async () => {
  const from = await s.t.now();
  const handle = await s.t.client.schedule.create({ scheduleId: 'hourly', spec: { intervals: [{ every: '1h' }] }, action: greetingAction('hourly') });
  await s.t.sleep(3.5 * HOUR);
  const expected = boundaries(from, from + 3.5 * HOUR, HOUR);
  const runs = await runsOf('hourly');
  expect(runs.map((r) => r.workflowId)).toEqual(expected.map((t) => `hourly-${rfc3339(t)}`));
  expect(runs.every((r) => r.status.name === 'COMPLETED')).toBe(true);
  expect(runs[0].searchAttributes.TemporalScheduledById).toEqual(['hourly']);
  expect(runs[0].searchAttributes.TemporalScheduledStartTime).toEqual([new Date(expected[0]).toISOString()]);
  const d = await handle.describe();
  expect(d.info.numActionsTaken).toBe(expected.length);
  expect(d.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual(expected);
  await handle.delete();
  // (after the delete: awaiting a result lets virtual time run on)
  expect(await s.t.client.workflow.getHandle(runs[0].workflowId).result()).toBe('Hello, street office!');
});

test('a cron string fires at its minutes', async () => {
  const from = await s.t.now();
  const handle = await s.t.client.schedule.create({ scheduleId: 'half-hourly', spec: { cronExpressions: ['*/30 * * * *'] }, action: greetingAction('half-hourly') });
  await s.t.sleep(2 * HOUR);
  const runs = await runsOf('half-hourly');
  expect(runs.map((r) => r.workflowId)).toEqual(boundaries(from, from + 2 * HOUR, HOUR / 2).map((t) => `half-hourly-${rfc3339(t)}`));
  await handle.delete();
});

test('cron strings are compiled as the server does: time zone prefix, names, comments, @every, 7 for Sunday', async () => {
  const office = await s.t.client.schedule.create({
    scheduleId: 'office-hours', spec: { cronExpressions: ['CRON_TZ=Asia/Shanghai 0 9 * * MON-FRI # office hours'] }, action: greetingAction('office-hours'),
  });
  const d = await office.describe();
  expect(d.spec.timezone).toBe('Asia/Shanghai');
  expect(d.spec.calendars).toEqual([expect.objectContaining({
    hour: [{ start: 9, end: 9, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }], comment: 'office hours',
  })]);
  const now = await s.t.now();
  const { startTime } = await s.t.client.connection.workflowService.listScheduleMatchingTimes({
    namespace: 'default', scheduleId: 'office-hours', startTime: msToTs(now), endTime: msToTs(now + 14 * 24 * HOUR),
  });
  // 09:00 in Beijing is 01:00 UTC the same day
  const weekdays = boundaries(now - HOUR, now + 14 * 24 * HOUR - HOUR, 24 * HOUR).map((t) => t + HOUR).filter((t) => ![0, 6].includes(new Date(t).getUTCDay()));
  expect((startTime ?? []).map((t) => optionalTsToMs(t))).toEqual(weekdays);
  await office.delete();

  const mixed = await s.t.client.schedule.create({
    scheduleId: 'mixed', spec: { cronExpressions: ['@every 90m/5m', '0 0 * * 7', '@monthly'] }, action: greetingAction('mixed'),
  });
  const m = await mixed.describe();
  expect(m.spec.intervals).toEqual([{ every: 90 * 60_000, offset: 5 * 60_000 }]);
  expect((m.spec.calendars ?? []).map((c) => [c.dayOfWeek, c.dayOfMonth])).toEqual([
    [[{ start: 'SUNDAY', end: 'SUNDAY', step: 1 }], [{ start: 1, end: 31, step: 1 }]],
    [[{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }], [{ start: 1, end: 1, step: 1 }]],
  ]);
  await mixed.delete();
});

test('a yearly calendar in Asia/Shanghai fires at 09:00 Beijing time on January 1st (01:00 UTC)', async () => {
  const now = await s.t.now();
  const year = new Date(now).getUTCFullYear();
  const firstFire = [Date.UTC(year, 0, 1, 1), Date.UTC(year + 1, 0, 1, 1)].find((t) => t > now)!;
  const handle = await s.t.client.schedule.create({
    scheduleId: 'yearly-round', spec: { calendars: [{ month: 'JANUARY', dayOfMonth: 1, hour: 9, comment: 'yearly round' }], timezone: 'Asia/Shanghai' },
    action: greetingAction('yearly-round'),
  });
  const d = await handle.describe();
  expect(d.spec.timezone).toBe('Asia/Shanghai');
  expect(d.info.nextActionTimes[0].getTime()).toBe(firstFire);
  expect(d.info.nextActionTimes[1].getTime()).toBe(Date.UTC(new Date(firstFire).getUTCFullYear() + 1, 0, 1, 1));
  await s.t.sleep(firstFire - now + HOUR);
  const runs = await runsOf('yearly-round');
  expect(runs.map((r) => r.workflowId)).toEqual([`yearly-round-${rfc3339(firstFire)}`]);
  expect(runs[0].status.name).toBe('COMPLETED');
  await handle.delete();
});

test('overlap: SKIP starts nothing while the last run is still running; ALLOW_ALL starts every time', async () => {
  const from = await s.t.now();
  const skip = await s.t.client.schedule.create({ scheduleId: 'overlap-skip', spec: { intervals: [{ every: '1h' }] }, action: blockingAction('overlap-skip') });
  const all = await s.t.client.schedule.create({
    scheduleId: 'overlap-all', spec: { intervals: [{ every: '1h' }] }, action: blockingAction('overlap-all'), policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
  });
  await s.t.sleep(3.5 * HOUR);
  const expected = boundaries(from, from + 3.5 * HOUR, HOUR);
  expect((await runsOf('overlap-skip')).map((r) => r.workflowId)).toEqual([`overlap-skip-${rfc3339(expected[0])}`]);
  expect((await runsOf('overlap-all')).map((r) => r.workflowId)).toEqual(expected.map((t) => `overlap-all-${rfc3339(t)}`));
  const skipped = await skip.describe();
  expect(skipped.info.numActionsSkippedOverlap).toBe(expected.length - 1);
  expect(skipped.info.runningActions.map((a) => a.workflow.workflowId)).toEqual([`overlap-skip-${rfc3339(expected[0])}`]);
  expect((await all.describe()).info.runningActions).toHaveLength(expected.length);
  await skip.delete();
  await all.delete();
  await terminateOpen('overlap-skip');
  await terminateOpen('overlap-all');
});

test('BUFFER_ONE keeps one start for when the running run ends and drops the rest; BUFFER_ALL keeps them all', async () => {
  const from = await s.t.now();
  const handle = await s.t.client.schedule.create({
    scheduleId: 'buffer-one', spec: { intervals: [{ every: '1h' }] }, action: blockingAction('buffer-one'), policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE },
  });
  const bufferAll = await s.t.client.schedule.create({
    scheduleId: 'buffer-all', spec: { intervals: [{ every: '1h' }] }, action: blockingAction('buffer-all'), policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL },
  });
  await s.t.sleep(3.5 * HOUR);
  const expected = boundaries(from, from + 3.5 * HOUR, HOUR);
  const bufferOne = (await handle.describe()).raw.info;
  expect(bufferOne?.bufferSize?.toNumber()).toBe(1);
  expect(bufferOne?.bufferDropped?.toNumber()).toBe(expected.length - 2);
  expect((await bufferAll.describe()).raw.info?.bufferSize?.toNumber()).toBe(expected.length - 1);
  expect(await runsOf('buffer-all')).toHaveLength(1);
  await bufferAll.delete();
  await terminateOpen('buffer-all');
  const first = await runsOf('buffer-one');
  expect(first.map((r) => r.workflowId)).toEqual([`buffer-one-${rfc3339(expected[0])}`]);
  await s.t.client.workflow.getHandle(first[0].workflowId).signal('release', 'done');
  await s.t.client.workflow.getHandle(first[0].workflowId).result();
  const runs = await waitFor(async () => {
    const r = await runsOf('buffer-one');
    return r.length === 2 ? r : undefined;
  });
  expect(runs[1].workflowId).toBe(`buffer-one-${rfc3339(expected[1])}`);
  expect((await handle.describe()).info.numActionsTaken).toBe(2);
  await handle.delete();
  await terminateOpen('buffer-one');
});

test('overlap CANCEL_OTHER cancels the running run and starts once it ended; TERMINATE_OTHER terminates it', async () => {
  const from = await s.t.now();
  const cancel = await s.t.client.schedule.create({
    scheduleId: 'overlap-cancel', spec: { intervals: [{ every: '1h' }] }, action: blockingAction('overlap-cancel'), policies: { overlap: ScheduleOverlapPolicy.CANCEL_OTHER },
  });
  const terminate = await s.t.client.schedule.create({
    scheduleId: 'overlap-terminate', spec: { intervals: [{ every: '1h' }] }, action: blockingAction('overlap-terminate'), policies: { overlap: ScheduleOverlapPolicy.TERMINATE_OTHER },
  });
  await s.t.sleep(2.5 * HOUR);
  const expected = boundaries(from, from + 2.5 * HOUR, HOUR);
  const last = expected.length - 1;
  const cancelled = await runsOf('overlap-cancel');
  expect(cancelled.map((r) => r.workflowId)).toEqual(expected.map((t) => `overlap-cancel-${rfc3339(t)}`));
  expect(cancelled.map((r) => r.status.name)).toEqual(expected.map((_, i) => (i === last ? 'RUNNING' : 'CANCELLED')));
  const terminated = await runsOf('overlap-terminate');
  expect(terminated.map((r) => r.workflowId)).toEqual(expected.map((t) => `overlap-terminate-${rfc3339(t)}`));
  expect(terminated.map((r) => r.status.name)).toEqual(expected.map((_, i) => (i === last ? 'RUNNING' : 'TERMINATED')));
  await cancel.delete();
  await terminate.delete();
  await terminateOpen('overlap-cancel');
  await terminateOpen('overlap-terminate');
});

test('jitter delays each action by a stable amount below the jitter; the run keeps its nominal name', async () => {
  const from = await s.t.now();
  const handle = await s.t.client.schedule.create({
    scheduleId: 'jittered', spec: { intervals: [{ every: '1h' }], jitter: '10m' }, action: greetingAction('jittered'),
  });
  const described = await handle.describe();
  expect((await handle.describe()).info.nextActionTimes).toEqual(described.info.nextActionTimes);
  const nominal = boundaries(from, from + 10 * HOUR, HOUR);
  const delays = described.info.nextActionTimes.map((t, i) => t.getTime() - nominal[i]);
  expect(delays.every((d) => d >= 0 && d < 10 * 60_000)).toBe(true);
  expect(new Set(delays).size).toBeGreaterThan(1);
  await s.t.sleep(nominal[0] - from + 10 * 60_000);
  const runs = await runsOf('jittered');
  expect(runs.map((r) => r.workflowId)).toEqual([`jittered-${rfc3339(nominal[0])}`]);
  const actual = described.info.nextActionTimes[0].getTime();
  expect(runs[0].startTime.getTime()).toBeGreaterThanOrEqual(actual);
  expect(runs[0].startTime.getTime()).toBeLessThan(actual + 60_000);
  await handle.delete();
});

test('pause lets fire times pass without starting anything; unpause resumes with the next time', async () => {
  const handle = await s.t.client.schedule.create({
    scheduleId: 'paused', spec: { intervals: [{ every: '1h' }] }, action: greetingAction('paused'), state: { paused: true, note: 'waiting for the district' },
  });
  let d = await handle.describe();
  expect(d.state).toMatchObject({ paused: true, note: 'waiting for the district' });
  expect(d.info.nextActionTimes).toEqual([]);
  await s.t.sleep(2.5 * HOUR);
  expect(await runsOf('paused')).toEqual([]);
  await handle.unpause('district approved');
  const from = await s.t.now();
  d = await handle.describe();
  expect(d.state).toMatchObject({ paused: false, note: 'district approved' });
  await s.t.sleep(2 * HOUR);
  expect((await runsOf('paused')).map((r) => r.workflowId)).toEqual(boundaries(from, from + 2 * HOUR, HOUR).map((t) => `paused-${rfc3339(t)}`));
  await handle.pause('done for now');
  expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'done for now' });
  await handle.delete();
});

test('pauseOnFailure pauses the schedule when a run it started fails', async () => {
  const from = await s.t.now();
  const handle = await s.t.client.schedule.create({
    scheduleId: 'fails', spec: { intervals: [{ every: '1h' }] }, policies: { pauseOnFailure: true },
    action: { type: 'startWorkflow', workflowType: 'failing', args: ['the grid data is missing'], taskQueue: s.taskQueue, workflowId: 'fails' },
  });
  await s.t.sleep(3.5 * HOUR);
  const runs = await runsOf('fails');
  expect(runs.map((r) => r.workflowId)).toEqual([`fails-${rfc3339(boundaries(from, from + HOUR, HOUR)[0])}`]);
  expect(runs[0].status.name).toBe('FAILED');
  expect((await handle.describe()).state).toMatchObject({ paused: true, note: expect.stringContaining(runs[0].workflowId) });
  await handle.delete();
});

test('trigger starts the action at once, even while paused; limited actions run out', async () => {
  const handle = await s.t.client.schedule.create({
    scheduleId: 'triggered', spec: { calendars: [{ month: 'JANUARY', dayOfMonth: 1 }] }, action: greetingAction('triggered'), state: { paused: true },
  });
  const now = await s.t.now();
  await handle.trigger();
  const runs = await runsOf('triggered');
  expect(runs).toHaveLength(1);
  expect(runs[0].workflowId).toBe(`triggered-${rfc3339(now)}`);
  expect(await s.t.client.workflow.getHandle(runs[0].workflowId).result()).toBe('Hello, street office!');
  expect((await handle.describe()).info.numActionsTaken).toBe(1);
  await handle.delete();

  const from = await s.t.now();
  const limited = await s.t.client.schedule.create({
    scheduleId: 'limited', spec: { intervals: [{ every: '1h' }] }, action: greetingAction('limited'), state: { remainingActions: 2 },
  });
  await s.t.sleep(4.5 * HOUR);
  expect((await runsOf('limited')).map((r) => r.workflowId)).toEqual(boundaries(from, from + 4.5 * HOUR, HOUR).slice(0, 2).map((t) => `limited-${rfc3339(t)}`));
  const d = await limited.describe();
  expect(d.state.remainingActions).toBe(0);
  expect(d.info.nextActionTimes).toEqual([]);
  await limited.delete();
});

test('backfill starts the actions of a past period, named by their nominal times', async () => {
  const handle = await s.t.client.schedule.create({ scheduleId: 'backfilled', spec: { intervals: [{ every: '1h' }] }, action: greetingAction('backfilled') });
  const now = await s.t.now();
  const start = now - 5 * HOUR;
  const end = now - 2 * HOUR;
  await handle.backfill({ start: new Date(start), end: new Date(end), overlap: ScheduleOverlapPolicy.ALLOW_ALL });
  const expected = boundaries(start - 1, end, HOUR);
  expect(expected.length).toBeGreaterThanOrEqual(3);
  const runs = await runsOf('backfilled');
  expect(runs.map((r) => r.workflowId)).toEqual(expected.map((t) => `backfilled-${rfc3339(t)}`));
  expect((await handle.describe()).info.numActionsTaken).toBe(expected.length);
  await handle.delete();
});

test('bad input is refused with INVALID_ARGUMENT naming what is wrong, and nothing is stored', async () => {
  await expect(s.t.client.schedule.create({ scheduleId: 'bad-cron', spec: { cronExpressions: ['0 9 1 13 *'] }, action: greetingAction('bad') }))
    .rejects.toThrow(/month: 13 is outside 1-12/);
  await expect(s.t.client.schedule.create({ scheduleId: 'bad-zone', spec: { cronExpressions: ['@daily'], timezone: 'Asia/Atlantis' }, action: greetingAction('bad') }))
    .rejects.toThrow(/unknown time zone "Asia\/Atlantis"/);
  const raw = s.t.client.connection.workflowService;
  await expect(raw.createSchedule({
    namespace: 'default', scheduleId: 'no-queue', requestId: 'r1',
    schedule: { spec: { cronString: ['@hourly'] }, action: { startWorkflow: { workflowId: 'w', workflowType: { name: 'greeting' } } } },
  })).rejects.toMatchObject({ code: 3, details: expect.stringContaining('taskQueue') });
  await expect(raw.createSchedule({
    namespace: 'default', scheduleId: 'bad-interval', requestId: 'r2',
    schedule: { spec: { interval: [{ interval: { nanos: 500_000_000 } }] }, action: { startWorkflow: { workflowId: 'w', workflowType: { name: 'greeting' }, taskQueue: { name: s.taskQueue } } } },
  })).rejects.toMatchObject({ code: 3, details: expect.stringContaining('interval 0: must be at least one second') });
  for (const id of ['bad-cron', 'bad-zone', 'no-queue', 'bad-interval']) {
    await expect(s.t.client.schedule.getHandle(id).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  }
});

async function waitFor<T>(probe: () => Promise<T | undefined>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}

