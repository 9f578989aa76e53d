// One way to open gridflow's database: the Prisma client over better-sqlite3 (no engine binary).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export type { PrismaClient } from '@prisma/client';

/** How long a writer waits for another connection's lock before SQLITE_BUSY (server + worker share the file). */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * A PrismaClient on the SQLite file at dbPath. The file is put in WAL mode (persistent in the file)
 * so the server's reads never wait for the worker's writes. Run migrateDatabase(dbPath) first.
 */
export function createPrisma(dbPath: string): PrismaClient {
  const abs = path.resolve(dbPath);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const db = new Database(abs, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  // better-sqlite3's `timeout` is SQLite's busy_timeout for the adapter's own connection.
  const adapter = new PrismaBetterSQLite3({ url: 'file:' + abs, timeout: BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}
