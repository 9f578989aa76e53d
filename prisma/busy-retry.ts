// Two processes may write gridflow.db at once (the server, and `npm run worker` beside it). SQLite
// lets one write at a time: the other's statement fails with SQLITE_BUSY once the short busy
// timeout passes (short, because better-sqlite3 waits synchronously and blocks its whole process).
// This adapter wrapper retries such a statement asynchronously — the event loop keeps serving
// meanwhile — whenever retrying is safe: a statement outside a transaction, or the first statement
// of a transaction (nothing read yet, so no stale snapshot to upgrade). A later statement of a
// transaction is not retried in place; writeTransaction (client.ts) retries the whole transaction.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

export interface BusyRetryOptions {
  /** give up (and let the error through) after this long */
  budgetMs: number;
}

/**
 * SQLITE_BUSY as the better-sqlite3 adapter reports it: it maps SQLITE_BUSY to a DriverAdapterError
 * of kind SocketTimeout, and lets the extended codes (SQLITE_BUSY_SNAPSHOT: a write on a stale WAL
 * snapshot) through as better-sqlite3's own SqliteError.
 */
export function isBusyDriverError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  const cause = (e as { cause?: { kind?: string; originalCode?: string } }).cause;
  return e.name === 'DriverAdapterError' && (cause?.kind === 'SocketTimeout' || (cause?.originalCode ?? '').startsWith('SQLITE_BUSY'));
}

export function retryOnBusy(factory: SqlDriverAdapterFactory, options: BusyRetryOptions): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === 'connect') return async () => wrapAdapter(await target.connect(), options);
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function wrapAdapter(adapter: SqlDriverAdapter, options: BusyRetryOptions): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'queryRaw') return (q: SqlQuery) => withRetry(() => target.queryRaw(q), options);
      if (prop === 'executeRaw') return (q: SqlQuery) => withRetry(() => target.executeRaw(q), options);
      if (prop === 'startTransaction') return async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => wrapTransaction(await target.startTransaction(...args), options);
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function wrapTransaction(tx: Transaction, options: BusyRetryOptions): Transaction {
  let statements = 0;
  const run = <T>(fn: () => Promise<T>) => (statements++ === 0 ? withRetry(fn, options) : fn());
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === 'queryRaw') return (q: SqlQuery) => run(() => target.queryRaw(q));
      if (prop === 'executeRaw') return (q: SqlQuery) => run(() => target.executeRaw(q));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Runs fn until it succeeds, fails with something other than busy, or the budget is spent. */
export async function withRetry<T>(fn: () => Promise<T>, { budgetMs }: BusyRetryOptions, busy: (e: unknown) => boolean = isBusyDriverError): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!busy(e) || Date.now() > giveUpAt) throw e;
      // jittered backoff: the other process's transactions are short; do not march in step with them
      await new Promise((r) => setTimeout(r, Math.min(100, 2 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
