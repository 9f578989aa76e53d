import Database from 'better-sqlite3';
import * as path from 'node:path';

/**
 * Small single-row write transactions per second on the disk holding `dir`, with the journal
 * mode and synchronous level the embedded service uses (embedded-temporal/store.ts: WAL,
 * synchronous=NORMAL). The ceiling a commit-bound service could not exceed.
 */
export function measureCommitRate(dir: string, seconds = 1.5, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): number {
  const db = new Database(path.join(dir, `commit-rate-${synchronous.toLowerCase()}.db`));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commit = db.transaction((v: string) => insert.run(v));
    const payload = 'x'.repeat(200);
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    let commits = 0;
    while (performance.now() < deadline) {
      for (let i = 0; i < 50; i += 1) commit(payload);
      commits += 50;
    }
    return commits / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}
