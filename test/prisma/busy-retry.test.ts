// The server and `npm run worker` write gridflow.db from two processes. While one holds SQLite's
// write lock, the other's writes must wait for it (asynchronously) instead of failing.
import Database from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';
import { writeTransaction, isBusy } from '../../prisma/client';

let db: TestDatabase;
let other: Database.Database;

beforeEach(() => {
  db = createTestDatabase('gridflow-busy-');
  // a second connection stands for the other process: SQLite's locks are per connection
  other = new Database(db.dbPath);
});

afterEach(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await db.cleanup();
});

/** the other process takes the write lock and keeps it for `ms` */
function holdWriteLock(ms: number): Promise<void> {
  other.exec('BEGIN IMMEDIATE');
  return new Promise((resolve) => setTimeout(() => {
    other.exec('COMMIT');
    resolve();
  }, ms));
}

const unit = (code: string) => ({ code, name: code, nameEn: code, kind: 'street' });

it('a write outside a transaction waits for the other process and then succeeds', async () => {
  const released = holdWriteLock(400);
  const created = await db.prisma.unit.create({ data: unit('street-busy-1') });
  await released;
  expect(created.code).toBe('street-busy-1');
  expect(await db.prisma.unit.count({ where: { code: 'street-busy-1' } })).toBe(1);
});

it('a batch transaction waits for the lock and writes all of its statements', async () => {
  const released = holdWriteLock(400);
  await db.prisma.$transaction([db.prisma.unit.create({ data: unit('street-busy-2') }), db.prisma.unit.create({ data: unit('street-busy-3') })]);
  await released;
  expect(await db.prisma.unit.count({ where: { code: { in: ['street-busy-2', 'street-busy-3'] } } })).toBe(2);
});

it('writeTransaction (read, then write) waits for the lock and reads what the other process committed', async () => {
  const released = holdWriteLock(400);
  // the other process writes the row inside its locked transaction
  other.prepare("INSERT INTO Unit (code, name, nameEn, kind) VALUES ('street-busy-4', 'other', 'other', 'street')").run();
  const seen = await writeTransaction(db.prisma, async (tx) => {
    const found = await tx.unit.findUnique({ where: { code: 'street-busy-4' } });
    if (!found) await tx.unit.create({ data: unit('street-busy-4') });
    return found?.name ?? 'created here';
  });
  await released;
  expect(seen).toBe('other');
  expect(await db.prisma.unit.count({ where: { code: 'street-busy-4' } })).toBe(1);
});

it('the process keeps serving while it waits (the wait is not a synchronous busy loop)', async () => {
  const released = holdWriteLock(400);
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 20);
  try {
    await db.prisma.unit.create({ data: unit('street-busy-5') });
  } finally {
    clearInterval(ticker);
  }
  await released;
  // 400 ms of waiting leaves room for many 20 ms ticks; a blocked event loop would run almost none
  expect(ticks).toBeGreaterThanOrEqual(5);
});

it('isBusy recognises the error Prisma reports for a locked database', async () => {
  other.exec('BEGIN IMMEDIATE');
  const tx = db.prisma.$transaction(async (t) => {
    await t.unit.findMany({ take: 1 });
    other.exec('COMMIT'); // commits after our read: our snapshot is stale, the write cannot proceed
    other.exec('BEGIN IMMEDIATE');
    await t.unit.create({ data: unit('street-busy-6') });
  });
  const error = await tx.then(() => undefined, (e: unknown) => e);
  expect(error).toBeDefined();
  expect(isBusy(error)).toBe(true);
});
