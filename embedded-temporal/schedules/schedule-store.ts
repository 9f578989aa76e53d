/**
 * A schedule's persisted record and its SQLite table. The table is created on open if missing, so
 * a temporal.db from before schedules upgrades in place. Records are written through the engine's
 * group commit (`Engine.touchOther`): a schedule's bookkeeping and the workflow run it started
 * land in one transaction, so a crash never leaves one without the other.
 */
import * as v8 from 'node:v8';
import type Database from 'better-sqlite3';
import type { temporal, Plain } from '../proto';

export type Schedule = Plain<temporal.api.schedule.v1.ISchedule>;
export type ActionResult = Plain<temporal.api.schedule.v1.IScheduleActionResult>;

/** A start waiting for its turn (overlap policy BUFFER_*, CANCEL_OTHER) or about to be taken. */
export interface BufferedStart { nominal: number; actual: number; overlap: number; manual: boolean }

export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  /** As created or last updated, with the spec compiled and policies defaulted. */
  schedule: Schedule;
  memo?: Plain<temporal.api.common.v1.IMemo>;
  searchAttributes?: Plain<temporal.api.common.v1.ISearchAttributes>;
  createTime: number;
  /** The CreateSchedule request id, so a retried create succeeds. */
  requestId?: string;
  updateTime?: number;
  /** Bumped by every change of the schedule itself; UpdateSchedule may require the one it read. */
  version: number;
  /** Every nominal time up to this one has been handled (taken, skipped or missed). */
  processedUntil: number;
  buffer: BufferedStart[];
  /** Workflow ids of started runs that may still be running (their latest run is checked). */
  running: Array<{ workflowId: string; runId: string }>;
  recentActions: ActionResult[];
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
}

export class ScheduleTable {
  private stmts;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS schedules (
      namespace TEXT NOT NULL, schedule_id TEXT NOT NULL, record BLOB NOT NULL,
      PRIMARY KEY (namespace, schedule_id)) WITHOUT ROWID`);
    this.stmts = {
      all: db.prepare('SELECT record FROM schedules'),
      upsert: db.prepare('INSERT INTO schedules (namespace, schedule_id, record) VALUES (?, ?, ?) ON CONFLICT(namespace, schedule_id) DO UPDATE SET record = excluded.record'),
      remove: db.prepare('DELETE FROM schedules WHERE namespace = ? AND schedule_id = ?'),
    };
  }

  loadAll(): ScheduleRecord[] {
    return (this.stmts.all.all() as Array<{ record: Buffer }>).map((r) => v8.deserialize(r.record) as ScheduleRecord);
  }

  save(rec: ScheduleRecord): void {
    this.stmts.upsert.run(rec.namespace, rec.scheduleId, v8.serialize(rec));
  }

  remove(namespace: string, scheduleId: string): void {
    this.stmts.remove.run(namespace, scheduleId);
  }
}
