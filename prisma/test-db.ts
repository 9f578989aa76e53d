// A fresh, migrated database in a temporary directory, for tests and benchmarks of every part.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma, type PrismaClient } from './client';
import { migrateDatabase } from './migrate';

export interface TestDatabase {
  dbPath: string;
  prisma: PrismaClient;
  /** disconnects and deletes the directory */
  cleanup(): Promise<void>;
}

export function createTestDatabase(prefix = 'gridflow-db-'): TestDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dbPath = path.join(dir, 'gridflow.db');
  migrateDatabase(dbPath);
  const prisma = createPrisma(dbPath);
  return {
    dbPath,
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
