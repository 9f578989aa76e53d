// `npx tsx prisma/seed/main.ts [dbPath]`: migrate and seed a database by hand (the app does both at
// start). Default path: $GRIDFLOW_DATA/gridflow.db, else ./data/gridflow.db.
import path from 'node:path';
import { createPrisma } from '../client';
import { migrateDatabase } from '../migrate';
import { DEMO_PASSWORD, demoLogins, seedDemoData } from './index';

async function main() {
  const dbPath = process.argv[2] ?? path.join(process.env.GRIDFLOW_DATA ?? path.join(process.cwd(), 'data'), 'gridflow.db');
  const applied = migrateDatabase(dbPath);
  const prisma = createPrisma(dbPath);
  try {
    const { seeded } = await seedDemoData(prisma);
    console.log(`${dbPath}: ${applied.length} migration(s) applied; demo data ${seeded ? 'loaded' : 'already present, left alone'}`);
    console.log(`demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of demoLogins()) console.log(`  ${l.username.padEnd(24)} ${l.role.padEnd(9)} ${l.unit.padEnd(34)} ${l.does}`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
