import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listMigrations, migrateDatabase, MigrationError } from '../../prisma/migrate';
import { createPrisma } from '../../prisma/client';

const root = path.join(__dirname, '..', '..');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-migrate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('an empty file gets every migration, once', () => {
  const dbPath = path.join(dir, 'g.db');
  const names = listMigrations().map((m) => m.name);
  expect(names.length).toBeGreaterThan(0);
  expect(migrateDatabase(dbPath)).toEqual(names);
  expect(migrateDatabase(dbPath)).toEqual([]);
  const db = new Database(dbPath);
  const rows = db.prepare('SELECT migration_name, applied_steps_count, finished_at FROM _prisma_migrations').all();
  expect(rows).toHaveLength(names.length);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  db.close();
});

test('the Prisma client reads and writes the migrated database', async () => {
  const dbPath = path.join(dir, 'g.db');
  migrateDatabase(dbPath);
  const prisma = createPrisma(dbPath);
  try {
    const city = await prisma.unit.create({ data: { code: 'c', name: '衢州市', nameEn: 'Quzhou', kind: 'city' } });
    await prisma.unit.create({ data: { code: 's', name: '府山街道', nameEn: 'Fushan', kind: 'street', parentId: city.id } });
    const found = await prisma.unit.findUnique({ where: { code: 's' }, include: { parent: true } });
    expect(found?.parent?.name).toBe('衢州市');
  } finally {
    await prisma.$disconnect();
  }
});

test('a migration edited after it was applied is refused by name', () => {
  const migrationsDir = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(migrationsDir, '20200101000000_a'), { recursive: true });
  const file = path.join(migrationsDir, '20200101000000_a', 'migration.sql');
  fs.writeFileSync(file, 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);');
  const dbPath = path.join(dir, 'g.db');
  migrateDatabase(dbPath, { migrationsDir });
  fs.writeFileSync(file, 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY, "x" TEXT);');
  expect(() => migrateDatabase(dbPath, { migrationsDir })).toThrow(MigrationError);
  expect(() => migrateDatabase(dbPath, { migrationsDir })).toThrow(/20200101000000_a/);
});

test('a failing migration leaves no trace and names itself', () => {
  const migrationsDir = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(migrationsDir, '20200101000000_bad'), { recursive: true });
  fs.writeFileSync(
    path.join(migrationsDir, '20200101000000_bad', 'migration.sql'),
    'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY); INSERT INTO "Nope" VALUES (1);',
  );
  const dbPath = path.join(dir, 'g.db');
  expect(() => migrateDatabase(dbPath, { migrationsDir })).toThrow(/20200101000000_bad.*Nope/);
  const db = new Database(dbPath);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'B'").all()).toEqual([]);
  expect(db.prepare('SELECT * FROM _prisma_migrations').all()).toEqual([]);
  db.close();
});

test('prisma migrate status agrees that the database is up to date', () => {
  const dbPath = path.join(dir, 'g.db');
  migrateDatabase(dbPath);
  const out = execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'status'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: 'file:' + dbPath },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(out).toMatch(/Database schema is up to date/);
});

test('the migrations produce exactly the schema in schema.prisma (no change left without a migration)', () => {
  const out = execFileSync(
    path.join(root, 'node_modules', '.bin', 'prisma'),
    ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    { cwd: root, env: { ...process.env, DATABASE_URL: 'file:' + path.join(dir, 'cli.db') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const sql = out.split('\n').filter((l) => l.trim() && !l.startsWith('--') && !l.startsWith('Loaded Prisma'));
  expect(sql).toEqual([]);
});

test('openDatabase migrates and seeds a new data directory once', async () => {
  const { openDatabase } = await import('../../prisma');
  const first = await openDatabase(path.join(dir, 'data'), { seed: true });
  expect(first.migrationsApplied.length).toBeGreaterThan(0);
  expect(first.seeded).toBe(true);
  await first.prisma.$disconnect();
  const second = await openDatabase(path.join(dir, 'data'), { seed: true });
  expect([second.migrationsApplied, second.seeded]).toEqual([[], false]);
  expect(await second.prisma.user.count({ where: { username: 'admin' } })).toBe(1);
  await second.prisma.$disconnect();
});

test('a database migrated by `prisma migrate deploy` needs nothing more from migrateDatabase', () => {
  const dbPath = path.join(dir, 'cli.db');
  execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: 'file:' + dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(migrateDatabase(dbPath)).toEqual([]);
});
