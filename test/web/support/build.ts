// Builds the web app (plus test harness pages) once per test file into a temp folder, so tests
// never race the server's own server/web/dist.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../../server/web/build';

export async function buildForTest(): Promise<{ dir: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'gridflow-web-'));
  await buildWeb({
    outdir: dir,
    minify: false,
    extraEntries: { 'gov-modeler-harness': join(__dirname, '../harness/gov-modeler-harness.ts') },
  });
  copyFileSync(join(__dirname, '../harness/gov-modeler.html'), join(dir, 'gov-modeler.html'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
