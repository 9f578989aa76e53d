// Online backup of a running gridflow: gridflow.db and temporal.db copied as ONE consistent cut,
// without stopping the server.   npm run backup -- <dataDir> <backupDir>
//
// Why a cut and not two copies: the two files are written by one program in a causal order
// (an activity writes its Task row, then Temporal records the activity done; the server accepts a
// completion in Temporal, then an activity closes the row). Two copies taken seconds apart can
// hold a completion in one file and not the other, which no restart repairs. A cut at one instant
// is exactly the state a kill -9 at that instant leaves, which gridflow recovers from.
//
// How: take gridflow.db's write lock (BEGIN IMMEDIATE; writers wait, they do not fail), pin a read
// snapshot of temporal.db and one of gridflow.db, release the lock (held for about a millisecond),
// then copy both pinned snapshots with SQLite's online backup API while the server keeps writing.
// temporal.db may still record something in that millisecond; it can only be a step whose gridflow.db
// writes happened before the lock (so they are in the copy) or are still to come (an activity the
// restored service runs again; every gridflow activity is idempotent).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  gridflowDb: string;
  temporalDb: string;
  /** when the cut was taken */
  cutAt: Date;
  /** how long gridflow.db's writers were held back, in ms */
  lockHeldMs: number;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** Copies dataDir/{gridflow,temporal}.db into backupDir (created; existing copies are replaced). */
export async function backupGridflow(dataDir: string, backupDir: string): Promise<BackupResult> {
  const sources = { gridflow: path.join(dataDir, 'gridflow.db'), temporal: path.join(dataDir, 'temporal.db') };
  for (const file of Object.values(sources)) if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist: is ${dataDir} gridflow's data folder?`);
  fs.mkdirSync(backupDir, { recursive: true });
  const targets = { gridflow: path.join(backupDir, 'gridflow.db'), temporal: path.join(backupDir, 'temporal.db') };
  for (const file of Object.values(targets)) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });

  // 5 s: the lock waits for a write transaction in progress to finish
  const lock = new Database(sources.gridflow, { timeout: 5_000 });
  const gridflow = new Database(sources.gridflow, { readonly: true });
  const temporal = new Database(sources.temporal, { readonly: true });
  const pin = (db: Database.Database) => {
    db.exec('BEGIN');
    // a read starts the snapshot; BEGIN alone does not
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  };
  try {
    let cutAt: Date;
    let lockHeldMs: number;
    lock.exec('BEGIN IMMEDIATE');
    const locked = process.hrtime.bigint();
    try {
      pin(temporal);
      pin(gridflow);
      cutAt = new Date();
    } finally {
      lock.exec('ROLLBACK');
      lockHeldMs = Number(process.hrtime.bigint() - locked) / 1e6;
    }
    // the backup API reads through the pinned transaction: later writes are not copied
    await temporal.backup(targets.temporal);
    await gridflow.backup(targets.gridflow);
    for (const file of Object.values(targets)) {
      const check = new Database(file, { readonly: true });
      try {
        const result = check.pragma('quick_check', { simple: true });
        if (result !== 'ok') throw new BackupError(`${file}: quick_check says ${String(result)}`);
      } finally {
        check.close();
      }
    }
    return { gridflowDb: targets.gridflow, temporalDb: targets.temporal, cutAt, lockHeldMs };
  } finally {
    for (const db of [temporal, gridflow]) if (db.inTransaction) db.exec('COMMIT');
    temporal.close();
    gridflow.close();
    lock.close();
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const usage = 'usage: npm run backup -- <dataDir> <backupDir>   (or: npx tsx scripts/backup.ts <dataDir> <backupDir>)';
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  const [dataDir, backupDir] = args;
  if (!dataDir || !backupDir) {
    console.error(usage);
    process.exit(2);
  }
  backupGridflow(path.resolve(dataDir), path.resolve(backupDir)).then(
    (r) => console.log(`backed up at ${r.cutAt.toISOString()} (writers held ${r.lockHeldMs.toFixed(1)} ms):\n  ${r.gridflowDb}\n  ${r.temporalDb}`),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
