/**
 * The scheduler: keeps every schedule's next action time as a deadline on the service clock (so
 * time skipping jumps to it like to a timer), and when it is due takes the actions per the
 * schedule's policies:
 *
 * - a nominal time more than the catch-up window in the past (the service was down) is missed;
 * - paused schedules, and limited ones with no actions left, let their times pass;
 * - overlap with a still-running workflow: SKIP drops the start, BUFFER_ONE keeps one start for
 *   when it ends (later ones are dropped), BUFFER_ALL keeps them all, CANCEL_OTHER asks the running
 *   one to cancel and starts when it has ended, TERMINATE_OTHER terminates it and starts at once,
 *   ALLOW_ALL starts regardless;
 * - a started workflow's id is `<workflowId>-<nominal time, RFC 3339 UTC>`, and it carries the
 *   search attributes TemporalScheduledStartTime and TemporalScheduledById.
 *
 * Each change is one `engine.mutate`; the record is written by the same group commit as the runs
 * it started (see schedule-store.ts), and after a restart `recover` catches up what fell due.
 */
import type Database from 'better-sqlite3';
import type { Engine } from '../engine';
import type { Execution } from '../execution';
import { AlreadyStartedError } from '../errors';
import { ExecutionStatus, durationMs, msToTimestamp, temporal, type Plain } from '../proto';
import { nextFire, nextNominalTime, actionTime } from './spec';
import { ScheduleTable, type BufferedStart, type ScheduleRecord } from './schedule-store';

const Overlap = temporal.api.enums.v1.ScheduleOverlapPolicy;
/** The server's defaults: catch up on a year of missed times, never on less than ten seconds. */
export const DEFAULT_CATCHUP_WINDOW_MS = 365 * 86_400_000;
export const MIN_CATCHUP_WINDOW_MS = 10_000;
const RECENT_ACTIONS_KEPT = 10;
/** Nominal times handled per pass; a long-missed second-by-second schedule continues on the next pass. */
const TIMES_PER_PASS = 1000;
const CLOCK_KEY = 'schedule:';
const SCHEDULER_IDENTITY = 'temporal-scheduler';

export function scheduleKey(namespace: string, scheduleId: string): string {
  return `${namespace}\u0000${scheduleId}`;
}

