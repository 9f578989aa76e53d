import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// The js schema engine needs no downloaded binary: migrations run through the same
// better-sqlite3 driver the app uses. The database file follows GRIDFLOW_DATA like the app does.
export function appDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = process.env.GRIDFLOW_DATA ?? path.join(__dirname, 'data');
  return `file:${path.join(dataDir, 'gridflow.db')}`;
}

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  adapter: async () => new PrismaBetterSQLite3({ url: appDatabaseUrl() }),
});
