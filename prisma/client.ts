// One way to open gridflow's database: the Prisma client over better-sqlite3 (no engine binary).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaClient, type Prisma } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { isBusyDriverError, retryOnBusy, withRetry } from './busy-retry';

export type { PrismaClient } from '@prisma/client';

/**
 * How long a statement waits for another connection's lock before SQLITE_BUSY. Short on purpose:
 * better-sqlite3 waits synchronously, blocking the whole process (HTTP, SSE, the worker) meanwhile;
 * busy-retry.ts and writeTransaction retry asynchronously instead. Share one PrismaClient per process.
 */
export const BUSY_TIMEOUT_MS = 50;
/** how long writeTransaction keeps retrying a busy database before giving up */
export const WRITE_RETRY_BUDGET_MS = 15_000;

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
  const adapter = retryOnBusy(new PrismaBetterSQLite3({ url: 'file:' + abs, timeout: BUSY_TIMEOUT_MS }), { budgetMs: WRITE_RETRY_BUDGET_MS });
  return new PrismaClient({ adapter });
}

/**
 * An interactive transaction that takes SQLite's write lock before its first read. Prisma begins
 * transactions DEFERRED: two connections that both read and then write would have the second fail
 * with SQLITE_BUSY (a stale WAL snapshot cannot be upgraded). Taking the lock first makes the loser
 * fail at once, before reading; it then retries after a pause and reads fresh data, which is what
 * the idempotent "find, else create" callers need. fn may therefore run more than once.
 */
export async function writeTransaction<T>(prisma: PrismaClient, fn: (tx: Prisma.TransactionClient) => Promise<T>, opts: { timeout?: number } = {}): Promise<T> {
  return withRetry(
    () => prisma.$transaction(
      async (tx) => {
        // a write that changes nothing still starts a write transaction
        await tx.$executeRawUnsafe('UPDATE "_prisma_migrations" SET "id" = "id" WHERE 0');
        return fn(tx);
      },
      { maxWait: WRITE_RETRY_BUDGET_MS, timeout: opts.timeout ?? 30_000 },
    ),
    { budgetMs: WRITE_RETRY_BUDGET_MS },
    isBusy,
  );
}

/** SQLITE_BUSY, as thrown by better-sqlite3 or through Prisma (P1008 with the adapter's error) */
export function isBusy(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (/SQLITE_BUSY|database is locked/.test(e.message)) return true;
  const meta = (e as { code?: string; meta?: { driverAdapterError?: unknown } }).meta;
  return isBusyDriverError(e) || isBusyDriverError(meta?.driverAdapterError);
}
