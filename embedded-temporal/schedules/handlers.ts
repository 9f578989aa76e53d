/**
 * The schedule RPCs of WorkflowService: Create, Describe, Update, Patch (trigger, backfill, pause,
 * unpause), Delete, List, Count and ListScheduleMatchingTimes. Bad input answers INVALID_ARGUMENT
 * naming the field; a spec the service cannot use starts with "Invalid schedule spec: " (the SDK
 * turns that into a TypeError carrying the rest of the message).
 */
import { status } from '@grpc/grpc-js';
import type { UnaryHandler } from '../grpc-plumbing';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, ServiceError } from '../errors';
import { durationMs, msToDuration, msToTimestamp, temporal, timestampMs, type Plain } from '../proto';
import { compileSpec, futureActionTimes, nextNominalTime, ScheduleSpecError } from './spec';
import { DEFAULT_CATCHUP_WINDOW_MS, MIN_CATCHUP_WINDOW_MS, scheduleKey, type Schedules } from './scheduler';
import type { Schedule, ScheduleRecord } from './schedule-store';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer P } ? Plain<P> : never;
type Patch = Plain<temporal.api.schedule.v1.ISchedulePatch>;

const Overlap = temporal.api.enums.v1.ScheduleOverlapPolicy;
const FUTURE_TIMES_DESCRIBED = 10;
const FUTURE_TIMES_LISTED = 5;
const RECENT_ACTIONS_LISTED = 5;
const BACKFILL_LIMIT = 10_000;

/** Checks a schedule from a Create or Update request and returns it compiled, with defaults filled in. */
function validSchedule(schedule: Schedule | null | undefined): Schedule {
  if (!schedule) throw new InvalidArgumentError('schedule is not set on request.');
  const start = schedule.action?.startWorkflow;
  if (!start) throw new InvalidArgumentError('schedule.action.startWorkflow is not set: a schedule\'s action must start a workflow.');
  if (!start.workflowId) throw new InvalidArgumentError('schedule.action.startWorkflow.workflowId is not set.');
  if (!start.workflowType?.name) throw new InvalidArgumentError('schedule.action.startWorkflow.workflowType is not set.');
  if (!start.taskQueue?.name) throw new InvalidArgumentError('schedule.action.startWorkflow.taskQueue is not set.');
  const overlap = schedule.policies?.overlapPolicy ?? 0;
  if (!Object.values(Overlap).includes(overlap)) throw new InvalidArgumentError(`schedule.policies.overlapPolicy ${overlap} is not a ScheduleOverlapPolicy.`);
  let spec;
  try {
    spec = compileSpec(schedule.spec);
  } catch (err) {
    if (err instanceof ScheduleSpecError) throw new InvalidArgumentError(`Invalid schedule spec: ${err.message}`);
    throw err;
  }
  const remaining = schedule.state?.remainingActions ?? 0;
  if (schedule.state?.limitedActions && remaining < 0) throw new InvalidArgumentError('schedule.state.remainingActions must not be negative.');
  const catchupMs = durationMs(schedule.policies?.catchupWindow);
  return {
    spec,
    action: { startWorkflow: { ...start, taskQueue: { name: start.taskQueue.name, kind: 1 } } },
    policies: {
      overlapPolicy: overlap || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP,
      catchupWindow: msToDuration(catchupMs === undefined || catchupMs <= 0 ? DEFAULT_CATCHUP_WINDOW_MS : Math.max(catchupMs, MIN_CATCHUP_WINDOW_MS)),
      pauseOnFailure: !!schedule.policies?.pauseOnFailure,
      keepOriginalWorkflowId: !!schedule.policies?.keepOriginalWorkflowId,
    },
    state: {
      paused: !!schedule.state?.paused, notes: schedule.state?.notes ?? '',
      limitedActions: !!schedule.state?.limitedActions, remainingActions: schedule.state?.limitedActions ? remaining : 0,
    },
  };
}

const conflictToken = (rec: ScheduleRecord) => Buffer.from(String(rec.version));

