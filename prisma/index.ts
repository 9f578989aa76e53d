// Opening gridflow's database the way the app does: migrate, connect, and on first start load the
// demo district so there is someone to log in as.
import path from 'node:path';
import { createPrisma, type PrismaClient } from './client';
import { migrateDatabase } from './migrate';
import { seedDemoData } from './seed';

export { createPrisma, writeTransaction, isBusy, BUSY_TIMEOUT_MS } from './client';
export { migrateDatabase, MigrationError } from './migrate';
export { seedDemoData, demoLogins, DEMO_PASSWORD, type DemoLogin } from './seed';
export { formatAreaM2, parseAreaM2, AreaFormatError } from './area';

export interface OpenedDatabase {
  prisma: PrismaClient;
  dbPath: string;
  migrationsApplied: string[];
  seeded: boolean;
}

/** dataDir/gridflow.db, migrated; seeded with the demo district when `seed` and the database is empty. */
export async function openDatabase(dataDir: string, opts: { seed?: boolean } = {}): Promise<OpenedDatabase> {
  const dbPath = path.join(dataDir, 'gridflow.db');
  const migrationsApplied = migrateDatabase(dbPath);
  const prisma = createPrisma(dbPath);
  const seeded = opts.seed ? (await seedDemoData(prisma)).seeded : false;
  return { prisma, dbPath, migrationsApplied, seeded };
}
