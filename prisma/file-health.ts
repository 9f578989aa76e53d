// Is a SQLite file of gridflow usable? Checked at start (a bad file stops startup) and by
// GET /api/health (503), so a damaged or read-only file is reported by name with what to do,
// instead of the server claiming to be ready while every route answers 500.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface DatabaseFileProblem {
  /** the file, as given */
  file: string;
  problem: 'damaged' | 'read-only' | 'missing' | 'unreadable';
  message: string;
}

const RESTORE = 'stop gridflow and restore it from your latest backup (`npm run backup`, docs/operations.md "Restoring")';

type QuickCheckOutcome = { findings: string[] } | { error: string };

function quickCheckHere(file: string): QuickCheckOutcome {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1_000 });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    return { findings: rows.map((r) => r.quick_check).filter((r) => r !== 'ok') };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  } finally {
    db?.close();
  }
}

// the same check in a worker thread: quick_check reads the whole file, which on a large database
// would hold up every request of a running server
const QUICK_CHECK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 1000 });
  parentPort.postMessage({ findings: db.pragma('quick_check').map((r) => r.quick_check).filter((r) => r !== 'ok') });
} catch (e) {
  parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
} finally {
  if (db) db.close();
}`;

function quickCheckInWorker(file: string): Promise<QuickCheckOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(QUICK_CHECK_WORKER, { eval: true, workerData: { module: require.resolve('better-sqlite3'), file } });
    worker.once('message', (m: QuickCheckOutcome) => resolve(m));
    worker.once('error', (e) => resolve({ error: e.message }));
    worker.once('exit', () => resolve({ error: 'the check ended without an answer' }));
  });
}

/** present (unless `mayBeAbsent`), readable and writable with its folder (SQLite keeps -wal and -shm there) */
function accessProblem(file: string, opts: { mayBeAbsent?: boolean }): DatabaseFileProblem | 'absent' | null {
  if (!fs.existsSync(file)) {
    if (opts.mayBeAbsent) return 'absent';
    return { file, problem: 'missing', message: `${file} is missing: ${RESTORE}` };
  }
  for (const target of [file, path.dirname(file)]) {
    try {
      fs.accessSync(target, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      const what = target === file ? 'the file' : `its folder ${target}`;
      return { file, problem: 'read-only', message: `${file} cannot be written (${what} is read-only or not ours): make ${what} readable and writable by the user running gridflow` };
    }
  }
  return null;
}

function judge(file: string, outcome: QuickCheckOutcome): DatabaseFileProblem | null {
  if ('findings' in outcome) {
    if (!outcome.findings.length) return null;
    return { file, problem: 'damaged', message: `${file} is damaged (SQLite quick_check: ${outcome.findings.slice(0, 3).join('; ')}): ${RESTORE}` };
  }
  const damaged = /not a database|malformed|corrupt/i.test(outcome.error);
  return { file, problem: damaged ? 'damaged' : 'unreadable', message: `${file} ${damaged ? 'is damaged' : 'cannot be read'} (${outcome.error}): ${damaged ? RESTORE : 'check its owner and permissions'}` };
}

/** Checks one database file: access (see accessProblem), then SQLite's `PRAGMA quick_check`. */
export function checkDatabaseFile(file: string, opts: { mayBeAbsent?: boolean } = {}): DatabaseFileProblem | null {
  const access = accessProblem(file, opts);
  if (access === 'absent') return null;
  return access ?? judge(file, quickCheckHere(file));
}

/** checkDatabaseFile with quick_check in a worker thread, for a server that keeps serving meanwhile */
export async function checkDatabaseFileInBackground(file: string): Promise<DatabaseFileProblem | null> {
  const access = accessProblem(file, {});
  if (access === 'absent') return null;
  return access ?? judge(file, await quickCheckInWorker(file));
}

export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
  constructor(readonly problems: DatabaseFileProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

/** throws DatabaseFileError naming every bad file */
export function assertDatabaseFilesUsable(files: string[], opts: { mayBeAbsent?: boolean } = {}): void {
  const problems = files.map((f) => checkDatabaseFile(f, opts)).filter((p): p is DatabaseFileProblem => p !== null);
  if (problems.length) throw new DatabaseFileError(problems);
}