export function scheduleHandlers(schedules: Schedules): Record<string, UnaryHandler> {
  const { engine } = schedules;
  const ns = (n: string | null | undefined) => engine.namespace(n);

  const find = (namespace: string | null | undefined, scheduleId: string | null | undefined): ScheduleRecord => {
    const rec = schedules.records.get(scheduleKey(ns(namespace), scheduleId ?? ''));
    if (!rec) throw new NotFoundError(`schedule "${scheduleId ?? ''}" not found.`);
    return rec;
  };

  const applyPatch = (rec: ScheduleRecord, patch: Patch | null | undefined): void => {
    if (!patch) return;
    const now = engine.clock.now();
    if (patch.pause) rec.schedule.state = { ...rec.schedule.state, paused: true, notes: patch.pause };
    if (patch.unpause) rec.schedule.state = { ...rec.schedule.state, paused: false, notes: patch.unpause };
    if (patch.pause || patch.unpause) rec.version++;
    const starts = [];
    if (patch.triggerImmediately) {
      const at = timestampMs(patch.triggerImmediately.scheduledTime) ?? now;
      starts.push({ nominal: at, actual: now, overlap: schedules.overlapPolicy(rec, patch.triggerImmediately.overlapPolicy), manual: true });
    }
    for (const [i, b] of (patch.backfillRequest ?? []).entries()) {
      const start = timestampMs(b.startTime);
      const end = timestampMs(b.endTime);
      if (start === undefined || end === undefined) throw new InvalidArgumentError(`backfillRequest[${i}] needs both startTime and endTime.`);
      if (end < start) throw new InvalidArgumentError(`backfillRequest[${i}]: endTime is before startTime.`);
      for (const nominal of schedules.backfillTimes(rec, start, end, BACKFILL_LIMIT)) {
        starts.push({ nominal, actual: now, overlap: schedules.overlapPolicy(rec, b.overlapPolicy), manual: true });
      }
    }
    schedules.enqueueManual(rec, starts);
  };

  const actionsWithStatus = (rec: ScheduleRecord, list: ScheduleRecord['recentActions']) => list.map((a) => ({
    ...a,
    startWorkflowStatus: engine.tryFind(rec.namespace, a.startWorkflowResult?.workflowId ?? '')?.state.status ?? a.startWorkflowStatus,
  }));

  const upcoming = (rec: ScheduleRecord, n: number) => {
    const state = rec.schedule.state;
    if (state?.paused || (state?.limitedActions && (state.remainingActions ?? 0) <= 0)) return [];
    return futureActionTimes(rec.schedule.spec ?? {}, rec.scheduleId, engine.clock.now(), n).map(msToTimestamp);
  };

  return {
    CreateSchedule: (req: Req<'CreateScheduleRequest'>) => {
      const namespace = ns(req.namespace);
      if (!req.scheduleId) throw new InvalidArgumentError('ScheduleId is not set on request.');
      const existing = schedules.records.get(scheduleKey(namespace, req.scheduleId));
      if (existing) {
        if (req.requestId && existing.requestId === req.requestId) return { conflictToken: conflictToken(existing) };
        throw new ServiceError(status.ALREADY_EXISTS, `schedule "${req.scheduleId}" already exists.`);
      }
      const schedule = validSchedule(req.schedule);
      const now = engine.clock.now();
      const rec: ScheduleRecord = {
        namespace, scheduleId: req.scheduleId, schedule, memo: req.memo ?? undefined, searchAttributes: req.searchAttributes ?? undefined,
        createTime: now, version: 1, processedUntil: now, buffer: [], running: [], recentActions: [],
        actionCount: 0, missedCatchupWindow: 0, overlapSkipped: 0, bufferDropped: 0, requestId: req.requestId ?? undefined,
      };
      engine.mutate(() => {
        schedules.add(rec);
        applyPatch(rec, req.initialPatch);
      });
      return { conflictToken: conflictToken(rec) };
    },

    DescribeSchedule: (req: Req<'DescribeScheduleRequest'>) => {
      const rec = find(req.namespace, req.scheduleId);
      return {
        schedule: rec.schedule,
        info: {
          actionCount: rec.actionCount, missedCatchupWindow: rec.missedCatchupWindow, overlapSkipped: rec.overlapSkipped,
          bufferDropped: rec.bufferDropped, bufferSize: rec.buffer.length,
          runningWorkflows: schedules.stillRunning(rec),
          recentActions: actionsWithStatus(rec, rec.recentActions),
          futureActionTimes: upcoming(rec, FUTURE_TIMES_DESCRIBED),
          createTime: msToTimestamp(rec.createTime),
          updateTime: rec.updateTime !== undefined ? msToTimestamp(rec.updateTime) : undefined,
        },
        memo: rec.memo, searchAttributes: rec.searchAttributes, conflictToken: conflictToken(rec),
      };
    },

    UpdateSchedule: (req: Req<'UpdateScheduleRequest'>) => {
      const rec = find(req.namespace, req.scheduleId);
      if (req.conflictToken && req.conflictToken.length > 0 && !Buffer.from(req.conflictToken).equals(conflictToken(rec))) {
        throw new FailedPreconditionError(`schedule "${rec.scheduleId}" was changed since its conflict token was read; describe it again.`);
      }
      const schedule = validSchedule(req.schedule);
      const key = scheduleKey(rec.namespace, rec.scheduleId);
      engine.mutate(() => {
        schedules.process(key); // what fell due under the old spec is taken under it
        const now = engine.clock.now();
        rec.schedule = schedule;
        if (req.searchAttributes) rec.searchAttributes = req.searchAttributes;
        if (req.memo) rec.memo = req.memo;
        rec.processedUntil = Math.max(rec.processedUntil, now);
        rec.updateTime = now;
        rec.version++;
        schedules.process(key);
      });
      return {};
    },

    PatchSchedule: (req: Req<'PatchScheduleRequest'>) => {
      const rec = find(req.namespace, req.scheduleId);
      engine.mutate(() => {
        applyPatch(rec, req.patch);
        schedules.process(scheduleKey(rec.namespace, rec.scheduleId));
      });
      return {};
    },

    DeleteSchedule: (req: Req<'DeleteScheduleRequest'>) => {
      schedules.remove(find(req.namespace, req.scheduleId));
      return {};
    },

    ListSchedules: (req: Req<'ListSchedulesRequest'>) => {
      const namespace = ns(req.namespace);
      if (req.query && req.query.trim() !== '') throw new InvalidArgumentError('ListSchedules: queries are not supported by this service; list without a query.');
      const all = [...schedules.records.values()].filter((r) => r.namespace === namespace).sort((a, b) => (a.scheduleId < b.scheduleId ? -1 : 1));
      const size = req.maximumPageSize && req.maximumPageSize > 0 ? Math.min(req.maximumPageSize, 1000) : 1000;
      const offset = req.nextPageToken && req.nextPageToken.length > 0 ? Number(Buffer.from(req.nextPageToken).toString()) || 0 : 0;
      const page = all.slice(offset, offset + size);
      return {
        schedules: page.map((rec) => ({
          scheduleId: rec.scheduleId, memo: rec.memo, searchAttributes: rec.searchAttributes,
          info: {
            spec: rec.schedule.spec, workflowType: rec.schedule.action?.startWorkflow?.workflowType,
            notes: rec.schedule.state?.notes ?? '', paused: !!rec.schedule.state?.paused,
            recentActions: actionsWithStatus(rec, rec.recentActions.slice(-RECENT_ACTIONS_LISTED)),
            futureActionTimes: upcoming(rec, FUTURE_TIMES_LISTED),
          },
        })),
        nextPageToken: offset + size < all.length ? Buffer.from(String(offset + size)) : undefined,
      };
    },

    CountSchedules: (req: Req<'CountSchedulesRequest'>) => {
      const namespace = ns(req.namespace);
      if (req.query && req.query.trim() !== '') throw new InvalidArgumentError('CountSchedules: queries are not supported by this service; count without a query.');
      return { count: [...schedules.records.values()].filter((r) => r.namespace === namespace).length };
    },

    ListScheduleMatchingTimes: (req: Req<'ListScheduleMatchingTimesRequest'>) => {
      const rec = find(req.namespace, req.scheduleId);
      const start = timestampMs(req.startTime);
      const end = timestampMs(req.endTime);
      if (start === undefined || end === undefined) throw new InvalidArgumentError('startTime and endTime are both required.');
      const times: number[] = [];
      let t = nextNominalTime(rec.schedule.spec ?? {}, start - 1000);
      while (t !== undefined && t <= end && times.length < BACKFILL_LIMIT) {
        times.push(schedules.jitteredTime(rec, t));
        t = nextNominalTime(rec.schedule.spec ?? {}, t);
      }
      return { startTime: times.map(msToTimestamp) };
    },
  };
}
