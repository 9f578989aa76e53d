// GET /api/health: 200 {ok:true} only when gridflow can really work — the database answers and
// every SQLite file (gridflow.db, temporal.db when embedded) passes SQLite's quick_check and is
// writable. Otherwise 503 naming each bad file and what to do, so a load balancer or an operator
// sees the fault before users see failing pages. quick_check reads the whole file (in a worker
// thread, so requests go on meanwhile); a healthy result is reused for healthCheckMs, a failure is
// re-checked on every call.
import path from 'node:path';
import type { AppDeps } from '../deps';
import { ServiceUnavailableError } from '../errors';
import { route } from '../http/route';
import { checkDatabaseFileInBackground, type DatabaseFileProblem } from '../../prisma/file-health';

export function healthRoute(deps: AppDeps) {
  const files = deps.databaseFiles ?? [];
  const trustMs = deps.healthCheckMs ?? 15_000;
  let healthyUntil = 0;
  // callers arriving while a check runs share it: a burst of health requests starts one check
  let running: Promise<DatabaseFileProblem[]> | null = null;
  const checkFiles = async (): Promise<DatabaseFileProblem[]> => {
    const problems: DatabaseFileProblem[] = [];
    for (const file of files) {
      const p = await checkDatabaseFileInBackground(file);
      // anyone may ask: name the file, not where the server keeps it
      const name = path.basename(file);
      if (p) problems.push({ ...p, file: name, message: p.message.split(file).join(name) });
    }
    return problems;
  };
  return route({
    method: 'get',
    path: '/health',
    tag: 'meta',
    summary: 'Health: the database answers and every SQLite file is intact and writable (503 naming a bad file)',
    access: 'public',
    responses: { 503: { description: 'a database file is damaged, read-only or missing (details name it)' } },
    async handler() {
      const problems: DatabaseFileProblem[] = [];
      if (Date.now() >= healthyUntil) {
        running ??= checkFiles().finally(() => (running = null));
        problems.push(...(await running));
      }
      if (!problems.length) {
        try {
          await deps.prisma.$queryRaw`SELECT 1`;
        } catch (e) {
          problems.push({ file: 'gridflow.db', problem: 'unreadable', message: `the database does not answer: ${e instanceof Error ? e.message : String(e)}` });
        }
      }
      if (problems.length) {
        healthyUntil = 0;
        throw new ServiceUnavailableError(problems.map((p) => p.message).join('\n'), { problems });
      }
      if (Date.now() >= healthyUntil) healthyUntil = Date.now() + trustMs;
      return { ok: true };
    },
  });
}
