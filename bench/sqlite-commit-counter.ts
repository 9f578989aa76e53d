/**
 * Bench-only instrumentation, loaded (by child-report.ts) into a gridflow process before it opens
 * a database: counts the SQLite write transactions the process commits, so the bench can report
 * commits per workflow or per review. It wraps better-sqlite3's `transaction()` (counting outermost successful calls) and
 * `Statement.run()` outside a transaction (SQLite commits each such statement by itself).
 */
import Database from 'better-sqlite3';

export const commitCounts = { transactions: 0, autocommitWrites: 0 };

type Fn = (...args: unknown[]) => unknown;

function counted(db: Database.Database, variant: Fn): Fn {
  return function (this: unknown, ...args: unknown[]) {
    const outermost = !db.inTransaction;
    const result = variant.apply(this, args);
    if (outermost) commitCounts.transactions += 1;
    return result;
  };
}

const databaseProto = Database.prototype as unknown as { transaction: (fn: Fn) => Fn };
const originalTransaction = databaseProto.transaction;
databaseProto.transaction = function (this: Database.Database, fn: Fn): Fn {
  const transaction = originalTransaction.call(this, fn) as Fn & Record<string, unknown>;
  const wrapped = counted(this, transaction) as Fn & Record<string, unknown>;
  for (const variant of ['default', 'deferred', 'immediate', 'exclusive']) {
    const original = transaction[variant];
    if (typeof original === 'function') {
      Object.defineProperty(wrapped, variant, { value: counted(this, original as Fn) });
    }
  }
  Object.defineProperty(wrapped, 'database', { value: this });
  return wrapped;
};

const probe = new Database(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: Fn };
probe.close();
const originalRun = statementProto.run;
statementProto.run = function (this: Database.Statement, ...args: unknown[]) {
  const autocommit = !this.database.inTransaction && !this.reader;
  const result = originalRun.apply(this, args);
  if (autocommit) commitCounts.autocommitWrites += 1;
  return result;
};