/** Go's RFC 3339 rendering of a UTC time in whole seconds, as the server names scheduled runs. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function jsonPayload(value: unknown, type: string): Plain<temporal.api.common.v1.IPayload> {
  return { metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from(type) }, data: Buffer.from(JSON.stringify(value)) };
}

export class Schedules {
  readonly records = new Map<string, ScheduleRecord>();
  private table: ScheduleTable;
  /** namespace+workflow id of a started run → its schedule, to react when the run closes. */
  private byWorkflow = new Map<string, string>();

  constructor(readonly engine: Engine, db: Database.Database) {
    this.table = new ScheduleTable(db);
    const engineDue = engine.clock.onDue;
    engine.clock.onDue = (key) => (key.startsWith(CLOCK_KEY) ? this.process(key.slice(CLOCK_KEY.length)) : engineDue(key));
    engine.closeHooks.push((exec) => this.runClosed(exec));
  }

  /** Loads the schedules after a (re)start and catches up on what fell due meanwhile. */
  recover(): number {
    const all = this.table.loadAll();
    for (const rec of all) {
      const key = scheduleKey(rec.namespace, rec.scheduleId);
      this.records.set(key, rec);
      for (const r of rec.running) this.byWorkflow.set(scheduleKey(rec.namespace, r.workflowId), key);
    }
    for (const rec of all) this.process(scheduleKey(rec.namespace, rec.scheduleId));
    return all.length;
  }

  // ---------------------------------------------------------------- records

  add(rec: ScheduleRecord): void {
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    this.records.set(key, rec);
    this.process(key);
  }

  remove(rec: ScheduleRecord): void {
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    this.records.delete(key);
    this.engine.clock.clear(CLOCK_KEY + key);
    this.engine.touchOther(`schedule:${key}`, () => this.table.remove(rec.namespace, rec.scheduleId));
  }

  /** Queues the record for the next group commit. Call after every change. */
  save(rec: ScheduleRecord): void {
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    this.engine.touchOther(`schedule:${key}`, () => {
      if (this.records.get(key) === rec) this.table.save(rec);
    });
  }

  catchupWindowMs(rec: ScheduleRecord): number {
    return Math.max(durationMs(rec.schedule.policies?.catchupWindow) ?? DEFAULT_CATCHUP_WINDOW_MS, MIN_CATCHUP_WINDOW_MS);
  }

  // ---------------------------------------------------------------- processing

  /** Takes every action that is due, starts buffered ones that may start, and arms the next deadline. */
  process(key: string): void {
    const rec = this.records.get(key);
    if (!rec) return;
    const { engine } = this;
    try {
      engine.mutate(() => {
        const now = engine.clock.now();
        const spec = rec.schedule.spec ?? {};
        let handled = 0;
        for (;;) {
          const fire = nextFire(spec, rec.scheduleId, rec.processedUntil);
          if (!fire || fire.actual > now) break;
          if (++handled > TIMES_PER_PASS) break;
          rec.processedUntil = fire.nominal;
          if (now - fire.actual > this.catchupWindowMs(rec)) {
            rec.missedCatchupWindow++;
            continue;
          }
          if (!this.mayTakeScheduledAction(rec)) continue;
          rec.buffer.push({ nominal: fire.nominal, actual: fire.actual, overlap: this.overlapPolicy(rec), manual: false });
        }
        this.drainBuffer(rec);
        this.save(rec);
        if (handled > TIMES_PER_PASS) engine.clock.set(CLOCK_KEY + key, now);
        else this.arm(rec);
      });
    } catch (err) {
      engine.log(`schedule ${rec.scheduleId} could not be processed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  private arm(rec: ScheduleRecord): void {
    const key = CLOCK_KEY + scheduleKey(rec.namespace, rec.scheduleId);
    const next = nextFire(rec.schedule.spec ?? {}, rec.scheduleId, rec.processedUntil);
    if (next) this.engine.clock.set(key, next.actual);
    else this.engine.clock.clear(key);
  }

  overlapPolicy(rec: ScheduleRecord, requested?: number | null): number {
    return requested || rec.schedule.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP;
  }

  /** Paused schedules take no scheduled action; limited ones use one of their remaining actions. */
  private mayTakeScheduledAction(rec: ScheduleRecord): boolean {
    const state = (rec.schedule.state ??= {});
    if (state.paused) return false;
    if (!state.limitedActions) return true;
    if ((state.remainingActions ?? 0) <= 0) return false;
    state.remainingActions = (state.remainingActions ?? 0) - 1;
    return true;
  }

  /** Manual actions (trigger, backfill) ignore pause and limits. Call inside `mutate`. */
  enqueueManual(rec: ScheduleRecord, starts: BufferedStart[]): void {
    rec.buffer.push(...starts);
    this.drainBuffer(rec);
    this.save(rec);
  }

  /** Backfill: every nominal time in [start, end] as a manual action (at most `limit`). */
  backfillTimes(rec: ScheduleRecord, start: number, end: number, limit: number): number[] {
    const out: number[] = [];
    let t = nextNominalTime(rec.schedule.spec ?? {}, start - 1000);
    while (t !== undefined && t <= end && out.length < limit) {
      out.push(t);
      t = nextNominalTime(rec.schedule.spec ?? {}, t);
    }
    return out;
  }

  jitteredTime(rec: ScheduleRecord, nominal: number): number {
    return actionTime(rec.schedule.spec ?? {}, rec.scheduleId, nominal);
  }

  /** Runs started by the schedule whose workflow (or a continuation of it) is still open. */
  stillRunning(rec: ScheduleRecord): Array<{ workflowId: string; runId: string }> {
    return rec.running.filter((r) => this.engine.tryFind(rec.namespace, r.workflowId)?.open);
  }

  private drainBuffer(rec: ScheduleRecord): void {
    rec.running = this.stillRunning(rec);
    let running = rec.running.length > 0;
    const waiting: BufferedStart[] = [];
    for (const s of rec.buffer) {
      if (s.overlap === Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL || (!running && waiting.length === 0)) {
        running = this.start(rec, s) || running;
        continue;
      }
      switch (s.overlap) {
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE:
          if (waiting.length > 0) rec.bufferDropped++;
          else waiting.push(s);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL:
          waiting.push(s);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER:
          for (const r of rec.running) {
            const exec = this.engine.tryFind(rec.namespace, r.workflowId);
            if (exec?.open) this.engine.requestCancel(exec, `cancelled by schedule ${rec.scheduleId} (overlap policy CANCEL_OTHER)`, SCHEDULER_IDENTITY);
          }
          waiting.push(s);
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER:
          for (const r of rec.running) {
            const exec = this.engine.tryFind(rec.namespace, r.workflowId);
            if (exec?.open) this.engine.terminate(exec, `terminated by schedule ${rec.scheduleId} (overlap policy TERMINATE_OTHER)`, undefined, SCHEDULER_IDENTITY);
          }
          rec.running = [];
          running = this.start(rec, s);
          break;
        default: // SKIP
          rec.overlapSkipped++;
      }
    }
    rec.buffer = waiting;
  }

  /** Starts the schedule's workflow for one action; false when it could not be started. */
  private start(rec: ScheduleRecord, s: BufferedStart): boolean {
    const action = rec.schedule.action?.startWorkflow;
    if (!action) return false;
    const now = this.engine.clock.now();
    const workflowId = rec.schedule.policies?.keepOriginalWorkflowId ? action.workflowId! : `${action.workflowId}-${rfc3339(s.nominal)}`;
    const searchAttributes = {
      indexedFields: {
        ...(action.searchAttributes?.indexedFields ?? {}),
        TemporalScheduledStartTime: jsonPayload(new Date(s.nominal).toISOString(), 'Datetime'), // the nominal time, as the server sets it
        TemporalScheduledById: jsonPayload(rec.scheduleId, 'Keyword'),
      },
    };
    try {
      const { runId } = this.engine.startFromRequest({
        ...action, namespace: rec.namespace, workflowId, searchAttributes, identity: SCHEDULER_IDENTITY,
        requestId: `${rec.scheduleId}-${s.nominal}-${s.manual ? now : 'scheduled'}`,
        workflowIdReusePolicy: temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
        workflowIdConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
      });
      rec.actionCount++;
      rec.running.push({ workflowId, runId });
      this.byWorkflow.set(scheduleKey(rec.namespace, workflowId), scheduleKey(rec.namespace, rec.scheduleId));
      rec.recentActions.push({
        scheduleTime: msToTimestamp(s.nominal), actualTime: msToTimestamp(now),
        startWorkflowResult: { workflowId, runId }, startWorkflowStatus: ExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      });
      if (rec.recentActions.length > RECENT_ACTIONS_KEPT) rec.recentActions.splice(0, rec.recentActions.length - RECENT_ACTIONS_KEPT);
      return true;
    } catch (err) {
      // a run of this id exists already: the action was taken before (e.g. committed just before a crash)
      if (err instanceof AlreadyStartedError) return false;
      this.engine.log(`schedule ${rec.scheduleId} could not start ${workflowId}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** A started run ended: buffered starts may go now; pauseOnFailure pauses on failure or timeout. */
  private runClosed(exec: Execution): void {
    const st = exec.state;
    if (st.status === ExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) return;
    const key = this.byWorkflow.get(scheduleKey(st.namespace, st.workflowId));
    if (!key) return;
    this.byWorkflow.delete(scheduleKey(st.namespace, st.workflowId));
    const rec = this.records.get(key);
    if (!rec) return;
    const failed = st.status === ExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED || st.status === ExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
    if (failed && rec.schedule.policies?.pauseOnFailure) {
      rec.schedule.state = { ...rec.schedule.state, paused: true, notes: `paused because workflow ${st.workflowId} failed` };
    }
    // after this change is applied: the run counts as closed then
    setImmediate(() => this.process(key));
  }
}
