/**
 * SQLite persistence (better-sqlite3). Three tables: the history events of every run, the mutable
 * state blob of every run, and the visibility row of every run (the columns H2's query compiler
 * targets). Callers group all writes of one state change into one `transaction`.
 *
 * Durability: WAL with synchronous=NORMAL by default. In WAL mode a commit is written to the WAL
 * file before `COMMIT` returns, so a killed process (kill -9, crash, OOM) loses nothing that was
 * acknowledged; only an OS crash or power cut can drop the last transactions (never corrupt the
 * file). That matches what we promise — survive the service process dying — at several times the
 * throughput of FULL (one fsync per commit). `durability: 'full'` is there for hosts that need it.
 */
import Database from 'better-sqlite3';
import * as v8 from 'node:v8';
import { encodeEvent, type IHistoryEvent } from './proto';
import type { ExecutionState } from './state';

export interface VisibilityRow {
  namespace: string;
  workflow_id: string;
  run_id: string;
  workflow_type: string;
  task_queue: string;
  status: number;
  start_time: number;
  close_time: number | null;
  execution_time: number;
  history_length: number;
  memo: Buffer | null;
  search_attributes: string;
}

export class Store {
  readonly db: Database.Database;
  private stmts;

  constructor(path: string, durability: 'normal' | 'full' = 'normal') {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS executions (
        run_id TEXT PRIMARY KEY, namespace TEXT NOT NULL, workflow_id TEXT NOT NULL,
        open INTEGER NOT NULL, seq INTEGER NOT NULL, state BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS executions_by_id ON executions(namespace, workflow_id, seq);
      CREATE INDEX IF NOT EXISTS executions_open ON executions(open) WHERE open = 1;
      CREATE TABLE IF NOT EXISTS events (
        run_id TEXT NOT NULL, event_id INTEGER NOT NULL, data BLOB NOT NULL,
        PRIMARY KEY (run_id, event_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS visibility (
        namespace TEXT NOT NULL, workflow_id TEXT NOT NULL, run_id TEXT PRIMARY KEY,
        workflow_type TEXT NOT NULL, task_queue TEXT NOT NULL, status INTEGER NOT NULL,
        start_time INTEGER NOT NULL, close_time INTEGER, execution_time INTEGER NOT NULL,
        history_length INTEGER NOT NULL, memo BLOB, search_attributes TEXT NOT NULL DEFAULT '{}');
      CREATE INDEX IF NOT EXISTS visibility_by_start ON visibility(namespace, start_time DESC);
    `);
    this.tx = this.db.transaction((fn: () => void) => fn());
    this.stmts = {
      upsertExecution: this.db.prepare(
        `INSERT INTO executions (run_id, namespace, workflow_id, open, seq, state) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(run_id) DO UPDATE SET open = excluded.open, state = excluded.state`),
      insertEvent: this.db.prepare('INSERT INTO events (run_id, event_id, data) VALUES (?, ?, ?)'),
      loadOpen: this.db.prepare('SELECT state FROM executions WHERE open = 1 ORDER BY seq'),
      loadExecution: this.db.prepare('SELECT state FROM executions WHERE run_id = ?'),
      latestRun: this.db.prepare('SELECT run_id FROM executions WHERE namespace = ? AND workflow_id = ? ORDER BY seq DESC LIMIT 1'),
      maxSeq: this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM executions'),
      events: this.db.prepare('SELECT data FROM events WHERE run_id = ? ORDER BY event_id'),
      upsertVisibility: this.db.prepare(
        `INSERT INTO visibility (namespace, workflow_id, run_id, workflow_type, task_queue, status, start_time, close_time,
           execution_time, history_length, memo, search_attributes)
         VALUES (@namespace, @workflow_id, @run_id, @workflow_type, @task_queue, @status, @start_time, @close_time,
           @execution_time, @history_length, @memo, @search_attributes)
         ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, close_time = excluded.close_time,
           history_length = excluded.history_length, memo = excluded.memo, search_attributes = excluded.search_attributes`),
    };
  }

  private readonly tx: (fn: () => void) => void;

  transaction(fn: () => void): void {
    this.tx(fn);
  }

  saveExecution(state: ExecutionState, open: boolean, seq: number): void {
    this.stmts.upsertExecution.run(state.runId, state.namespace, state.workflowId, open ? 1 : 0, seq, v8.serialize(state));
  }

  /** Writes the events and returns their encodings (kept to build later responses). */
  appendEvents(runId: string, events: IHistoryEvent[]): Uint8Array[] {
    return events.map((ev) => {
      const bytes = encodeEvent(ev);
      this.stmts.insertEvent.run(runId, Number(ev.eventId), bytes);
      return bytes;
    });
  }

  saveVisibility(row: VisibilityRow): void {
    this.stmts.upsertVisibility.run(row);
  }

  loadOpenExecutions(): ExecutionState[] {
    return (this.stmts.loadOpen.all() as Array<{ state: Buffer }>).map((r) => v8.deserialize(r.state) as ExecutionState);
  }

  loadExecution(runId: string): ExecutionState | undefined {
    const row = this.stmts.loadExecution.get(runId) as { state: Buffer } | undefined;
    return row ? (v8.deserialize(row.state) as ExecutionState) : undefined;
  }

  latestRunId(namespace: string, workflowId: string): string | undefined {
    return (this.stmts.latestRun.get(namespace, workflowId) as { run_id: string } | undefined)?.run_id;
  }

  maxSeq(): number {
    return (this.stmts.maxSeq.get() as { s: number }).s;
  }

  /** A run's history as stored (encoded); Execution decodes an event only when it is read. */
  loadEvents(runId: string): { encoded: Uint8Array[] } {
    const rows = this.stmts.events.all(runId) as Array<{ data: Buffer }>;
    return { encoded: rows.map((r) => r.data) };
  }

  close(): void {
    this.db.close();
  }
}
