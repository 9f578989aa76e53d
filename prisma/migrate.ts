// Applies gridflow's migrations without the Prisma CLI: the app does it at start and the tests do
// it for every fresh database, where spawning `prisma migrate deploy` would cost seconds each time.
// The bookkeeping matches Prisma's own `_prisma_migrations` table (same columns, checksum = sha256
// of the migration file), so `prisma migrate status / deploy / dev` agree with what ran here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

export class MigrationError extends Error {
  constructor(
    readonly migrationName: string,
    message: string,
  ) {
    super(`migration ${migrationName}: ${message}`);
    this.name = 'MigrationError';
  }
}

// Verbatim the table Prisma's schema engine creates for SQLite.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** The migration folders in name order (their timestamp prefix orders them). */
export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: crypto.createHash('sha256').update(bytes).digest('hex') };
    });
}

// Prisma writes timestamps as RFC 3339 with an explicit offset.
function prismaTimestamp(d = new Date()): string {
  return d.toISOString().replace('Z', '+00:00');
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

/**
 * Brings the SQLite file at dbPath up to the newest migration and returns the names applied now.
 * Safe to call from several processes at once: each migration runs in an IMMEDIATE transaction
 * that re-checks the table first.
 */
export function migrateDatabase(dbPath: string, opts: { migrationsDir?: string } = {}): string[] {
  fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(MIGRATIONS_TABLE);
    const applied: string[] = [];
    for (const m of listMigrations(opts.migrationsDir)) {
      const run = db.transaction(() => {
        const rows = db
          .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = ?')
          .all(m.name) as AppliedRow[];
        const done = rows.find((r) => r.finished_at !== null && r.rolled_back_at === null);
        if (done) {
          if (done.checksum !== m.checksum) {
            throw new MigrationError(m.name, 'was changed after it was applied (checksum differs); add a new migration instead');
          }
          return false;
        }
        if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) {
          throw new MigrationError(m.name, 'failed earlier and is recorded as unfinished; resolve it with `prisma migrate resolve`');
        }
        const startedAt = prismaTimestamp();
        try {
          db.exec(m.sql);
        } catch (e) {
          throw new MigrationError(m.name, (e as Error).message);
        }
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
        ).run(crypto.randomUUID(), m.checksum, prismaTimestamp(), m.name, startedAt);
        return true;
      });
      if (run.immediate()) applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}
