import fs from 'node:fs';
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

// `migrate dev` and `migrate diff --from-migrations` replay each migration file on a shadow database
// through queryRaw, which better-sqlite3 refuses for more than one statement ("External error
// id#0", Prisma 6.19). Scripts without parameters go through executeScript instead there.
function withScriptAwareShadowDb(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const isScript = (q: { sql: string; args: unknown[] }) => {
    if (q.args.length > 0) return false;
    const body = q.sql.replace(/--[^\n]*/g, '').trim().replace(/;$/, '');
    return body === '' || body.includes(';'); // a comment-only file (empty migration) is a script too
  };
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const shadow = await connectToShadowDb();
    const queryRaw = shadow.queryRaw.bind(shadow);
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.queryRaw = async (q) => {
      if (!isScript(q)) return queryRaw(q);
      await shadow.executeScript(q.sql);
      return { columnNames: [], columnTypes: [], rows: [] };
    };
    shadow.executeRaw = async (q) => {
      if (!isScript(q)) return executeRaw(q);
      await shadow.executeScript(q.sql);
      return 0;
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  adapter: async () => {
    // The adapter opens (creates) the file even for `migrate diff`; a missing data directory
    // would surface as the opaque "External error id#0".
    const url = appDatabaseUrl();
    if (url.startsWith('file:')) fs.mkdirSync(path.dirname(url.slice('file:'.length)), { recursive: true });
    return withScriptAwareShadowDb(new PrismaBetterSQLite3({ url }));
  },
});
