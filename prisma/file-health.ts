// Is a SQLite file of gridflow usable? Checked at start (a bad file stops startup) and by
// GET /api/health (503), so a damaged or read-only file is reported by name with what to do,
// instead of the server claiming to be ready while every route answers 500.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface DatabaseFileProblem {
  /** the file, as given */
  file: string;
  problem: 'damaged' | 'read-only' | 'missing' | 'unreadable';
  message: string;
}

const RESTORE = 'stop gridflow and restore it from your latest backup (`npm run backup`, docs/operations.md "Restoring")';

/**
 * Checks one database file: present (unless `mayBeAbsent`, at first start), readable and writable
 * (with its folder, where SQLite keeps the -wal and -shm files), and SQLite's `PRAGMA quick_check`.
 */
export function checkDatabaseFile(file: string, opts: { mayBeAbsent?: boolean } = {}): DatabaseFileProblem | null {
  if (!fs.existsSync(file)) {
    if (opts.mayBeAbsent) return null;
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
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1_000 });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const findings = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (findings.length) return { file, problem: 'damaged', message: `${file} is damaged (SQLite quick_check: ${findings.slice(0, 3).join('; ')}): ${RESTORE}` };
    return null;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const damaged = /not a database|malformed|corrupt/i.test(reason);
    return { file, problem: damaged ? 'damaged' : 'unreadable', message: `${file} ${damaged ? 'is damaged' : 'cannot be read'} (${reason}): ${damaged ? RESTORE : 'check its owner and permissions'}` };
  } finally {
    db?.close();
  }
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
