import Database from 'better-sqlite3';
import { compileVisibilityQuery, type VisibilityQueryOptions } from '../../embedded-temporal/visibility/query';

/** A visibility table shaped the way the embedded service stores executions, with known rows. */
export interface Row {
  workflow_id: string;
  run_id: string;
  workflow_type: string;
  status: number;
  start_time: number;
  close_time: number | null;
  execution_time: number;
  task_queue: string;
  history_length: number;
  search_attributes: string;
}

const t = (iso: string) => Date.parse(iso);

const ROWS: Row[] = [
  row('wf-a1', 'approve', 1, '2026-01-05T08:00:00Z', null, 'main', { Street: '东城', Priority: 3, Tags: ['urgent', 'vote'], Due: '2026-03-01T00:00:00.000Z', Vip: true }),
  row('wf-a2', 'approve', 2, '2025-12-20T09:30:00Z', '2026-01-02T10:00:00Z', 'main', { Street: '西城', Priority: 1, Note: 'Owners committee formed' }),
  row('wf-b1', 'vetting', 3, '2026-02-01T00:00:00Z', '2026-02-03T00:00:00Z', 'other', { Priority: 5, Tags: ['vote'], Due: '2026-01-15T00:00:00.000Z', Vip: false }),
  row('wf-b2', 'vetting', 5, '2026-01-10T00:00:00.000Z', '2026-01-11T00:00:00.000Z', 'main', {}),
  row('Wf-c', 'approve', 7, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', 'main', { Street: '东城' }),
  row('wf%_x', 'pairing', 6, '2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z', 'main', {}),
  row("o'brien", 'pairing', 4, '2025-07-01T00:00:00Z', '2025-07-01T01:00:00Z', 'main', { Street: "o'brien street" }),
];

function row(id: string, type: string, status: number, start: string, close: string | null, queue: string, sa: object): Row {
  return {
    workflow_id: id, run_id: `run-${id}`, workflow_type: type, status, start_time: t(start),
    close_time: close === null ? null : t(close), execution_time: t(start), task_queue: queue,
    history_length: close === null ? 5 : 11,
    search_attributes: JSON.stringify(sa),
  };
}

export function createVisibilityTable(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE executions (
    workflow_id TEXT NOT NULL, run_id TEXT PRIMARY KEY, workflow_type TEXT NOT NULL, status INTEGER NOT NULL,
    start_time INTEGER NOT NULL, close_time INTEGER, execution_time INTEGER NOT NULL, task_queue TEXT NOT NULL,
    history_length INTEGER NOT NULL, search_attributes TEXT NOT NULL DEFAULT '{}')`);
  const insert = db.prepare(`INSERT INTO executions VALUES (@workflow_id, @run_id, @workflow_type, @status,
    @start_time, @close_time, @execution_time, @task_queue, @history_length, @search_attributes)`);
  for (const r of ROWS) insert.run(r);
  return db;
}

/** Runs a List Filter against the table; returns the workflow ids (sorted unless the query orders). */
export function listIds(db: Database.Database, query: string, options?: VisibilityQueryOptions): string[] {
  const { where, params, orderBy } = compileVisibilityQuery(query, options);
  const sql = `SELECT workflow_id FROM executions WHERE ${where}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  const ids = db.prepare(sql).pluck().all(...params) as string[];
  return orderBy ? ids : [...ids].sort();
}

export const ALL_IDS = ROWS.map((r) => r.workflow_id).sort();
